/**
 * The contract between the pipeline and the S3 REST service: the authenticated request with
 * its raw path and query (still percent-encoded) and raw body bytes. The S3 service answers
 * with a fetch Response of its own (S3 has no common envelope); errors it throws as AwsError
 * are written by the pipeline in S3's `<Error>` form.
 */
import type { Principal } from '../auth/principal.ts';
import type { SandboxState } from '../state.ts';

export interface S3Call {
  state: SandboxState;
  principal: Principal;
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
  region: string;
  requestId: string;
}

export type S3Handler = (call: S3Call) => Promise<Response> | Response;
