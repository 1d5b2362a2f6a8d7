/**
 * What the sandbox holds that expires, counted: live temporary credentials (sessions), access
 * keys, console sign-in tokens and console sessions, summed over every account. A read-only
 * diagnostic, with no AWS equivalent: `storeStats` for code in the process, and the signed
 * `sandbox` service's GetStats (`sandbox:GetStats` on `*`, administrators have it) for the
 * bench and tests outside it, so they can see expired sessions dropped without reaching into
 * the store. It changes nothing (counting does not sweep).
 */
import type { SandboxState } from '../state.ts';
import { queryOperation } from './operation.ts';

export interface StoreStats {
  Sessions: number;
  AccessKeys: number;
  SigninTokens: number;
  ConsoleSessions: number;
}

export function storeStats(state: SandboxState): StoreStats {
  const { store } = state;
  return { Sessions: store.sessions.size, AccessKeys: store.accessKeys.size, SigninTokens: store.signinTokens.size, ConsoleSessions: store.consoleSessions.size };
}

export const getStats = queryOperation({
  input: () => ({}),
  access: { action: 'sandbox:GetStats', resource: () => '*' },
  invoke: (_input, { state }) => storeStats(state),
  example: {},
});
