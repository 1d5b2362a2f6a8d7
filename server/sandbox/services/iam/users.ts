/**
 * IAM users: CreateUser (path, tags, permissions boundary), GetUser (the caller when no name is
 * given; the root's own record for root credentials), DeleteUser (refused while the user still
 * has access keys, an MFA device, inline or attached policies, in that order and in AWS's
 * words), ListUsers, UpdateUser (rename and move, carrying keys, devices and sessions along),
 * and the user tag operations. Access keys, policies and MFA devices have their own modules.
 */
import { deleteConflict, entityAlreadyExists } from '../../errors.ts';
import { check } from '../../protocol/validate.ts';
import { queryOperation } from '../operation.ts';
import { creationAccess, requireNewEntity } from './creation.ts';
import { listByPath, pathListingAccess, pathListingInput } from './list-by-path.ts';
import {
  accessKeysOf, existingUser, requireBoundaryPolicy, rootArn, targetAccess, targetUserName, userAccess, userResource,
} from './lookup.ts';
import { arnClauses, nameClauses, pathClauses, sameName, userArn } from './names.ts';
import { newUser } from './new-principal.ts';
import { requireNoPolicies } from './require-no-policies.ts';
import { userOutput } from './shapes.ts';
import { tagOperations } from './tag-operations.ts';
import { readTags } from './tags.ts';

export const createUser = queryOperation({
  input(params) {
    const name = params.get('UserName');
    const boundary = params.get('PermissionsBoundary');
    const { tags, clauses } = readTags(params);
    check(...nameClauses(name, 'userName', 64), ...pathClauses(params.get('Path')), ...arnClauses(boundary, 'permissionsBoundary', true), ...clauses);
    return { name: name!, path: params.get('Path') ?? '/', boundary, tags };
  },
  access: creationAccess('User', userArn),
  invoke(input, { state, principal }) {
    const account = principal.account;
    requireNewEntity('User', input, account.users.keys());
    if (input.boundary !== undefined) requireBoundaryPolicy(state, account, input.boundary);
    const arn = userArn(account.id, input.path, input.name);
    const user = newUser(state, { ...input, arn });
    account.users.set(user.name, user);
    return { User: userOutput(user) };
  },
  example: { UserName: 'example-user', Path: '/example/' },
});

export const getUser = queryOperation({
  input(params, { principal }) {
    const given = params.get('UserName');
    check(...nameClauses(given, 'userName', 128, true));
    return { target: targetUserName(principal, given) };
  },
  access: targetAccess('iam:GetUser'),
  invoke({ target }, { state, principal }) {
    const account = principal.account;
    if (target !== 'root') return { User: userOutput(existingUser(account, target)) };
    const created = Math.min(state.clock.now(), ...[...account.users.values()].map((u) => u.createDate.getTime()));
    return { User: { UserId: account.id, Arn: rootArn(account), CreateDate: new Date(created) } };
  },
  example: { UserName: 'alice' },
});

export const deleteUser = queryOperation({
  input(params) {
    const name = params.get('UserName');
    check(...nameClauses(name, 'userName', 128));
    return { userName: name! };
  },
  access: userAccess('iam:DeleteUser'),
  invoke({ userName }, { state, principal }) {
    const account = principal.account;
    const user = existingUser(account, userName);
    if (accessKeysOf(state, account, user.name).length) throw deleteConflict('Cannot delete entity, must delete access keys first.');
    if (user.mfaSerials.size) throw deleteConflict('Cannot delete entity, must delete MFA device first.');
    requireNoPolicies(user);
    account.users.delete(user.name);
    return undefined;
  },
  example: { UserName: 'alice' },
});

export const listUsers = queryOperation({
  input: pathListingInput,
  access: pathListingAccess('iam:ListUsers', userArn),
  invoke(listing, { principal }) {
    const { items, truncation } = listByPath(listing, principal.account.users.values());
    return { Users: items.map((u) => userOutput(u, 'list')), ...truncation };
  },
  example: {},
});

export const updateUser = queryOperation({
  input(params) {
    const name = params.get('UserName');
    const newName = params.get('NewUserName');
    const newPath = params.get('NewPath');
    check(...nameClauses(name, 'userName', 128), ...nameClauses(newName, 'newUserName', 64, true), ...pathClauses(newPath, 'newPath'));
    return { userName: name!, newName, newPath };
  },
  access: userAccess('iam:UpdateUser'),
  invoke({ userName, newName, newPath }, { state, principal }) {
    const account = principal.account;
    const user = existingUser(account, userName);
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
  },
  example: { UserName: 'alice', NewPath: '/moved/' },
});

const userTags = tagOperations({
  verb: 'User',
  idParam: 'UserName',
  idClauses: (name) => nameClauses(name, 'userName', 128),
  resource: (name, { principal }) => userResource(principal.account, name),
  find: (name, { principal }) => existingUser(principal.account, name),
  example: 'alice',
});
export const tagUser = userTags.tag;
export const untagUser = userTags.untag;
export const listUserTags = userTags.listTags;
