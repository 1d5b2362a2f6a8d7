/**
 * Inline policies embedded in users and roles: Put/Get/Delete/List for both. Put parses the
 * document as an identity policy and enforces IAM's aggregate size quotas (2048 characters per
 * user, 10240 per role, whitespace not counted); Get returns the document URL-encoded; a
 * missing one is `The user policy with name X cannot be found.` (or role). Managed policies and
 * their attachments are handled elsewhere.
 */
import { limitExceeded, noSuchEntity } from '../../errors.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { check } from '../../protocol/validate.ts';
import type { Account, PolicyDocument, Role, User } from '../../store.ts';
import { queryOperation, type Access } from '../operation.ts';
import { encodeDocument, parseDocument, policySize } from './documents.ts';
import { existingRole, existingUser, roleResource, userResource } from './lookup.ts';
import { documentClauses, nameClauses } from './names.ts';
import { paginate } from './paging.ts';

const EXAMPLE_DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });

interface Kind {
  nameParam: 'UserName' | 'RoleName';
  field: 'userName' | 'roleName';
  nameMax: number;
  verb: 'User' | 'Role';
  noun: 'user' | 'role';
  sizeQuota: number;
  resource: (account: Account, name: string) => string;
  existing: (account: Account, name: string) => User | Role;
  example: string;
}

const USER: Kind = {
  nameParam: 'UserName', field: 'userName', nameMax: 128, verb: 'User', noun: 'user', sizeQuota: 2048, resource: userResource, existing: existingUser, example: 'alice',
};
const ROLE: Kind = {
  nameParam: 'RoleName', field: 'roleName', nameMax: 64, verb: 'Role', noun: 'role', sizeQuota: 10240, resource: roleResource, existing: existingRole, example: 'reader',
};

/** The entity's name and (for all but List) the policy name, checked, plus `more` clauses. */
function read(kind: Kind, params: QueryParams, withPolicyName: boolean, ...more: (string | undefined)[]) {
  const name = params.get(kind.nameParam);
  const policyName = params.get('PolicyName');
  check(...nameClauses(name, kind.field, kind.nameMax), ...(withPolicyName ? nameClauses(policyName, 'policyName', 128) : []), ...more);
  return { name: name!, policyName: policyName!, params };
}

function access(kind: Kind, action: string): Access<{ name: string }> {
  return { action: `iam:${action}`, resource: ({ name }, call) => kind.resource(call.principal.account, name) };
}

function existing(kind: Kind, entity: User | Role, policyName: string): PolicyDocument {
  const document = entity.inlinePolicies.get(policyName);
  if (!document) throw noSuchEntity(`The ${kind.noun} policy with name ${policyName} cannot be found.`);
  return document;
}

function put(kind: Kind) {
  return queryOperation({
    input(params) {
      const text = params.get('PolicyDocument');
      return { ...read(kind, params, true, ...documentClauses(text, 'policyDocument')), text: text! };
    },
    access: access(kind, `Put${kind.verb}Policy`),
    invoke({ name, policyName, text }, { principal }) {
      const entity = kind.existing(principal.account, name);
      const document = parseDocument(text, 'identity');
      let total = policySize(text);
      for (const [other, doc] of entity.inlinePolicies) if (other !== policyName) total += policySize(doc.text);
      if (total > kind.sizeQuota) {
        throw limitExceeded(`Maximum policy size of ${kind.sizeQuota} bytes exceeded for ${kind.noun} ${entity.name}`);
      }
      entity.inlinePolicies.set(policyName, document);
      return undefined;
    },
    example: { [kind.nameParam]: kind.example, PolicyName: 'example', PolicyDocument: EXAMPLE_DOCUMENT },
  });
}

function get(kind: Kind) {
  return queryOperation({
    input: (params) => read(kind, params, true),
    access: access(kind, `Get${kind.verb}Policy`),
    invoke({ name, policyName }, { principal }) {
      const entity = kind.existing(principal.account, name);
      const document = existing(kind, entity, policyName);
      return { [kind.nameParam]: entity.name, PolicyName: policyName, PolicyDocument: encodeDocument(document.text) };
    },
    example: { [kind.nameParam]: kind.example, PolicyName: 'inline' },
  });
}

function remove(kind: Kind) {
  return queryOperation({
    input: (params) => read(kind, params, true),
    access: access(kind, `Delete${kind.verb}Policy`),
    invoke({ name, policyName }, { principal }) {
      const entity = kind.existing(principal.account, name);
      existing(kind, entity, policyName);
      entity.inlinePolicies.delete(policyName);
      return undefined;
    },
    example: { [kind.nameParam]: kind.example, PolicyName: 'inline' },
  });
}

function list(kind: Kind) {
  return queryOperation({
    input: (params) => read(kind, params, false),
    access: access(kind, `List${kind.verb}Policies`),
    invoke({ name, params }, { principal }) {
      const entity = kind.existing(principal.account, name);
      const { items, truncation } = paginate([...entity.inlinePolicies.keys()], (n) => n, params);
      return { PolicyNames: items, ...truncation };
    },
    example: { [kind.nameParam]: kind.example },
  });
}

export const putUserPolicy = put(USER);
export const getUserPolicy = get(USER);
export const deleteUserPolicy = remove(USER);
export const listUserPolicies = list(USER);
export const putRolePolicy = put(ROLE);
export const getRolePolicy = get(ROLE);
export const deleteRolePolicy = remove(ROLE);
export const listRolePolicies = list(ROLE);
