/**
 * The request body cap for a listener served from `node:http` directly (the sandbox), with the
 * same rules as body-limit.ts's Hono middleware: GET and HEAD bodies are not read; a declared
 * Content-Length over the limit is refused unread; otherwise bytes are counted as they arrive
 * and reading stops as soon as they pass the limit, so no body is held whole before the 413
 * (with a body read whole in memory, at most the limit). The body comes back as one fresh
 * Uint8Array of its exact length (never a slice of Node's socket buffers). A body the client
 * stopped sending (the connection closed mid-body) is `unreadable`. After a refusal,
 * `discardRest` reads what the client still sends, as @hono/node-server does, so a keep-alive
 * client reads its 413 instead of a reset; it gives up after 64 MiB or half a second.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type BodyRead = Uint8Array<ArrayBuffer> | 'too-large' | 'unreadable';

const MAX_DISCARD_BYTES = 64 * 1024 * 1024;
const DISCARD_MS = 500;

/** `headers`: the request's headers by lower-case name, when the caller has read them already. */
export function readBody(incoming: IncomingMessage, maxBytes: number, headers: Record<string, string | string[] | undefined> = incoming.headers): BodyRead | Promise<BodyRead> {
  if (incoming.method === 'GET' || incoming.method === 'HEAD') return new Uint8Array(0);
  const declared = headers['content-length'];
  if (typeof declared === 'string' && headers['transfer-encoding'] === undefined && parseInt(declared, 10) > maxBytes) return 'too-large';
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (read: BodyRead) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      resolve(read);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return settle('too-large');
      chunks.push(chunk);
    };
    const onEnd = () => {
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.length;
      }
      settle(body);
    };
    const onGone = () => settle('unreadable');
    incoming.on('data', onData).once('end', onEnd).once('error', onGone).once('close', onGone);
  });
}

/** Once the answer is sent, reads and drops the rest of a refused body (bounded), or closes. */
export function discardRest(incoming: IncomingMessage, outgoing: ServerResponse): void {
  if (incoming.readableEnded) return;
  outgoing.once('finish', () => {
    if (incoming.readableEnded || incoming.destroyed) return;
    let dropped = 0;
    const giveUp = () => {
      clearTimeout(timer);
      incoming.off('data', onData);
      if (incoming.socket && !incoming.socket.destroyed) incoming.socket.destroySoon();
    };
    const timer = setTimeout(giveUp, DISCARD_MS);
    timer.unref();
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > MAX_DISCARD_BYTES) giveUp();
    };
    incoming.on('data', onData);
    incoming.once('end', () => clearTimeout(timer)).once('close', () => clearTimeout(timer));
    incoming.resume();
  });
}
