/**
 * The fault stage (faults.ts, `--faults`): after authentication and before anything is parsed
 * or run, the injector may pick this request to fail the way AWS fails: an error in the
 * service's own envelope (throttling, 503, 500), a dropped connection, or a slow answer that
 * then goes on (abortable: a client that leaves ends the wait). Only for the services that take
 * faults (AWS's; never the sandbox's own service or the unsigned extras), so a faulted request
 * never changes anything and SDK retries are safe.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { faultError } from '../faults.ts';
import type { Reply } from '../protocol/protocol.ts';
import type { RequestContext } from './context.ts';

export async function injectFault(ctx: RequestContext): Promise<Reply | void> {
  if (!ctx.service.faults) return;
  const fault = ctx.state.options.faults.next();
  if (fault === undefined) return;
  if (fault === 'drop') return dropConnection(ctx.socket);
  if (fault === 'slow') return (await waited(ctx.state.options.faults.settings.slowMs, ctx.clientGone())) ? undefined : { status: 499, headers: {} };
  throw faultError(fault, ctx.service.protocol.name);
}

/** A dropped connection: the socket closes without an answer (the client sees ECONNRESET, "socket hang up"). */
function dropConnection(socket: { destroy(): void }): Reply {
  socket.destroy();
  return { status: 502, headers: {} }; // written nowhere: the socket is gone
}

/** Waits; false when the client left meanwhile. */
async function waited(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
