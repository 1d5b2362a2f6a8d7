/**
 * The only reader of process.env and argv. Turns flags and environment into one validated
 * config object at start, and fails with a clear message (ConfigError) on anything invalid.
 * Real AWS is used only when asked for explicitly (`--target aws` or WORKSHOP_TARGET=aws).
 * It opens no connection and checks no credentials: main.ts does that.
 */
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseFlags, portValue } from './http/config-values.ts';
import { propagationDelay, readFaultConfig, SANDBOX_FLAGS, type FaultConfig } from './sandbox/config.ts';

export { ConfigError } from './http/config-values.ts';
export { readSandboxConfig, type FaultConfig, type SandboxConfig } from './sandbox/config.ts';

export interface NotebookConfig {
  target: 'sandbox' | 'aws';
  port: number;
  /** Where the site's built files are. */
  distDir?: string;
  /** The per-launch token (WORKSHOP_TOKEN fixes it). */
  token: string;
  /** Ledger and other state: a 0700 directory. */
  stateDir: string;
  sandbox: {
    port: number;
    /** An already running sandbox (npm run sandbox) to use instead of an embedded one. */
    url?: string;
    /** Admin credentials for an external sandbox (its printed export line). */
    credentials?: { accessKeyId: string; secretAccessKey: string };
    propagationDelayMs: number;
    /** Fault injection in the embedded sandbox (`--faults`); absent = none. */
    faults?: FaultConfig;
  };
  aws: {
    profile?: string;
    region: string;
    /** Accounts the notebook may start on (`--allow-account`, repeatable); empty = any. */
    allowAccounts: string[];
    /** Confirms changes in this account up front, for scripts (`--confirm-account ID`). */
    confirmAccount?: string;
  };
  /** How long one AWS call (its retries included) may wait for an answer before it fails. */
  callTimeoutMs: number;
  /**
   * Fault injection for crash tests only: the SDK operation (e.g. `CreateRole`) after whose
   * response the server kills itself with SIGKILL, before the step can record the result.
   */
  faultAfter?: string;
  /** A workshop room (`--room`, sandbox only); absent for the one-person notebook. */
  room?: RoomConfig;
}

export interface RoomConfig {
  /** Addresses or names the room is served on besides loopback (`--host`); empty = loopback only. */
  hosts: string[];
  maxLearners: number;
  /** HTTPS with the facilitator's own certificate (`--tls-cert`, `--tls-key`), as file paths. */
  tls?: { cert: string; key: string };
}

type Env = Record<string, string | undefined>;

const options = {
  ...SANDBOX_FLAGS,
  target: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  'sandbox-url': { type: 'string' },
  'state-dir': { type: 'string' },
  'aws-timeout': { type: 'string' },
  'allow-account': { type: 'string', multiple: true },
  'confirm-account': { type: 'string' },
  room: { type: 'boolean' },
  host: { type: 'string', multiple: true },
  'max-learners': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
} as const;

