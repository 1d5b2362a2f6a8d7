/**
 * The contract between the pipeline and a query-protocol service (STS, IAM): an operation is a
 * function from a QueryCall to its result members (or undefined for operations without
 * output), throwing AwsError on failure. The pipeline has already authenticated the caller and
 * parsed the parameters; each operation authorizes itself, because only it knows the resource.
 */
import type { Principal } from '../auth/principal.ts';
import type { QueryParams } from '../protocol/query-params.ts';
import type { SandboxState } from '../state.ts';

export interface QueryCall {
  state: SandboxState;
  principal: Principal;
  params: QueryParams;
  /** The region from the SigV4 credential scope. */
  region: string;
}

export type QueryOperation = (call: QueryCall) => unknown | Promise<unknown>;

export type QueryOperations = Record<string, QueryOperation>;
