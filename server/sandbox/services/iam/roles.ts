/**
 * IAM roles: CreateRole (trust policy parsed as a trust policy and its IAM principals checked
 * to exist, MaxSessionDuration 3600–43200 defaulting to 3600, path, description, tags,
 * permissions boundary), GetRole, DeleteRole (refused while policies remain), ListRoles,
 * UpdateRole, UpdateAssumeRolePolicy (which restarts the trust policy's simulated propagation)
 * and the role tag operations. Whether a role may be assumed is decided by STS AssumeRole.
 */
import { check, length, pattern, range } from '../../protocol/validate.ts';
import type { Role } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { authorizeCreation } from './authorize-creation.ts';
import { parseTrustDocument } from './documents.ts';
import { listByPath } from './list-by-path.ts';
import { authorizedRole, requireBoundaryPolicy, usableAt } from './lookup.ts';
import { arnClauses, DESCRIPTION_PATTERN, documentClauses, nameClauses, pathClauses, roleArn } from './names.ts';
import { newPrincipal } from './new-principal.ts';
import { requireNoPolicies } from './require-no-policies.ts';
import { roleOutput } from './shapes.ts';
import { tagOperations } from './tag-operations.ts';
import { readTags } from './tags.ts';

function descriptionClauses(value: string | undefined) {
  return [length(value, 'description', 0, 1000), pattern(value, 'description', DESCRIPTION_PATTERN)];
}

export function createRole(call: QueryCall) {
  const { state, principal, params } = call;
  const name = params.get('RoleName');
  const path = params.get('Path') ?? '/';
  const trustText = params.get('AssumeRolePolicyDocument');
  const description = params.get('Description');
  const maxSession = params.get('MaxSessionDuration');
  const boundary = params.get('PermissionsBoundary');
  const { tags, clauses } = readTags(params);
  check(
    ...pathClauses(params.get('Path')),
    ...nameClauses(name, 'roleName', 64),
    ...documentClauses(trustText, 'assumeRolePolicyDocument'),
    ...descriptionClauses(description),
    range(maxSession, 'maxSessionDuration', 3600, 43200),
    ...arnClauses(boundary, 'permissionsBoundary', true),
    ...clauses,
  );
  const account = principal.account;
  const arn = roleArn(account.id, path, name!);
  authorizeCreation(call, { noun: 'Role', name: name!, arn, tags, boundary, taken: account.roles.keys() });
  const trustPolicy = parseTrustDocument(state, trustText!);
  if (boundary !== undefined) requireBoundaryPolicy(state, account, boundary);
  const common = newPrincipal(state, { name: name!, path, arn, idPrefix: 'AROA', tags, boundary });
  const role: Role = {
    kind: 'role',
    ...common,
    trustPolicy,
    description,
    maxSessionDuration: maxSession === undefined ? 3600 : Number(maxSession),
    trustUsableAt: common.usableAt,
  };
  account.roles.set(role.name, role);
  return { Role: roleOutput(role, 'create') };
}

export function getRole(call: QueryCall) {
  const name = call.params.get('RoleName');
  check(...nameClauses(name, 'roleName', 64));
  return { Role: roleOutput(authorizedRole(call, 'iam:GetRole', name!), 'get') };
}

export function deleteRole(call: QueryCall) {
  const name = call.params.get('RoleName');
  check(...nameClauses(name, 'roleName', 64));
  const role = authorizedRole(call, 'iam:DeleteRole', name!);
  requireNoPolicies(role);
  call.principal.account.roles.delete(role.name);
  return undefined;
}

export function listRoles(call: QueryCall) {
  const { items, truncation } = listByPath(call, 'iam:ListRoles', roleArn, call.principal.account.roles.values());
  return { Roles: items.map((r) => roleOutput(r, 'list')), ...truncation };
}

export function updateRole(call: QueryCall) {
  const name = call.params.get('RoleName');
  const description = call.params.get('Description');
  const maxSession = call.params.get('MaxSessionDuration');
  check(...nameClauses(name, 'roleName', 64), ...descriptionClauses(description), range(maxSession, 'maxSessionDuration', 3600, 43200));
  const role = authorizedRole(call, 'iam:UpdateRole', name!);
  if (description !== undefined) role.description = description;
  if (maxSession !== undefined) role.maxSessionDuration = Number(maxSession);
  return {};
}

export function updateAssumeRolePolicy(call: QueryCall) {
  const name = call.params.get('RoleName');
  const text = call.params.get('PolicyDocument');
  check(...nameClauses(name, 'roleName', 64), ...documentClauses(text, 'policyDocument'));
  const role = authorizedRole(call, 'iam:UpdateAssumeRolePolicy', name!);
  role.trustPolicy = parseTrustDocument(call.state, text!);
  role.trustUsableAt = usableAt(call.state);
  return undefined;
}

const roleTags = tagOperations({ verb: 'Role', idParam: 'RoleName', idClauses: (name) => nameClauses(name, 'roleName', 64), find: authorizedRole });
export const tagRole = roleTags.tag;
export const untagRole = roleTags.untag;
export const listRoleTags = roleTags.listTags;
