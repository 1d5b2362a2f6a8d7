/**
 * Builds a sandbox: state (store, clock, ids, options), the seeded accounts, the HTTP handler
 * (app.ts: a `node:http` request listener), and optionally a listening server on loopback. The
 * notebook's composition root and the tests use this; `main.ts` is the standalone command.
 * Several accounts can live in one sandbox and never share state.
 */
import type { RequestListener } from 'node:http';
import { createSandboxHandler } from './app.ts';
import { loopbackHosts } from '../http/host-allowlist.ts';
import { listenLoopback } from '../http/listen-loopback.ts';
import { createClock, type SandboxClock } from './clock.ts';
import { FaultInjector, type FaultSettingsInput } from './faults.ts';
import { createIds, type RandomBytes } from './ids.ts';
import { pooledRandomBytes } from './random-pool.ts';
import { seedAccount, type AdminCredentials } from './seed.ts';
import { loadAwsManagedPolicies } from './services/iam/aws-managed-policies.ts';
import { createSandboxExtras } from './services/extras.ts';
import type { SandboxOptions, SandboxState } from './state.ts';
import { createStore } from './store.ts';

export const DEFAULT_ACCOUNT_ID = '123456789012';

export interface SandboxSettings {
  accountIds?: string[];
  clock?: SandboxClock;
  random?: RandomBytes;
  /** Behaviour switches; `faults` takes plain settings (rate 0..1, seed, kinds, slowMs). */
  options?: Partial<Omit<SandboxOptions, 'faults'>> & { faults?: FaultSettingsInput };
  onInternalError?: (error: unknown) => void;
}

export interface Sandbox {
  state: SandboxState;
  /** The admin credentials of each seeded account, the first being the default account. */
  admins: AdminCredentials[];
  /** The `node:http` request listener that serves it. */
  listener: RequestListener;
  /** Sets the port the sandbox answers on (Host allowlist and public URLs). */
  bindPort(port: number): void;
}

export function createSandbox(settings: SandboxSettings = {}): Sandbox {
  let port = 0;
  const random = settings.random ?? pooledRandomBytes();
  const { faults, ...options } = settings.options ?? {};
  const state: SandboxState = {
    store: createStore(),
    clock: settings.clock ?? createClock(),
    ids: createIds(random),
    options: {
      propagationDelayMs: 0,
      roleSessionsCarryMfa: false,
      baseUrl: 'http://127.0.0.1:0',
      ...options,
      faults: new FaultInjector(faults ?? { rate: 0, seed: 0 }, () => Buffer.from(random(4)).readUInt32BE()),
    },
  };
  loadAwsManagedPolicies(state);
  const admins = (settings.accountIds ?? [DEFAULT_ACCOUNT_ID]).map((id) => seedAccount(state, id));
  const listener = createSandboxHandler(state, {
    allowedHosts: () => loopbackHosts(port),
    extras: createSandboxExtras(state),
    onInternalError: settings.onInternalError ?? ((error) => console.error('[sandbox] internal error:', error instanceof Error ? error.stack : error)),
  });
  return {
    state,
    admins,
    listener,
    bindPort(value: number) {
      port = value;
      state.options.baseUrl = `http://127.0.0.1:${value}`;
    },
  };
}

export interface RunningSandbox extends Sandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on the loopback interface (127.0.0.1 and [::1]; port 0 picks a free port). */
export async function startSandbox(port: number, settings: SandboxSettings = {}): Promise<RunningSandbox> {
  const sandbox = createSandbox(settings);
  const server = await listenLoopback({ node: sandbox.listener }, port);
  sandbox.bindPort(server.port);
  return { ...sandbox, url: `http://127.0.0.1:${server.port}`, port: server.port, close: server.close };
}
