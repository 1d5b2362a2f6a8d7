/**
 * The events a step run streams, one JSON object per NDJSON line. Shared by the runner (which
 * writes them) and the page (which renders them). Types only; no behaviour.
 */
export type StepStatus = 'idle' | 'running' | 'succeeded' | 'failed' | 'expected-failure' | 'cancelled';

export type StepEvent =
  | { type: 'start'; lesson: string; step: string; at: string }
  | {
      type: 'call';
      service: string;
      operation: string;
      input: unknown;
      output?: unknown;
      error?: { name: string; message: string };
      requestId?: string;
      ms: number;
      /** The HTTP status of the call's last response; absent when none came (timeout, dropped). */
      httpStatus?: number;
      /** Who signed the call (never the secret): see CallSigner. */
      signer?: CallSigner;
      /** The SigV4 region the call was signed for. */
      region?: string;
      /** Where the call went when that is not AWS's own endpoint (the sandbox's URL). */
      endpoint?: string;
    }
  | { type: 'log'; text: string }
  | { type: 'progress'; label: string; done: number; total: number }
  | { type: 'result'; value: unknown }
  | { type: 'error'; name: string; message: string; expected: boolean }
  | { type: 'end'; ok: boolean; status: Exclude<StepStatus, 'idle' | 'running'>; ms: number };

/**
 * The credentials a call was signed with, as far as the server knows them: the access key id
 * (not a secret; ASIA… for temporary credentials), what kind of credentials it is, and the
 * principal when a call has told (an AssumeRole, GetSessionToken, GetFederationToken or
 * CreateAccessKey answer, or GetCallerIdentity).
 */
export interface CallSigner {
  accessKeyId: string;
  kind: 'notebook' | 'access-key' | 'temporary';
  principal?: string;
}
