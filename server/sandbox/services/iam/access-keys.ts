/**
 * Long-term access keys: CreateAccessKey (an AKIA id and a 40-character secret, at most two per
 * user, the caller's own when no UserName is given, the root's own for root credentials),
 * DeleteAccessKey, ListAccessKeys, UpdateAccessKey (Active/Inactive) and GetAccessKeyLastUsed.
 * Keys live in the store's global index with their account and user; under the propagation
 * simulation a new key is refused by authenticate.ts until it is "visible". The secret is
 * returned by CreateAccessKey only.
 */
import type { Principal } from '../../auth/principal.ts';
import { limitExceeded, noSuchEntity } from '../../errors.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { check, length, oneOf, pattern, required, type Clause } from '../../protocol/validate.ts';
import type { AccessKey, Account } from '../../store.ts';
import { queryOperation, type Call } from '../operation.ts';
import { accessKeysOf, existingUser, rootArn, targetAccess, targetUserName, usableAt } from './lookup.ts';
import { nameClauses } from './names.ts';
import { paginate } from './paging.ts';

const MAX_KEYS_PER_USER = 2;
const EXAMPLE_KEY = 'AKIAIOSFODNN7EXAMPLE';

function keyIdClauses(id: string | undefined) {
  return [required(id, 'accessKeyId'), length(id, 'accessKeyId', 16, 128), pattern(id, 'accessKeyId', '[\\w]+')];
}

/** The optional UserName (the caller's own keys without it), any more clauses, and the key owner. */
function ownerInput(params: QueryParams, principal: Principal, ...more: Clause[]) {
  const given = params.get('UserName');
  check(...nameClauses(given, 'userName', 128, true), ...more);
  return { target: targetUserName(principal, given) };
}

/** The key owner's user name (undefined: the root), or NoSuchEntity for a user that does not exist. */
function ownerName(account: Account, target: string): string | undefined {
  return target === 'root' ? undefined : existingUser(account, target).name;
}

function keyNotFound(id: string) {
  return noSuchEntity(`The Access Key with id ${id} cannot be found.`);
}

function ownedKey(call: Call, id: string, userName: string | undefined): AccessKey {
  const key = call.state.store.accessKeys.get(id);
  if (!key || key.accountId !== call.principal.account.id || key.userName !== userName) throw keyNotFound(id);
  return key;
}

export const createAccessKey = queryOperation({
  input: (params, { principal }) => ownerInput(params, principal),
  access: targetAccess('iam:CreateAccessKey'),
  invoke({ target }, { state, principal }) {
    const userName = ownerName(principal.account, target);
    if (accessKeysOf(state, principal.account, userName).length >= MAX_KEYS_PER_USER) {
      throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`);
    }
    const key: AccessKey = {
      id: state.ids.accessKeyId('AKIA'),
      secret: state.ids.secretAccessKey(),
      accountId: principal.account.id,
      userName,
      status: 'Active',
      createDate: new Date(state.clock.now()),
      usableAt: usableAt(state),
    };
    state.store.accessKeys.set(key.id, key);
    return {
      AccessKey: { UserName: userName, AccessKeyId: key.id, Status: key.status, SecretAccessKey: key.secret, CreateDate: key.createDate },
    };
  },
  example: { UserName: 'alice' },
});

export const deleteAccessKey = queryOperation({
  input(params, { principal }) {
    const id = params.get('AccessKeyId');
    return { ...ownerInput(params, principal, ...keyIdClauses(id)), id: id! };
  },
  access: targetAccess('iam:DeleteAccessKey'),
  invoke({ target, id }, call) {
    const key = ownedKey(call, id, ownerName(call.principal.account, target));
    call.state.store.accessKeys.delete(key.id);
    return undefined;
  },
  example: { UserName: 'alice', AccessKeyId: EXAMPLE_KEY },
});

export const updateAccessKey = queryOperation({
  input(params, { principal }) {
    const id = params.get('AccessKeyId');
    const status = params.get('Status');
    const owner = ownerInput(params, principal, ...keyIdClauses(id), required(status, 'status'), oneOf(status, 'status', ['Active', 'Inactive']));
    return { ...owner, id: id!, status: status as AccessKey['status'] };
  },
  access: targetAccess('iam:UpdateAccessKey'),
  invoke({ target, id, status }, call) {
    ownedKey(call, id, ownerName(call.principal.account, target)).status = status;
    return undefined;
  },
  example: { UserName: 'alice', AccessKeyId: EXAMPLE_KEY, Status: 'Inactive' },
});

export const listAccessKeys = queryOperation({
  input: (params, { principal }) => ({ ...ownerInput(params, principal), params }),
  access: targetAccess('iam:ListAccessKeys'),
  invoke({ target, params }, { state, principal }) {
    const userName = ownerName(principal.account, target);
    const keys = accessKeysOf(state, principal.account, userName);
    const { items, truncation } = paginate(keys, (k) => `${k.createDate.toISOString()}/${k.id}`, params);
    return {
      UserName: userName,
      AccessKeyMetadata: items.map((k) => ({ UserName: k.userName, AccessKeyId: k.id, Status: k.status, CreateDate: k.createDate })),
      ...truncation,
    };
  },
  example: { UserName: 'alice' },
});

/** The key, if the caller's account owns it. */
function accountKey(call: Call, id: string): AccessKey | undefined {
  const key = call.state.store.accessKeys.get(id);
  return key && key.accountId === call.principal.account.id ? key : undefined;
}

export const getAccessKeyLastUsed = queryOperation({
  input(params) {
    const id = params.get('AccessKeyId');
    check(...keyIdClauses(id));
    return { id: id! };
  },
  access: {
    action: 'iam:GetAccessKeyLastUsed',
    // The owner's ARN when the key is the account's (the root's for a root key or a key of no user).
    resource({ id }, call) {
      const account = call.principal.account;
      const owner = accountKey(call, id)?.userName;
      return owner === undefined ? rootArn(account) : (account.users.get(owner)?.arn ?? rootArn(account));
    },
  },
  invoke({ id }, call) {
    const owned = accountKey(call, id);
    if (!owned) throw keyNotFound(id);
    return {
      UserName: owned.userName,
      // The store records when a key was last used, not where: the service and region stay N/A.
      AccessKeyLastUsed: { LastUsedDate: owned.lastUsed?.date, ServiceName: owned.lastUsed?.service ?? 'N/A', Region: owned.lastUsed?.region ?? 'N/A' },
    };
  },
  example: { AccessKeyId: EXAMPLE_KEY },
});