export function readConfig(argv: string[], env: Env): NotebookConfig {
  const { values } = parseFlags(argv, options);
  const target = values.target ?? env.WORKSHOP_TARGET ?? 'sandbox';
  if (target !== 'sandbox' && target !== 'aws') throw new ConfigError(`Unknown target "${target}": use sandbox (the default) or aws.`);
  const sandboxUrl = values['sandbox-url'] ?? env.SANDBOX_URL;
  if (sandboxUrl !== undefined && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\/?$/.test(sandboxUrl)) {
    throw new ConfigError(`--sandbox-url must be a loopback URL such as http://127.0.0.1:4566 (got ${sandboxUrl}).`);
  }
  const token = env.WORKSHOP_TOKEN ?? randomBytes(32).toString('base64url');
  if (!/^[A-Za-z0-9._~-]{32,}$/.test(token) || new Set(token).size < 10) {
    throw new ConfigError('WORKSHOP_TOKEN must be at least 32 characters of [A-Za-z0-9._~-] and not a repeated pattern (leave it unset for a random one).');
  }
  const room = readRoom(values, target, sandboxUrl);
  return {
    target,
    room,
    port: portValue(values.port ?? env.PORT, 4321, 'PORT'),
    distDir: env.WORKSHOP_DIST ?? 'dist',
    token,
    stateDir: values['state-dir'] ?? env.WORKSHOP_STATE_DIR ?? join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'sts-workshop'),
    sandbox: {
      port: portValue(values['sandbox-port'] ?? env.SANDBOX_PORT, 4566, 'SANDBOX_PORT'),
      url: sandboxUrl?.replace(/\/$/, ''),
      credentials:
        sandboxUrl && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
          ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
          : undefined,
      // The workshop default simulates IAM propagation so learners see the waits; tests set 0.
      propagationDelayMs: propagationDelay(values['propagation-ms'] ?? env.SANDBOX_PROPAGATION_MS, 3000),
      faults: readFaultConfig(values, env),
    },
    faultAfter: env.WORKSHOP_FAULT_AFTER || undefined,
    callTimeoutMs: seconds(values['aws-timeout'] ?? env.WORKSHOP_AWS_TIMEOUT, 30, 'The AWS call timeout (--aws-timeout, WORKSHOP_AWS_TIMEOUT)') * 1000,
    aws: {
      profile: values.profile ?? env.AWS_PROFILE,
      region: values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      allowAccounts: accountIds(values['allow-account'] ?? env.WORKSHOP_ALLOW_ACCOUNTS?.split(',') ?? [], '--allow-account (WORKSHOP_ALLOW_ACCOUNTS)'),
      confirmAccount: accountIds([values['confirm-account'] ?? env.WORKSHOP_CONFIRM_ACCOUNT ?? ''], '--confirm-account (WORKSHOP_CONFIRM_ACCOUNT)')[0],
    },
  };
}

function readRoom(
  values: { room?: boolean; host?: string[]; 'max-learners'?: string; 'tls-cert'?: string; 'tls-key'?: string },
  target: string,
  sandboxUrl: string | undefined,
): RoomConfig | undefined {
  const hosts = (values.host ?? []).map((h) => h.trim()).filter(Boolean);
  const roomOnly = [hosts.length ? '--host' : '', values['max-learners'] !== undefined ? '--max-learners' : '', values['tls-cert'] || values['tls-key'] ? '--tls-cert/--tls-key' : ''].filter(Boolean);
  if (!values.room) {
    if (roomOnly.length) throw new ConfigError(`${roomOnly.join(', ')} belong to a workshop room: add --room (the notebook alone listens on loopback only).`);
    return undefined;
  }
  if (target === 'aws') throw new ConfigError('--room runs on the offline sandbox only: each learner gets a sandbox account of their own. Drop --target aws.');
  if (sandboxUrl) throw new ConfigError('--room uses the embedded sandbox (it opens an account per learner): drop --sandbox-url.');
  const bad = hosts.find((h) => !/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\d{1,3}(?:\.\d{1,3}){3}$|^\[?[0-9A-Fa-f:]+\]?$/.test(h));
  if (bad !== undefined) throw new ConfigError(`--host takes an address or a host name (the laptop's LAN address, for example 192.168.1.20), got "${bad}".`);
  const max = values['max-learners'] === undefined ? 100 : Number(values['max-learners']);
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new ConfigError(`--max-learners must be a whole number from 1 to 1000, got "${values['max-learners']}".`);
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if (!!cert !== !!key) throw new ConfigError('--tls-cert and --tls-key go together: the certificate and its private key (PEM files).');
  return { hosts: hosts.map((h) => h.replace(/^\[|\]$/g, '')), maxLearners: max, tls: cert && key ? { cert, key } : undefined };
}

function accountIds(list: string[], what: string): string[] {
  const ids = list.map((id) => id.trim()).filter(Boolean);
  const bad = ids.find((id) => !/^\d{12}$/.test(id));
  if (bad !== undefined) throw new ConfigError(`${what} takes 12-digit AWS account ids, got "${bad}".`);
  return ids;
}

function seconds(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 600) throw new ConfigError(`${what} must be 1-600 seconds, got "${text}".`);
  return n;
}
