/**
 * Inline policies embedded in users and roles: Put/Get/Delete/List for both. Put parses the
 * document as an identity policy and enforces IAM's aggregate size quotas (2048 characters per
 * user, 10240 per role, whitespace not counted); Get returns the document URL-encoded; a
 * missing one is `The user policy with name X cannot be found.` (or role). Managed policies and
 * their attachments are handled elsewhere.
 */
import { limitExceeded, noSuchEntity } from '../../errors.ts';
import { check } from '../../protocol/validate.ts';
import type { PolicyDocument, Role, User } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { encodeDocument, parseDocument, policySize } from './documents.ts';
import { authorizedRole, authorizedUser } from './lookup.ts';
import { documentClauses, nameClauses } from './names.ts';
import { paginate } from './paging.ts';

interface Kind {
  nameParam: 'UserName' | 'RoleName';
  field: 'userName' | 'roleName';
  nameMax: number;
  verb: 'User' | 'Role';
  noun: 'user' | 'role';
  sizeQuota: number;
  find: (call: QueryCall, action: string, name: string) => User | Role;
}

const USER: Kind = { nameParam: 'UserName', field: 'userName', nameMax: 128, verb: 'User', noun: 'user', sizeQuota: 2048, find: authorizedUser };
const ROLE: Kind = { nameParam: 'RoleName', field: 'roleName', nameMax: 64, verb: 'Role', noun: 'role', sizeQuota: 10240, find: authorizedRole };

function read(kind: Kind, call: QueryCall, withPolicyName: boolean) {
  const name = call.params.get(kind.nameParam);
  const policyName = call.params.get('PolicyName');
  return { name, policyName, clauses: [...nameClauses(name, kind.field, kind.nameMax), ...(withPolicyName ? nameClauses(policyName, 'policyName', 128) : [])] };
}

function existing(kind: Kind, entity: User | Role, policyName: string): PolicyDocument {
  const document = entity.inlinePolicies.get(policyName);
  if (!document) throw noSuchEntity(`The ${kind.noun} policy with name ${policyName} cannot be found.`);
  return document;
}

function put(kind: Kind) {
  return (call: QueryCall) => {
    const { name, policyName, clauses } = read(kind, call, true);
    const text = call.params.get('PolicyDocument');
    check(...clauses, ...documentClauses(text, 'policyDocument'));
    const entity = kind.find(call, `iam:Put${kind.verb}Policy`, name!);
    const document = parseDocument(text!, 'identity');
    let total = policySize(text!);
    for (const [other, doc] of entity.inlinePolicies) if (other !== policyName) total += policySize(doc.text);
    if (total > kind.sizeQuota) {
      throw limitExceeded(`Maximum policy size of ${kind.sizeQuota} bytes exceeded for ${kind.noun} ${entity.name}`);
    }
    entity.inlinePolicies.set(policyName!, document);
    return undefined;
  };
}

function get(kind: Kind) {
  return (call: QueryCall) => {
    const { name, policyName, clauses } = read(kind, call, true);
    check(...clauses);
    const entity = kind.find(call, `iam:Get${kind.verb}Policy`, name!);
    const document = existing(kind, entity, policyName!);
    return { [kind.nameParam]: entity.name, PolicyName: policyName, PolicyDocument: encodeDocument(document.text) };
  };
}

function remove(kind: Kind) {
  return (call: QueryCall) => {
    const { name, policyName, clauses } = read(kind, call, true);
    check(...clauses);
    const entity = kind.find(call, `iam:Delete${kind.verb}Policy`, name!);
    existing(kind, entity, policyName!);
    entity.inlinePolicies.delete(policyName!);
    return undefined;
  };
}

function list(kind: Kind) {
  return (call: QueryCall) => {
    const { name, clauses } = read(kind, call, false);
    check(...clauses);
    const entity = kind.find(call, `iam:List${kind.verb}Policies`, name!);
    const { items, truncation } = paginate([...entity.inlinePolicies.keys()], (n) => n, call.params);
    return { PolicyNames: items, ...truncation };
  };
}

export const putUserPolicy = put(USER);
export const getUserPolicy = get(USER);
export const deleteUserPolicy = remove(USER);
export const listUserPolicies = list(USER);
export const putRolePolicy = put(ROLE);
export const getRolePolicy = get(ROLE);
export const deleteRolePolicy = remove(ROLE);
export const listRolePolicies = list(ROLE);
