/**
 * The sandbox's own settings, from flags and environment: its port, the simulated IAM
 * propagation delay and fault injection (`--faults RATE [--fault-seed N] [--fault-kinds a,b]
 * [--fault-slow-ms MS]`, or SANDBOX_FAULT*). `npm run sandbox` reads them with
 * `readSandboxConfig`; the notebook's config.ts takes the same flags for its embedded sandbox
 * through `SANDBOX_FLAGS` and `readFaultConfig`. Bad values are a ConfigError; it reads no
 * environment of its own (the caller passes argv and env in).
 */
import { ConfigError, millisecondsValue, parseFlags, portValue } from '../http/config-values.ts';
import { DEFAULT_SLOW_MS, FAULT_KINDS, isFaultKind, MAX_SEED, MAX_SLOW_MS, type FaultKind } from './faults.ts';

export interface SandboxConfig {
  port: number;
  propagationDelayMs: number;
  faults?: FaultConfig;
}

/** A share of the sandbox's STS/IAM/S3 requests fail as AWS fails (faults.ts). */
export interface FaultConfig {
  /** 0..1 (`--faults 0.1` or `10%`). */
  rate: number;
  /** Reproducible faults; absent = a random seed per start (the sandbox reports it). */
  seed?: number;
  kinds: FaultKind[];
  slowMs: number;
}

type Env = Record<string, string | undefined>;

export const SANDBOX_FLAGS = {
  port: { type: 'string' },
  'sandbox-port': { type: 'string' },
  'propagation-ms': { type: 'string' },
  faults: { type: 'string' },
  'fault-seed': { type: 'string' },
  'fault-kinds': { type: 'string' },
  'fault-slow-ms': { type: 'string' },
} as const;

type FaultFlags = Partial<Record<'faults' | 'fault-seed' | 'fault-kinds' | 'fault-slow-ms', string>>;

export function readSandboxConfig(argv: string[], env: Env): SandboxConfig {
  const { values } = parseFlags(argv, SANDBOX_FLAGS);
  return {
    port: portValue(values.port ?? values['sandbox-port'] ?? env.SANDBOX_PORT, 4566, 'SANDBOX_PORT'),
    propagationDelayMs: propagationDelay(values['propagation-ms'] ?? env.SANDBOX_PROPAGATION_MS, 0),
    faults: readFaultConfig(values, env),
  };
}

/** `--propagation-ms` / SANDBOX_PROPAGATION_MS. */
export function propagationDelay(text: string | undefined, fallback: number): number {
  return millisecondsValue(text, fallback, 'The propagation delay', 600_000);
}

/** --faults RATE [--fault-seed N] [--fault-kinds a,b] [--fault-slow-ms MS], or SANDBOX_FAULT*. */
export function readFaultConfig(values: FaultFlags, env: Env): FaultConfig | undefined {
  const text = (name: keyof FaultFlags, variable: string) => {
    const value = values[name] ?? env[variable];
    return value === '' ? undefined : value;
  };
  const rateText = text('faults', 'SANDBOX_FAULTS');
  const seedText = text('fault-seed', 'SANDBOX_FAULT_SEED');
  const kindsText = text('fault-kinds', 'SANDBOX_FAULT_KINDS');
  const slowText = text('fault-slow-ms', 'SANDBOX_FAULT_SLOW_MS');
  if (rateText === undefined) {
    if (seedText ?? kindsText ?? slowText) throw new ConfigError('--fault-seed, --fault-kinds and --fault-slow-ms need --faults RATE (SANDBOX_FAULTS), e.g. --faults 0.1.');
    return undefined;
  }
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(rateText);
  const rate = percent ? Number(percent[1]) / 100 : /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(rateText) ? Number(rateText) : NaN;
  if (!(rate >= 0 && rate <= 1)) throw new ConfigError(`--faults (SANDBOX_FAULTS) must be a share of requests from 0 to 1, such as 0.1 or 10%, got "${rateText}".`);
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !(/^\d+$/.test(seedText!) && seed <= MAX_SEED)) {
    throw new ConfigError(`--fault-seed (SANDBOX_FAULT_SEED) must be an integer from 0 to ${MAX_SEED}, got "${seedText}".`);
  }
  const kinds = kindsText === undefined ? [...FAULT_KINDS] : kindsText.split(',').map((kind) => kind.trim());
  const unknown = kinds.find((kind) => !isFaultKind(kind));
  if (unknown !== undefined) throw new ConfigError(`--fault-kinds (SANDBOX_FAULT_KINDS): unknown kind "${unknown}"; use a comma-separated list of ${FAULT_KINDS.join(', ')}.`);
  const slowMs = slowText === undefined ? DEFAULT_SLOW_MS : Number(slowText);
  if (!(/^\d+$/.test(slowText ?? '0') && slowMs <= MAX_SLOW_MS)) {
    throw new ConfigError(`--fault-slow-ms (SANDBOX_FAULT_SLOW_MS) must be 0-${MAX_SLOW_MS} ms, got "${slowText}".`);
  }
  return { rate, seed, kinds: [...new Set(kinds as FaultKind[])], slowMs };
}
