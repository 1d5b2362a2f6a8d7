/**
 * Accounts that come and go while the sandbox runs: a workshop room opens one per learner (a
 * fresh 12-digit id and its own administrator, as seed.ts makes them) and closes it when the
 * learner leaves or the room ends, dropping everything that lived in it and every credential
 * that signs for it (access keys, temporary sessions, sign-in tokens, console sessions), so a
 * closed account's keys get InvalidClientTokenId like any unknown key. Account ids never repeat
 * within a sandbox's life. It decides nothing about who may open or close an account.
 */
import { seedAccount, type AdminCredentials } from './seed.ts';
import type { SandboxState } from './state.ts';

const closed = new WeakMap<SandboxState, Set<string>>();

/** Opens an account with an id no account of this sandbox has had; `digits` draws 12 random digits. */
export function openAccount(state: SandboxState, digits: () => string): AdminCredentials {
  const gone = closed.get(state);
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = digits();
    if (!/^\d{12}$/.test(id)) throw new Error(`An account id is 12 digits, not "${id}".`);
    if (id.startsWith('0') || state.store.accounts.has(id) || gone?.has(id)) continue;
    return seedAccount(state, id);
  }
  throw new Error('Could not draw an unused account id.');
}

/** Removes an account and everything that signs for it; false when there was none. */
export function closeAccount(state: SandboxState, accountId: string): boolean {
  const { store } = state;
  if (!store.accounts.delete(accountId)) return false;
  if (!closed.has(state)) closed.set(state, new Set());
  closed.get(state)!.add(accountId);
  for (const map of [store.accessKeys, store.sessions, store.signinTokens, store.consoleSessions] as Map<string, { accountId: string }>[]) {
    for (const [key, value] of map) if (value.accountId === accountId) map.delete(key);
  }
  return true;
}
