/**
 * Accounts that come and go while the sandbox runs: a workshop room opens one per learner (a
 * fresh 12-digit id and its own administrator, as seed.ts makes them) and closes it when the
 * learner leaves or the room ends, dropping everything that lived in it and every credential
 * that signs for it (access keys, temporary sessions, sign-in tokens, console sessions), so a
 * closed account's keys get InvalidClientTokenId like any unknown key. Account ids never repeat
 * within a sandbox's life. Each account may also have one *partner account* (`partnerAccount`),
 * a second account for lessons that need two parties (a customer and a vendor): opened on first
 * use with AWS Organizations' `OrganizationAccountAccessRole` trusting its owner, so the owner's
 * administrator reaches it with AssumeRole as a management account reaches a member account, and
 * closed with its owner. It decides nothing about who may open or close an account.
 */
import { parsePolicy } from './policy/parse.ts';
import { SEED_BUCKETS, seedAccount, type AdminCredentials } from './seed.ts';
import type { SandboxState } from './state.ts';
import { createAccount, type Account } from './store.ts';

/** The role AWS Organizations creates in a member account for the management account's administrators. */
export const ORGANIZATION_ROLE = 'OrganizationAccountAccessRole';

const closed = new WeakMap<SandboxState, Set<string>>();

/** Opens an account with an id no account of this sandbox has had; `digits` draws 12 random digits. */
export function openAccount(state: SandboxState, digits: () => string): AdminCredentials {
  const gone = closed.get(state);
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = digits();
    if (!/^\d{12}$/.test(id)) throw new Error(`An account id is 12 digits, not "${id}".`);
    if (id.startsWith('0') || state.store.accounts.has(id) || gone?.has(id)) continue;
    const admin = seedAccount(state, id);
    state.store.accounts.get(id)!.opened = true;
    return admin;
  }
  throw new Error('Could not draw an unused account id.');
}

/** Whether an account is one the sandbox started with (not a room's learner's, not a partner account). */
export function isHomeAccount(account: Account): boolean {
  return !account.opened && account.partnerOf === undefined;
}

/** Removes an account and everything that signs for it; false when there was none. */
export function closeAccount(state: SandboxState, accountId: string): boolean {
  const { store } = state;
  const account = store.accounts.get(accountId);
  if (!account) return false;
  store.accounts.delete(accountId);
  if (account.partner) closeAccount(state, account.partner);
  if (!closed.has(state)) closed.set(state, new Set());
  closed.get(state)!.add(accountId);
  for (const map of [store.accessKeys, store.sessions, store.signinTokens, store.consoleSessions] as Map<string, { accountId: string }>[]) {
    for (const [key, value] of map) if (value.accountId === accountId) map.delete(key);
  }
  return true;
}

/**
 * The partner account of `ownerId`: opened on the first call (a fresh id, the seed's buckets, and
 * `OrganizationAccountAccessRole` with AdministratorAccess trusting the owner's account), the same
 * one afterwards. A partner account has no partner of its own (undefined).
 */
export function partnerAccount(state: SandboxState, ownerId: string, digits: () => string): { accountId: string; roleArn: string } | undefined {
  const owner = state.store.accounts.get(ownerId);
  if (!owner || owner.partnerOf !== undefined) return undefined;
  const existing = owner.partner ? state.store.accounts.get(owner.partner) : undefined;
  const partner = existing ?? openPartner(state, owner, digits);
  return { accountId: partner.id, roleArn: organizationRoleArn(partner.id) };
}

const organizationRoleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/${ORGANIZATION_ROLE}`;

function openPartner(state: SandboxState, owner: Account, digits: () => string): Account {
  const gone = closed.get(state);
  let id: string | undefined;
  for (let attempt = 0; attempt < 100 && id === undefined; attempt++) {
    const drawn = digits();
    if (/^[1-9]\d{11}$/.test(drawn) && !state.store.accounts.has(drawn) && !gone?.has(drawn)) id = drawn;
  }
  if (id === undefined) throw new Error('Could not draw an unused account id.');
  const account: Account = { ...createAccount(id), partnerOf: owner.id };
  const now = state.clock.now();
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${owner.id}:root` }, Action: 'sts:AssumeRole' }],
  });
  account.roles.set(ORGANIZATION_ROLE, {
    kind: 'role',
    name: ORGANIZATION_ROLE,
    path: '/',
    id: state.ids.uniqueId('AROA'),
    arn: organizationRoleArn(id),
    createDate: new Date(now),
    tags: [],
    inlinePolicies: new Map(),
    attachedPolicies: new Set(['arn:aws:iam::aws:policy/AdministratorAccess']),
    usableAt: 0,
    trustPolicy: { text: trust, parsed: parsePolicy(trust, 'trust') },
    maxSessionDuration: 3600,
    trustUsableAt: 0,
  });
  for (const name of SEED_BUCKETS) {
    const bucket = `${name}-${id}`;
    account.buckets.set(bucket, { name: bucket, region: 'us-east-1', createDate: new Date(now), objects: new Map() });
  }
  state.store.accounts.set(id, account);
  owner.partner = id;
  return account;
}
