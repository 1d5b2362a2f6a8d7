/**
 * Writing an answer straight to Node's ServerResponse, as @hono/node-server wrote it before the
 * sandbox left the Fetch API: the status and the headers as the protocol gave them, a
 * `content-length` from the body unless given, `text/plain; charset=UTF-8` when a body comes
 * without a content type, and nothing after a connection the pipeline dropped. `replyOf` reads
 * a Fetch Response (a protocol may still answer one) into a Reply; `textReply` is the short text
 * answers of the listener itself (403 for a foreign Host, 413).
 */
import type { ServerResponse } from 'node:http';
import type { Reply } from '../protocol/protocol.ts';

const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

export function writeReply(outgoing: ServerResponse, reply: Reply): void {
  if (outgoing.destroyed || outgoing.headersSent || outgoing.socket?.destroyed) return; // a dropped connection, or answered already
  const { headers, body } = reply;
  if (body !== undefined) {
    let length = false;
    let type = false;
    for (const name in headers) {
      if (name.length === 14 && name.toLowerCase() === 'content-length') length = true;
      else if (name.length === 12 && name.toLowerCase() === 'content-type') type = true;
    }
    if (!type) headers['content-type'] = DEFAULT_CONTENT_TYPE;
    if (!length) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  }
  outgoing.writeHead(reply.status, headers);
  outgoing.end(body);
}

export async function replyOf(response: Response): Promise<Reply> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { status: response.status, headers, body: response.body === null ? undefined : new Uint8Array(await response.arrayBuffer()) };
}

export function textReply(status: number, text: string): Reply {
  return { status, headers: { 'content-type': DEFAULT_CONTENT_TYPE }, body: text };
}
