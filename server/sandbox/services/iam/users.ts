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
import {
  accessKeysOf, allow, authorizedUser, requireBoundaryPolicy, rootArn, targetUserName, usableAt,
} from './lookup.ts';
import { arnClauses, nameClauses, pathClauses, pathPrefixClauses, sameName, userArn } from './names.ts';
import { paginate } from './paging.ts';
import { userOutput } from './shapes.ts';
import { listTagsResult, mergeTags, readTagKeys, readTags, rejectDuplicateKeys, removeTags, tagContext } from './tags.ts';

export function createUser(call: QueryCall) {
  const { state, principal, params } = call;
  const name = params.get('UserName');
  const path = params.get('Path') ?? '/';
  const boundary = params.get('PermissionsBoundary');
  const { tags, clauses } = readTags(params);
  check(...nameClauses(name, 'userName', 64), ...pathClauses(params.get('Path')), ...arnClauses(boundary, 'permissionsBoundary', true), ...clauses);
  const account = principal.account;
  const arn = userArn(account.id, path, name!);
  const context = tagContext(tags);
  if (boundary !== undefined) context['iam:PermissionsBoundary'] = boundary;
  allow(call, 'iam:CreateUser', arn, context);
  rejectDuplicateKeys(tags);
  if ([...account.users.keys()].some((existing) => sameName(existing, name!))) {
    throw entityAlreadyExists(`User with name ${name} already exists.`);
  }
  if (boundary !== undefined) requireBoundaryPolicy(state, account, boundary);
  const user: User = {
    kind: 'user',
    name: name!,
    path,
    id: state.ids.uniqueId('AIDA'),
    arn,
    createDate: new Date(state.clock.now()),
    tags,
    inlinePolicies: new Map(),
    attachedPolicies: new Set(),
    permissionsBoundary: boundary,
    mfaSerials: new Set(),
    usableAt: usableAt(state),
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
  if (user.inlinePolicies.size) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (user.attachedPolicies.size) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  account.users.delete(user.name);
  return undefined;
}

export function listUsers(call: QueryCall) {
  const prefix = call.params.get('PathPrefix');
  check(...pathPrefixClauses(prefix));
  const account = call.principal.account;
  allow(call, 'iam:ListUsers', userArn(account.id, prefix ?? '/', ''));
  const users = [...account.users.values()].filter((u) => u.path.startsWith(prefix ?? '/'));
  const { items, truncation } = paginate(users, (u) => u.name.toLowerCase(), call.params);
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
      if (session.accountId === account.id && session.source === 'GetSessionToken' && session.userName === user.name) session.userName = newName;
    }
    account.users.delete(user.name);
    user.name = newName;
    account.users.set(newName, user);
  }
  if (newPath !== undefined) user.path = newPath;
  user.arn = userArn(account.id, user.path, user.name);
  return undefined;
}

export function tagUser(call: QueryCall) {
  const name = call.params.get('UserName');
  const { tags, clauses } = readTags(call.params, true);
  check(...nameClauses(name, 'userName', 128), ...clauses);
  const user = authorizedUser(call, 'iam:TagUser', name!, tagContext(tags));
  user.tags = mergeTags(user.tags, tags);
  return undefined;
}

export function untagUser(call: QueryCall) {
  const name = call.params.get('UserName');
  const { keys, clauses } = readTagKeys(call.params);
  check(...nameClauses(name, 'userName', 128), ...clauses);
  const user = authorizedUser(call, 'iam:UntagUser', name!, { 'aws:TagKeys': keys });
  user.tags = removeTags(user.tags, keys);
  return undefined;
}

export function listUserTags(call: QueryCall) {
  const name = call.params.get('UserName');
  check(...nameClauses(name, 'userName', 128));
  const user = authorizedUser(call, 'iam:ListUserTags', name!);
  return listTagsResult(user.tags, call.params);
}
