/**
 * The request as the chain reads it, taken from Node's IncomingMessage without the Fetch API:
 * the exact request target (split at the first `?` into the raw path and query, never decoded
 * or normalized: the signature covers them as sent), the headers by lower-case name with
 * repeated ones joined by `, ` (as Fetch's Headers joins them), and the body read by
 * http/read-body.ts. `clientGone` makes, on first call, a signal that aborts when the
 * connection closes before the answer is written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SignedRequest } from '../auth/sigv4.ts';

export function headersOf(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const had = headers[name];
    headers[name] = had === undefined ? rawHeaders[i + 1] : `${had}, ${rawHeaders[i + 1]}`;
  }
  return headers;
}

export function signedRequest(method: string, target: string, headers: Record<string, string>, body: Uint8Array): SignedRequest {
  const q = target.indexOf('?');
  return {
    method,
    host: headers.host ?? '',
    rawPath: q === -1 ? target : target.slice(0, q),
    rawQuery: q === -1 ? '' : target.slice(q + 1),
    headers,
    body,
  };
}

export function clientGone(incoming: IncomingMessage, outgoing: ServerResponse): () => AbortSignal {
  return () => {
    const gone = new AbortController();
    if (outgoing.destroyed || incoming.socket?.destroyed) gone.abort();
    else outgoing.once('close', () => outgoing.writableFinished || gone.abort());
    return gone.signal;
  };
}
