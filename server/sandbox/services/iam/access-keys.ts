/**
 * Long-term access keys: CreateAccessKey (an AKIA id and a 40-character secret, at most two per
 * user, the caller's own when no UserName is given, the root's own for root credentials),
 * DeleteAccessKey, ListAccessKeys, UpdateAccessKey (Active/Inactive) and GetAccessKeyLastUsed.
 * Keys live in the store's global index with their account and user; under the propagation
 * simulation a new key is refused by authenticate.ts until it is "visible". The secret is
 * returned by CreateAccessKey only.
 */
import { limitExceeded, noSuchEntity } from '../../errors.ts';
import { check, length, oneOf, pattern, required } from '../../protocol/validate.ts';
import type { AccessKey } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { accessKeysOf, allow, authorizedUser, rootArn, targetUserName, usableAt } from './lookup.ts';
import { nameClauses } from './names.ts';
import { paginate } from './paging.ts';

const MAX_KEYS_PER_USER = 2;

/** Authorizes `action` for the key owner and returns its user name (undefined: the root). */
function keyOwner(call: QueryCall, action: string, given: string | undefined): string | undefined {
  const target = targetUserName(call, given);
  if (target === 'root') {
    allow(call, action, rootArn(call.principal.account));
    return undefined;
  }
  return authorizedUser(call, action, target).name;
}

function keyIdClauses(id: string | undefined) {
  return [required(id, 'accessKeyId'), length(id, 'accessKeyId', 16, 128), pattern(id, 'accessKeyId', '[\\w]+')];
}

function keyNotFound(id: string) {
  return noSuchEntity(`The Access Key with id ${id} cannot be found.`);
}

function ownedKey(call: QueryCall, id: string, userName: string | undefined): AccessKey {
  const key = call.state.store.accessKeys.get(id);
  if (!key || key.accountId !== call.principal.account.id || key.userName !== userName) throw keyNotFound(id);
  return key;
}

export function createAccessKey(call: QueryCall) {
  const { state, params } = call;
  const given = params.get('UserName');
  check(...nameClauses(given, 'userName', 128, true));
  const userName = keyOwner(call, 'iam:CreateAccessKey', given);
  if (accessKeysOf(state, call.principal.account, userName).length >= MAX_KEYS_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`);
  }
  const key: AccessKey = {
    id: state.ids.accessKeyId('AKIA'),
    secret: state.ids.secretAccessKey(),
    accountId: call.principal.account.id,
    userName,
    status: 'Active',
    createDate: new Date(state.clock.now()),
    usableAt: usableAt(state),
  };
  state.store.accessKeys.set(key.id, key);
  return {
    AccessKey: { UserName: userName, AccessKeyId: key.id, Status: key.status, SecretAccessKey: key.secret, CreateDate: key.createDate },
  };
}

export function deleteAccessKey(call: QueryCall) {
  const given = call.params.get('UserName');
  const id = call.params.get('AccessKeyId');
  check(...nameClauses(given, 'userName', 128, true), ...keyIdClauses(id));
  const userName = keyOwner(call, 'iam:DeleteAccessKey', given);
  const key = ownedKey(call, id!, userName);
  call.state.store.accessKeys.delete(key.id);
  return undefined;
}

export function updateAccessKey(call: QueryCall) {
  const given = call.params.get('UserName');
  const id = call.params.get('AccessKeyId');
  const status = call.params.get('Status');
  check(...nameClauses(given, 'userName', 128, true), ...keyIdClauses(id), required(status, 'status'), oneOf(status, 'status', ['Active', 'Inactive']));
  const userName = keyOwner(call, 'iam:UpdateAccessKey', given);
  ownedKey(call, id!, userName).status = status as AccessKey['status'];
  return undefined;
}

export function listAccessKeys(call: QueryCall) {
  const given = call.params.get('UserName');
  check(...nameClauses(given, 'userName', 128, true));
  const userName = keyOwner(call, 'iam:ListAccessKeys', given);
  const keys = accessKeysOf(call.state, call.principal.account, userName);
  const { items, truncation } = paginate(keys, (k) => `${k.createDate.toISOString()}/${k.id}`, call.params);
  return {
    UserName: userName,
    AccessKeyMetadata: items.map((k) => ({ UserName: k.userName, AccessKeyId: k.id, Status: k.status, CreateDate: k.createDate })),
    ...truncation,
  };
}

export function getAccessKeyLastUsed(call: QueryCall) {
  const id = call.params.get('AccessKeyId');
  check(...keyIdClauses(id));
  const account = call.principal.account;
  const key = call.state.store.accessKeys.get(id!);
  const owned = key && key.accountId === account.id ? key : undefined;
  const resource = owned?.userName === undefined ? rootArn(account) : (account.users.get(owned.userName)?.arn ?? rootArn(account));
  allow(call, 'iam:GetAccessKeyLastUsed', resource);
  if (!owned) throw keyNotFound(id!);
  return {
    UserName: owned.userName,
    // The store records when a key was last used, not where: the service and region stay N/A.
    AccessKeyLastUsed: { LastUsedDate: owned.lastUsed?.date, ServiceName: owned.lastUsed?.service ?? 'N/A', Region: owned.lastUsed?.region ?? 'N/A' },
  };
}
