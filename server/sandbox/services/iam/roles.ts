/**
 * IAM roles: CreateRole (trust policy parsed as a trust policy and its IAM principals checked
 * to exist, MaxSessionDuration 3600–43200 defaulting to 3600, path, description, tags,
 * permissions boundary), GetRole, DeleteRole (refused while policies remain), ListRoles,
 * UpdateRole, UpdateAssumeRolePolicy (which restarts the trust policy's simulated propagation)
 * and the role tag operations. Whether a role may be assumed is decided by STS AssumeRole.
 */
import { deleteConflict, entityAlreadyExists } from '../../errors.ts';
import { check, length, pattern, range } from '../../protocol/validate.ts';
import type { Role } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { parseTrustDocument } from './documents.ts';
import { allow, authorizedRole, requireBoundaryPolicy, usableAt } from './lookup.ts';
import { arnClauses, DESCRIPTION_PATTERN, documentClauses, nameClauses, pathClauses, pathPrefixClauses, roleArn, sameName } from './names.ts';
import { paginate } from './paging.ts';
import { roleOutput } from './shapes.ts';
import { listTagsResult, mergeTags, readTagKeys, readTags, rejectDuplicateKeys, removeTags, tagContext } from './tags.ts';

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
  const context = tagContext(tags);
  if (boundary !== undefined) context['iam:PermissionsBoundary'] = boundary;
  allow(call, 'iam:CreateRole', arn, context);
  rejectDuplicateKeys(tags);
  if ([...account.roles.keys()].some((existing) => sameName(existing, name!))) {
    throw entityAlreadyExists(`Role with name ${name} already exists.`);
  }
  const trustPolicy = parseTrustDocument(state, trustText!);
  if (boundary !== undefined) requireBoundaryPolicy(state, account, boundary);
  const visibleAt = usableAt(state);
  const role: Role = {
    kind: 'role',
    name: name!,
    path,
    id: state.ids.uniqueId('AROA'),
    arn,
    createDate: new Date(state.clock.now()),
    tags,
    inlinePolicies: new Map(),
    attachedPolicies: new Set(),
    permissionsBoundary: boundary,
    trustPolicy,
    description,
    maxSessionDuration: maxSession === undefined ? 3600 : Number(maxSession),
    usableAt: visibleAt,
    trustUsableAt: visibleAt,
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
  if (role.inlinePolicies.size) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (role.attachedPolicies.size) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  call.principal.account.roles.delete(role.name);
  return undefined;
}

export function listRoles(call: QueryCall) {
  const prefix = call.params.get('PathPrefix');
  check(...pathPrefixClauses(prefix));
  const account = call.principal.account;
  allow(call, 'iam:ListRoles', roleArn(account.id, prefix ?? '/', ''));
  const roles = [...account.roles.values()].filter((r) => r.path.startsWith(prefix ?? '/'));
  const { items, truncation } = paginate(roles, (r) => r.name.toLowerCase(), call.params);
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

export function tagRole(call: QueryCall) {
  const name = call.params.get('RoleName');
  const { tags, clauses } = readTags(call.params, true);
  check(...nameClauses(name, 'roleName', 64), ...clauses);
  const role = authorizedRole(call, 'iam:TagRole', name!, tagContext(tags));
  role.tags = mergeTags(role.tags, tags);
  return undefined;
}

export function untagRole(call: QueryCall) {
  const name = call.params.get('RoleName');
  const { keys, clauses } = readTagKeys(call.params);
  check(...nameClauses(name, 'roleName', 64), ...clauses);
  const role = authorizedRole(call, 'iam:UntagRole', name!, { 'aws:TagKeys': keys });
  role.tags = removeTags(role.tags, keys);
  return undefined;
}

export function listRoleTags(call: QueryCall) {
  const name = call.params.get('RoleName');
  check(...nameClauses(name, 'roleName', 64));
  const role = authorizedRole(call, 'iam:ListRoleTags', name!);
  return listTagsResult(role.tags, call.params);
}
