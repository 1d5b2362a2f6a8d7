/**
 * Attaching managed policies to users and roles: Attach/Detach/ListAttached for both, with the
 * same rules (a customer managed policy of the account or an AWS managed policy; a missing one
 * is `Policy <arn> does not exist or is not attachable.`; attaching twice changes nothing; at
 * most ten per entity; detaching what is not attached is NoSuchEntity). Attachments are ARNs in
 * the entity's `attachedPolicies`; counts are computed when a policy is read, never stored.
 */
import { limitExceeded, noSuchEntity } from '../../errors.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { check } from '../../protocol/validate.ts';
import type { Account, Role, User } from '../../store.ts';
import { queryOperation, type Access } from '../operation.ts';
import { existingRole, existingUser, findManagedPolicy, policyNotFound, roleResource, userResource } from './lookup.ts';
import { arnClauses, checkPolicyPathPrefix, nameClauses, parsePolicyArn } from './names.ts';
import { paginate } from './paging.ts';

const MAX_ATTACHED = 10;
const EXAMPLE_POLICY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

interface Kind {
  nameParam: 'UserName' | 'RoleName';
  field: 'userName' | 'roleName';
  verb: 'User' | 'Role';
  resource: (account: Account, name: string) => string;
  existing: (account: Account, name: string) => User | Role;
  example: string;
}

const USER: Kind = { nameParam: 'UserName', field: 'userName', verb: 'User', resource: userResource, existing: existingUser, example: 'alice' };
const ROLE: Kind = { nameParam: 'RoleName', field: 'roleName', verb: 'Role', resource: roleResource, existing: existingRole, example: 'reader' };

/** The entity and the policy ARN, as Attach and Detach take them. */
function attachmentInput(kind: Kind) {
  return (params: QueryParams) => {
    const name = params.get(kind.nameParam);
    const arn = params.get('PolicyArn');
    check(...nameClauses(name, kind.field, 64), ...arnClauses(arn, 'policyArn'));
    return { name: name!, arn: arn! };
  };
}

/** `action` on the entity, with the policy as `iam:PolicyARN`. */
function attachmentAccess(kind: Kind, action: string): Access<{ name: string; arn: string }> {
  return { action, resource: ({ name }, call) => kind.resource(call.principal.account, name), context: ({ arn }) => ({ 'iam:PolicyARN': arn }) };
}

function attach(kind: Kind) {
  return queryOperation({
    input: attachmentInput(kind),
    access: attachmentAccess(kind, `iam:Attach${kind.verb}Policy`),
    invoke({ name, arn }, { state, principal }) {
      const entity = kind.existing(principal.account, name);
      const policy = findManagedPolicy(state, principal.account, arn);
      if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
      if (entity.attachedPolicies.has(policy.arn)) return undefined;
      if (entity.attachedPolicies.size >= MAX_ATTACHED) {
        throw limitExceeded(`Cannot exceed quota for PoliciesPer${kind.verb}: ${MAX_ATTACHED}`);
      }
      entity.attachedPolicies.add(policy.arn);
      return undefined;
    },
    example: { [kind.nameParam]: kind.example, PolicyArn: EXAMPLE_POLICY },
  });
}

function detach(kind: Kind) {
  return queryOperation({
    input: attachmentInput(kind),
    access: attachmentAccess(kind, `iam:Detach${kind.verb}Policy`),
    invoke({ name, arn }, { state, principal }) {
      const entity = kind.existing(principal.account, name);
      findManagedPolicy(state, principal.account, arn); // a malformed ARN is InvalidInput
      if (!entity.attachedPolicies.has(arn)) throw policyNotFound(arn);
      entity.attachedPolicies.delete(arn);
      return undefined;
    },
    example: { [kind.nameParam]: kind.example, PolicyArn: EXAMPLE_POLICY },
  });
}

function listAttached(kind: Kind) {
  return queryOperation({
    input(params) {
      const name = params.get(kind.nameParam);
      const prefix = params.get('PathPrefix');
      check(...nameClauses(name, kind.field, 64));
      checkPolicyPathPrefix(prefix);
      return { name: name!, prefix: prefix ?? '/', params };
    },
    access: { action: `iam:ListAttached${kind.verb}Policies`, resource: ({ name }, call) => kind.resource(call.principal.account, name) },
    invoke({ name, prefix, params }, { principal }) {
      const entity = kind.existing(principal.account, name);
      const attached = [...entity.attachedPolicies]
        .map((arn) => ({ arn, parts: parsePolicyArn(arn) }))
        .filter(({ parts }) => parts !== undefined && parts.path.startsWith(prefix))
        .map(({ arn, parts }) => ({ PolicyName: parts!.name, PolicyArn: arn }));
      const { items, truncation } = paginate(attached, (p) => `${p.PolicyName.toLowerCase()}/${p.PolicyArn}`, params);
      return { AttachedPolicies: items, ...truncation };
    },
    example: { [kind.nameParam]: kind.example },
  });
}

export const attachUserPolicy = attach(USER);
export const detachUserPolicy = detach(USER);
export const listAttachedUserPolicies = listAttached(USER);
export const attachRolePolicy = attach(ROLE);
export const detachRolePolicy = detach(ROLE);
export const listAttachedRolePolicies = listAttached(ROLE);
