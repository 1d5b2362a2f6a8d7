/**
 * IAM roles: CreateRole (trust policy parsed as a trust policy and its IAM principals checked
 * to exist, MaxSessionDuration 3600–43200 defaulting to 3600, path, description, tags,
 * permissions boundary), GetRole, DeleteRole (refused while policies remain), ListRoles,
 * UpdateRole, UpdateAssumeRolePolicy (which restarts the trust policy's simulated propagation)
 * and the role tag operations. Whether a role may be assumed is decided by STS AssumeRole.
 */
import type { QueryParams } from '../../protocol/query-params.ts';
import { check, length, pattern, range } from '../../protocol/validate.ts';
import type { Role } from '../../store.ts';
import { queryOperation } from '../operation.ts';
import { creationAccess, requireNewEntity } from './creation.ts';
import { parseTrustDocument } from './documents.ts';
import { listByPath, pathListingAccess, pathListingInput } from './list-by-path.ts';
import { existingRole, requireBoundaryPolicy, roleAccess, roleResource, usableAt } from './lookup.ts';
import { arnClauses, DESCRIPTION_PATTERN, documentClauses, nameClauses, pathClauses, roleArn } from './names.ts';
import { newPrincipal } from './new-principal.ts';
import { requireNoPolicies } from './require-no-policies.ts';
import { roleOutput } from './shapes.ts';
import { tagOperations } from './tag-operations.ts';
import { readTags } from './tags.ts';

const TRUST_ACCOUNT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] });

function descriptionClauses(value: string | undefined) {
  return [length(value, 'description', 0, 1000), pattern(value, 'description', DESCRIPTION_PATTERN)];
}

/** RoleName alone, as GetRole, DeleteRole and the role tag operations take it. */
function roleNameInput(params: QueryParams) {
  const name = params.get('RoleName');
  check(...nameClauses(name, 'roleName', 64));
  return { roleName: name! };
}

export const createRole = queryOperation({
  input(params) {
    const name = params.get('RoleName');
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
    return { name: name!, path: params.get('Path') ?? '/', trustText: trustText!, description, maxSession, boundary, tags };
  },
  access: creationAccess('Role', roleArn),
  invoke(input, { state, principal }) {
    const account = principal.account;
    requireNewEntity('Role', input, account.roles.keys());
    const trustPolicy = parseTrustDocument(state, input.trustText);
    if (input.boundary !== undefined) requireBoundaryPolicy(state, account, input.boundary);
    const common = newPrincipal(state, { ...input, arn: roleArn(account.id, input.path, input.name), idPrefix: 'AROA' });
    const role: Role = {
      kind: 'role',
      ...common,
      trustPolicy,
      description: input.description,
      maxSessionDuration: input.maxSession === undefined ? 3600 : Number(input.maxSession),
      trustUsableAt: common.usableAt,
    };
    account.roles.set(role.name, role);
    return { Role: roleOutput(role, 'create') };
  },
  example: { RoleName: 'example-role', AssumeRolePolicyDocument: TRUST_ACCOUNT },
});

export const getRole = queryOperation({
  input: roleNameInput,
  access: roleAccess('iam:GetRole'),
  invoke: ({ roleName }, { principal }) => ({ Role: roleOutput(existingRole(principal.account, roleName), 'get') }),
  example: { RoleName: 'reader' },
});

export const deleteRole = queryOperation({
  input: roleNameInput,
  access: roleAccess('iam:DeleteRole'),
  invoke({ roleName }, { principal }) {
    const role = existingRole(principal.account, roleName);
    requireNoPolicies(role);
    principal.account.roles.delete(role.name);
    return undefined;
  },
  example: { RoleName: 'reader' },
});

export const listRoles = queryOperation({
  input: pathListingInput,
  access: pathListingAccess('iam:ListRoles', roleArn),
  invoke(listing, { principal }) {
    const { items, truncation } = listByPath(listing, principal.account.roles.values());
    return { Roles: items.map((r) => roleOutput(r, 'list')), ...truncation };
  },
  example: {},
});

export const updateRole = queryOperation({
  input(params) {
    const name = params.get('RoleName');
    const description = params.get('Description');
    const maxSession = params.get('MaxSessionDuration');
    check(...nameClauses(name, 'roleName', 64), ...descriptionClauses(description), range(maxSession, 'maxSessionDuration', 3600, 43200));
    return { roleName: name!, description, maxSession };
  },
  access: roleAccess('iam:UpdateRole'),
  invoke({ roleName, description, maxSession }, { principal }) {
    const role = existingRole(principal.account, roleName);
    if (description !== undefined) role.description = description;
    if (maxSession !== undefined) role.maxSessionDuration = Number(maxSession);
    return {};
  },
  example: { RoleName: 'reader', MaxSessionDuration: 7200 },
});

export const updateAssumeRolePolicy = queryOperation({
  input(params) {
    const name = params.get('RoleName');
    const text = params.get('PolicyDocument');
    check(...nameClauses(name, 'roleName', 64), ...documentClauses(text, 'policyDocument'));
    return { roleName: name!, text: text! };
  },
  access: roleAccess('iam:UpdateAssumeRolePolicy'),
  invoke({ roleName, text }, { state, principal }) {
    const role = existingRole(principal.account, roleName);
    role.trustPolicy = parseTrustDocument(state, text);
    role.trustUsableAt = usableAt(state);
    return undefined;
  },
  example: { RoleName: 'reader', PolicyDocument: TRUST_ACCOUNT.replace('root', 'user/alice') },
});

const roleTags = tagOperations({
  verb: 'Role',
  idParam: 'RoleName',
  idClauses: (name) => nameClauses(name, 'roleName', 64),
  resource: (name, { principal }) => roleResource(principal.account, name),
  find: (name, { principal }) => existingRole(principal.account, name),
  example: 'reader',
});
export const tagRole = roleTags.tag;
export const untagRole = roleTags.untag;
export const listRoleTags = roleTags.listTags;
