/**
 * What travels down the chain: the request as received, then what each stage learns
 * (identify: the service and the signature it claims; authenticate: the Call, with its
 * principal; parse: the operation and its input; invoke: the output). A stage reads what the
 * stages before it wrote and writes its own part; `serialize` turns the output, or the error
 * that stopped the chain, into the answer.
 */
import type { ParsedAuthorization, SignedRequest } from '../auth/sigv4.ts';
import type { Reply } from '../protocol/protocol.ts';
import type { Call, Operation } from '../services/operation.ts';
import type { Service } from '../services/service.ts';
import type { SandboxState } from '../state.ts';

export interface RequestContext {
  state: SandboxState;
  request: SignedRequest;
  requestId: string;
  /** A signal that aborts when the client goes away (made on first call: few requests need one). */
  clientGone: () => AbortSignal;
  /** The connection (a `drop` fault destroys it). */
  socket: { destroy(): void };
  /** identify: the service (a best guess until the signature names it) and the claimed signature. */
  service: Service;
  auth?: ParsedAuthorization;
  /** authenticate */
  call?: Call;
  /** parse */
  operationName?: string;
  operation?: Operation;
  input?: unknown;
  /** invoke */
  output?: unknown;
}

/** A stage may answer by itself (a dropped connection, a client gone) instead of passing on. */
export type Stage = (ctx: RequestContext) => void | Reply | Promise<void | Reply>;

/** What a stage after authenticate relies on. */
export function callOf(ctx: RequestContext): Call {
  if (!ctx.call) throw new Error('The chain ran a stage before authenticate.');
  return ctx.call;
}
