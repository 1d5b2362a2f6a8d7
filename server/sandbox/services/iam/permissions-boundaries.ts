/**
 * IAM permissions boundaries set and removed after creation: PutUserPermissionsBoundary,
 * PutRolePermissionsBoundary (the boundary must name an existing managed policy, customer or
 * AWS managed, with AWS's "Scope ARN … does not exist or is not attachable." otherwise; the
 * request carries `iam:PermissionsBoundary` as a condition key, so a policy can require a
 * particular boundary), DeleteUserPermissionsBoundary and DeleteRolePermissionsBoundary (a no-op
 * when none is set). CreateUser/CreateRole take one at creation (users.ts, roles.ts); GetUser and
 * GetRole show it (shapes.ts); auth/evaluate-access.ts applies it to the user, the role and the
 * role's sessions (identity ∩ boundary ∩ session policies).
 */
import type { QueryParams } from '../../protocol/query-params.ts';
import { check } from '../../protocol/validate.ts';
import { queryOperation } from '../operation.ts';
import { existingRole, existingUser, requireBoundaryPolicy, roleAccess, userAccess } from './lookup.ts';
import { arnClauses, nameClauses } from './names.ts';

const EXAMPLE_BOUNDARY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

function boundaryInput(params: QueryParams) {
  const boundary = params.get('PermissionsBoundary');
  check(...arnClauses(boundary, 'permissionsBoundary'));
  return boundary!;
}

function userInput(params: QueryParams) {
  const userName = params.get('UserName');
  check(...nameClauses(userName, 'userName', 64));
  return userName!;
}

function roleInput(params: QueryParams) {
  const roleName = params.get('RoleName');
  check(...nameClauses(roleName, 'roleName', 64));
  return roleName!;
}

const boundaryContext = ({ boundary }: { boundary: string }) => ({ 'iam:PermissionsBoundary': boundary });

export const putUserPermissionsBoundary = queryOperation({
  input: (params) => ({ userName: userInput(params), boundary: boundaryInput(params) }),
  access: userAccess<{ userName: string; boundary: string }>('iam:PutUserPermissionsBoundary', boundaryContext),
  invoke({ userName, boundary }, { state, principal }) {
    const user = existingUser(principal.account, userName);
    requireBoundaryPolicy(state, principal.account, boundary);
    user.permissionsBoundary = boundary;
  },
  example: { UserName: 'alice', PermissionsBoundary: EXAMPLE_BOUNDARY },
});

export const deleteUserPermissionsBoundary = queryOperation({
  input: (params) => ({ userName: userInput(params) }),
  access: userAccess('iam:DeleteUserPermissionsBoundary'),
  invoke({ userName }, { principal }) {
    delete existingUser(principal.account, userName).permissionsBoundary;
  },
  example: { UserName: 'alice' },
});

export const putRolePermissionsBoundary = queryOperation({
  input: (params) => ({ roleName: roleInput(params), boundary: boundaryInput(params) }),
  access: roleAccess<{ roleName: string; boundary: string }>('iam:PutRolePermissionsBoundary', boundaryContext),
  invoke({ roleName, boundary }, { state, principal }) {
    const role = existingRole(principal.account, roleName);
    requireBoundaryPolicy(state, principal.account, boundary);
    role.permissionsBoundary = boundary;
  },
  example: { RoleName: 'reader', PermissionsBoundary: EXAMPLE_BOUNDARY },
});

export const deleteRolePermissionsBoundary = queryOperation({
  input: (params) => ({ roleName: roleInput(params) }),
  access: roleAccess('iam:DeleteRolePermissionsBoundary'),
  invoke({ roleName }, { principal }) {
    delete existingRole(principal.account, roleName).permissionsBoundary;
  },
  example: { RoleName: 'reader' },
});
