/**
 * IAM users: CreateUser (path, tags, permissions boundary), GetUser (the caller when no name is
 * given; the root's own record for root credentials), DeleteUser (refused while the user still
 * has access keys, an MFA device, inline or attached policies, in that order and in AWS's
 * words), ListUsers, UpdateUser (rename and move, carrying keys, devices and sessions along),
 * and the user tag operations. Access keys, policies and MFA devices have their own modules.
 */
import { deleteConflict, entityAlreadyExists } from '../../errors.ts';
import { check } from '../../protocol/validate.ts';
import type { User } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { authorizeCreation } from './authorize-creation.ts';
import { listByPath } from './list-by-path.ts';
import {
  accessKeysOf, allow, authorizedUser, requireBoundaryPolicy, rootArn, targetUserName,
} from './lookup.ts';
import { arnClauses, nameClauses, pathClauses, sameName, userArn } from './names.ts';
import { newPrincipal } from './new-principal.ts';
import { requireNoPolicies } from './require-no-policies.ts';
import { userOutput } from './shapes.ts';
import { tagOperations } from './tag-operations.ts';
import { readTags } from './tags.ts';

export function createUser(call: QueryCall) {
  const { state, principal, params } = call;
  const name = params.get('UserName');
  const path = params.get('Path') ?? '/';
  const boundary = params.get('PermissionsBoundary');
  const { tags, clauses } = readTags(params);
  check(...nameClauses(name, 'userName', 64), ...pathClauses(params.get('Path')), ...arnClauses(boundary, 'permissionsBoundary', true), ...clauses);
  const account = principal.account;
  const arn = userArn(account.id, path, name!);
  authorizeCreation(call, { noun: 'User', name: name!, arn, tags, boundary, taken: account.users.keys() });
  if (boundary !== undefined) requireBoundaryPolicy(state, account, boundary);
  const user: User = {
    kind: 'user',
    ...newPrincipal(state, { name: name!, path, arn, idPrefix: 'AIDA', tags, boundary }),
    mfaSerials: new Set(),
  };
  account.users.set(user.name, user);
  return { User: userOutput(user) };
}

export function getUser(call: QueryCall) {
  const given = call.params.get('UserName');
  check(...nameClauses(given, 'userName', 128, true));
  const target = targetUserName(call, given);
  const account = call.principal.account;
  if (target === 'root') {
    allow(call, 'iam:GetUser', rootArn(account));
    const created = Math.min(call.state.clock.now(), ...[...account.users.values()].map((u) => u.createDate.getTime()));
    return { User: { UserId: account.id, Arn: rootArn(account), CreateDate: new Date(created) } };
  }
  return { User: userOutput(authorizedUser(call, 'iam:GetUser', target)) };
}

export function deleteUser(call: QueryCall) {
  const name = call.params.get('UserName');
  check(...nameClauses(name, 'userName', 128));
  const user = authorizedUser(call, 'iam:DeleteUser', name!);
  const account = call.principal.account;
  if (accessKeysOf(call.state, account, user.name).length) throw deleteConflict('Cannot delete entity, must delete access keys first.');
  if (user.mfaSerials.size) throw deleteConflict('Cannot delete entity, must delete MFA device first.');
  requireNoPolicies(user);
  account.users.delete(user.name);
  return undefined;
}

export function listUsers(call: QueryCall) {
  const { items, truncation } = listByPath(call, 'iam:ListUsers', userArn, call.principal.account.users.values());
  return { Users: items.map((u) => userOutput(u, 'list')), ...truncation };
}

export function updateUser(call: QueryCall) {
  const { state, params } = call;
  const name = params.get('UserName');
  const newName = params.get('NewUserName');
  const newPath = params.get('NewPath');
  check(...nameClauses(name, 'userName', 128), ...nameClauses(newName, 'newUserName', 64, true), ...pathClauses(newPath, 'newPath'));
  const user = authorizedUser(call, 'iam:UpdateUser', name!);
  const account = call.principal.account;
  if (newName !== undefined && newName !== user.name) {
    if ([...account.users.keys()].some((existing) => existing !== user.name && sameName(existing, newName))) {
      throw entityAlreadyExists(`User with name ${newName} already exists.`);
    }
    for (const key of state.store.accessKeys.values()) if (key.accountId === account.id && key.userName === user.name) key.userName = newName;
    for (const device of account.mfaDevices.values()) if (device.userName === user.name) device.userName = newName;
    for (const session of state.store.sessions.values()) {
      if (session.accountId === account.id && session.source !== 'AssumeRole' && session.userName === user.name) session.userName = newName;
    }
    account.users.delete(user.name);
    user.name = newName;
    account.users.set(newName, user);
  }
  if (newPath !== undefined) user.path = newPath;
  user.arn = userArn(account.id, user.path, user.name);
  return undefined;
}

const userTags = tagOperations({ verb: 'User', idParam: 'UserName', idClauses: (name) => nameClauses(name, 'userName', 128), find: authorizedUser });
export const tagUser = userTags.tag;
export const untagUser = userTags.untag;
export const listUserTags = userTags.listTags;
