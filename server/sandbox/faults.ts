/**
 * Fault injection: makes a chosen share of signed STS, IAM, S3 and EC2 requests fail the way AWS
 * fails (throttling, 503, 500, a dropped connection, or a slow answer), so that code can be
 * shown to complete through the SDK's retries or to fail cleanly. A FaultInjector decides per
 * request, from a seeded PRNG (mulberry32), which fault applies, if any: the same seed and the
 * same sequence of requests give the same faults. `faultError` has AWS's code, message and
 * status for each error fault and protocol. It does not touch HTTP (the pipeline's fault stage,
 * pipeline/inject-fault.ts, drops the socket or waits), knows nothing of the sandbox control service (never faulted), and
 * reads no environment: the seed comes from its caller.
 */
import { AwsError, internalFailure } from './errors.ts';

export const FAULT_KINDS = ['throttle', 'unavailable', 'internal', 'drop', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const DEFAULT_SLOW_MS = 2000;
/** A slow answer waits at most this long (the SDK has no request timeout by default). */
export const MAX_SLOW_MS = 60_000;
export const MAX_SEED = 0xffff_ffff;

export interface FaultSettings {
  /** The share of faultable requests that get a fault, 0..1 (0 = off). */
  rate: number;
  /** The PRNG seed, an unsigned 32-bit integer. */
  seed: number;
  /** The faults to choose from, each equally likely. */
  kinds: FaultKind[];
  /** How long a `slow` fault delays the answer (ms). */
  slowMs: number;
}

/** What callers give: only the rate is required (seed: a fresh one; kinds: all; slowMs: 2000). */
export interface FaultSettingsInput {
  rate: number;
  seed?: number;
  kinds?: readonly FaultKind[];
  slowMs?: number;
}

export const isFaultKind = (value: string): value is FaultKind => (FAULT_KINDS as readonly string[]).includes(value);

/** Why the input is unusable (a sentence), or undefined when it is fine. */
export function faultSettingsProblem(input: FaultSettingsInput): string | undefined {
  if (!(Number.isFinite(input.rate) && input.rate >= 0 && input.rate <= 1)) return `The fault rate must be a number from 0 to 1 (0.1 is 10 %), got ${input.rate}.`;
  if (input.seed !== undefined && !(Number.isInteger(input.seed) && input.seed >= 0 && input.seed <= MAX_SEED)) {
    return `The fault seed must be an integer from 0 to ${MAX_SEED}, got ${input.seed}.`;
  }
  if (input.kinds !== undefined) {
    if (input.kinds.length === 0) return `Name at least one fault kind (${FAULT_KINDS.join(', ')}).`;
    const unknown = input.kinds.find((kind) => !isFaultKind(kind));
    if (unknown !== undefined) return `Unknown fault kind "${unknown}": use ${FAULT_KINDS.join(', ')}.`;
  }
  if (input.slowMs !== undefined && !(Number.isInteger(input.slowMs) && input.slowMs >= 0 && input.slowMs <= MAX_SLOW_MS)) {
    return `The slow-answer delay must be 0-${MAX_SLOW_MS} ms, got ${input.slowMs}.`;
  }
  return undefined;
}

/** mulberry32: a small, fast 32-bit PRNG, plenty for choosing faults (not for secrets). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  #settings: FaultSettings;
  #random: () => number;

  /** `newSeed` supplies the seed when the input has none (injected: the sandbox's random bytes). */
  constructor(input: FaultSettingsInput, newSeed: () => number) {
    const problem = faultSettingsProblem(input);
    if (problem) throw new RangeError(problem);
    const seed = input.seed ?? newSeed() >>> 0;
    this.#settings = { rate: input.rate, seed, kinds: [...new Set(input.kinds ?? FAULT_KINDS)], slowMs: input.slowMs ?? DEFAULT_SLOW_MS };
    this.#random = mulberry32(seed);
  }

  /** A copy of the settings in effect (the seed included, so a run can be reproduced). */
  get settings(): FaultSettings {
    return { ...this.#settings, kinds: [...this.#settings.kinds] };
  }

  /** Decides for one request: the fault to apply, or undefined. Rate 0 draws nothing. */
  next(): FaultKind | undefined {
    const { rate, kinds } = this.#settings;
    if (rate === 0) return undefined;
    if (this.#random() >= rate) return undefined;
    return kinds[Math.min(kinds.length - 1, Math.floor(this.#random() * kinds.length))];
  }
}

/**
 * The AwsError a fault returns, as the service sends it. Query services (STS, IAM): `Throttling`
 * 400 "Rate exceeded" (observed from both), `ServiceUnavailable` 503 and `InternalFailure` 500
 * (AWS common errors). S3: `SlowDown` 503, `ServiceUnavailable` 503 and `InternalError` 500
 * (S3 error code list; "Please reduce your request rate." as S3 sends it). EC2:
 * `RequestLimitExceeded` 503, `Unavailable` 503 and `InternalError` 500 (EC2's error code list;
 * the messages are that list's, unconfirmed on the wire). The SDK v3 retries all of them:
 * throttling codes by name, 500 and 503 by status.
 */
export function faultError(kind: 'throttle' | 'unavailable' | 'internal', protocol: 'query' | 'ec2' | 'rest-xml'): AwsError {
  if (protocol === 'ec2') {
    if (kind === 'throttle') return new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    if (kind === 'unavailable') return new AwsError('Unavailable', "The server is overloaded and can't handle the request.", 503);
    return new AwsError('InternalError', 'An internal error has occurred.', 500);
  }
  if (protocol === 'rest-xml') {
    if (kind === 'throttle') return new AwsError('SlowDown', 'Please reduce your request rate.', 503);
    if (kind === 'unavailable') return new AwsError('ServiceUnavailable', 'Service is unable to handle request.', 503);
    return new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
  }
  if (kind === 'throttle') return new AwsError('Throttling', 'Rate exceeded', 400);
  if (kind === 'unavailable') return new AwsError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503);
  return internalFailure();
}
