/**
 * Listens on the loopback interface only, on both 127.0.0.1 and [::1] at the same port, because
 * `localhost` (which the Host allowlists accept) may resolve to either: left unbound, [::1]:PORT
 * could be taken by another local program that would then receive requests meant for us. If
 * [::1] is taken, that is an error; if the machine has no IPv6 loopback, 127.0.0.1 alone is
 * used. Port 0 picks a free port for both. Request and header timeouts are bounded. It serves a
 * Fetch handler (a Hono app, through @hono/node-server) or, given `{ node: listener }`, a
 * `node:http` request listener as it is (the sandbox, which skips the Fetch API's cost). For
 * the latter neither @hono/node-server nor the Fetch API (undici) is loaded, several MB of
 * resident memory: @hono/node-server is imported only for a Fetch handler, and `node:http`
 * is taken with process.getBuiltinModule, because an ESM import of it reads every export,
 * including the lazy `WebSocket` that loads undici.
 */
import type { ServerType } from '@hono/node-server';
import type { RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

const { createServer: createHttpServer } = process.getBuiltinModule('node:http');

// Hono apps type their bindings differently; @hono/node-server passes its own. Accept any app.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fetch = (request: Request, env?: any) => Response | Promise<Response>;

/** What a listener serves: a Fetch handler, or a `node:http` request listener. */
export type Handler = Fetch | { node: RequestListener };

export interface LoopbackServer {
  port: number;
  ipv6: boolean;
  close(): Promise<void>;
}

/** PEM certificate and key: served as HTTPS (a workshop room's `--tls-cert`/`--tls-key`). */
export interface Tls {
  cert: string | Buffer;
  key: string | Buffer;
}

export async function listenOn(handler: Handler, port: number, hostname: string, fastGlobals: boolean, tls?: Tls): Promise<ServerType> {
  const serve = typeof handler === 'function' ? (await import('@hono/node-server')).serve : undefined;
  return new Promise((resolve, reject) => {
    let server: ServerType;
    if (typeof handler === 'function') {
      const https = tls ? { createServer: createHttpsServer, serverOptions: { cert: tls.cert, key: tls.key } } : {};
      server = serve!({ fetch: handler, port, hostname, overrideGlobalObjects: fastGlobals, ...https }, () => resolve(server));
    } else {
      server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, handler.node) : createHttpServer(handler.node);
      server.listen(port, hostname, () => resolve(server));
    }
    server.once('error', reject);
    // Bounded waits for slow or partial requests (Node's default lets a body trickle for 5 minutes).
    Object.assign(server, { requestTimeout: 30_000, headersTimeout: 20_000 });
  });
}

export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

export async function listenLoopback(handler: Handler, port: number, fastGlobals = false, tls?: Tls): Promise<LoopbackServer> {
  for (let attempt = 0; ; attempt++) {
    const v4 = await listenOn(handler, port, '127.0.0.1', fastGlobals, tls);
    const actual = (v4.address() as AddressInfo).port;
    try {
      const v6 = await listenOn(handler, actual, '::1', fastGlobals, tls);
      return { port: actual, ipv6: true, close: async () => void (await Promise.all([closeServer(v4), closeServer(v6)])) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        await closeServer(v4);
        if (port === 0 && attempt < 5) continue; // a free IPv4 port whose IPv6 twin is taken: pick again
        throw Object.assign(new Error(`[::1]:${actual} is already taken by another program, which would receive requests for localhost:${actual}.`), { code });
      }
      return { port: actual, ipv6: false, close: () => closeServer(v4) };
    }
  }
}
