/**
 * Attaching managed policies to users and roles: Attach/Detach/ListAttached for both, with the
 * same rules (a customer managed policy of the account or an AWS managed policy; a missing one
 * is `Policy <arn> does not exist or is not attachable.`; attaching twice changes nothing; at
 * most ten per entity; detaching what is not attached is NoSuchEntity). Attachments are ARNs in
 * the entity's `attachedPolicies`; counts are computed when a policy is read, never stored.
 */
import { limitExceeded, noSuchEntity } from '../../errors.ts';
import { check } from '../../protocol/validate.ts';
import type { Role, User } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { authorizedRole, authorizedUser, findManagedPolicy, policyNotFound } from './lookup.ts';
import { arnClauses, checkPolicyPathPrefix, nameClauses, parsePolicyArn } from './names.ts';
import { paginate } from './paging.ts';

const MAX_ATTACHED = 10;

interface Kind {
  nameParam: 'UserName' | 'RoleName';
  field: 'userName' | 'roleName';
  verb: 'User' | 'Role';
  find: (call: QueryCall, action: string, name: string, context?: Record<string, string>) => User | Role;
}

const USER: Kind = { nameParam: 'UserName', field: 'userName', verb: 'User', find: authorizedUser };
const ROLE: Kind = { nameParam: 'RoleName', field: 'roleName', verb: 'Role', find: authorizedRole };

function attach(kind: Kind) {
  return (call: QueryCall) => {
    const name = call.params.get(kind.nameParam);
    const arn = call.params.get('PolicyArn');
    check(...nameClauses(name, kind.field, 64), ...arnClauses(arn, 'policyArn'));
    const entity = kind.find(call, `iam:Attach${kind.verb}Policy`, name!, { 'iam:PolicyARN': arn! });
    const policy = findManagedPolicy(call.state, call.principal.account, arn!);
    if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    if (entity.attachedPolicies.has(policy.arn)) return undefined;
    if (entity.attachedPolicies.size >= MAX_ATTACHED) {
      throw limitExceeded(`Cannot exceed quota for PoliciesPer${kind.verb}: ${MAX_ATTACHED}`);
    }
    entity.attachedPolicies.add(policy.arn);
    return undefined;
  };
}

function detach(kind: Kind) {
  return (call: QueryCall) => {
    const name = call.params.get(kind.nameParam);
    const arn = call.params.get('PolicyArn');
    check(...nameClauses(name, kind.field, 64), ...arnClauses(arn, 'policyArn'));
    const entity = kind.find(call, `iam:Detach${kind.verb}Policy`, name!, { 'iam:PolicyARN': arn! });
    findManagedPolicy(call.state, call.principal.account, arn!); // a malformed ARN is InvalidInput
    if (!entity.attachedPolicies.has(arn!)) throw policyNotFound(arn!);
    entity.attachedPolicies.delete(arn!);
    return undefined;
  };
}

function listAttached(kind: Kind) {
  return (call: QueryCall) => {
    const name = call.params.get(kind.nameParam);
    const prefix = call.params.get('PathPrefix');
    check(...nameClauses(name, kind.field, 64));
    checkPolicyPathPrefix(prefix);
    const entity = kind.find(call, `iam:ListAttached${kind.verb}Policies`, name!);
    const attached = [...entity.attachedPolicies]
      .map((arn) => ({ arn, parts: parsePolicyArn(arn) }))
      .filter(({ parts }) => parts !== undefined && parts.path.startsWith(prefix ?? '/'))
      .map(({ arn, parts }) => ({ PolicyName: parts!.name, PolicyArn: arn }));
    const { items, truncation } = paginate(attached, (p) => `${p.PolicyName.toLowerCase()}/${p.PolicyArn}`, call.params);
    return { AttachedPolicies: items, ...truncation };
  };
}

export const attachUserPolicy = attach(USER);
export const detachUserPolicy = detach(USER);
export const listAttachedUserPolicies = listAttached(USER);
export const attachRolePolicy = attach(ROLE);
export const detachRolePolicy = detach(ROLE);
export const listAttachedRolePolicies = listAttached(ROLE);
