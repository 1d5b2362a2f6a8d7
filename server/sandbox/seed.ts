/**
 * What a fresh sandbox account holds: an administrator IAM user (the notebook's own identity in
 * sandbox mode) with an access key and AdministratorAccess attached, and a few buckets so that
 * listing shows something. The AWS managed policies themselves are loaded by the IAM service.
 * Keys are random per sandbox; nothing here is a real AWS credential.
 */
import type { SandboxState } from './state.ts';
import { createAccount, type Account } from './store.ts';

export const ADMIN_USER = 'workshop-admin';
export const SEED_BUCKETS = ['workshop-data', 'workshop-logs', 'workshop-reports'];

export interface AdminCredentials {
  accountId: string;
  userName: string;
  userArn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export function seedAccount(state: SandboxState, accountId: string): AdminCredentials {
  if (state.store.accounts.has(accountId)) throw new Error(`Account ${accountId} already exists`);
  const account: Account = createAccount(accountId);
  state.store.accounts.set(accountId, account);
  const now = state.clock.now();
  const arn = `arn:aws:iam::${accountId}:user/${ADMIN_USER}`;
  account.users.set(ADMIN_USER, {
    kind: 'user',
    name: ADMIN_USER,
    path: '/',
    id: state.ids.uniqueId('AIDA'),
    arn,
    createDate: new Date(now),
    tags: [{ Key: 'purpose', Value: 'sts-workshop-admin' }],
    inlinePolicies: new Map(),
    attachedPolicies: new Set(['arn:aws:iam::aws:policy/AdministratorAccess']),
    mfaSerials: new Set(),
    usableAt: 0,
  });
  const accessKeyId = state.ids.accessKeyId('AKIA');
  const secretAccessKey = state.ids.secretAccessKey();
  state.store.accessKeys.set(accessKeyId, {
    id: accessKeyId,
    secret: secretAccessKey,
    accountId,
    userName: ADMIN_USER,
    status: 'Active',
    createDate: new Date(now),
    usableAt: 0,
  });
  for (const name of SEED_BUCKETS) {
    const bucket = `${name}-${accountId}`;
    account.buckets.set(bucket, { name: bucket, region: 'us-east-1', createDate: new Date(now), objects: new Map() });
  }
  return { accountId, userName: ADMIN_USER, userArn: arn, accessKeyId, secretAccessKey };
}
