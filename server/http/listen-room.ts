/**
 * Listening for a workshop room: loopback as always (listen-loopback.ts), and, only when the
 * facilitator named addresses (`--host`), those too on the same port, so the room's laptops
 * can reach it. A host name is resolved to its addresses; an unspecified address (0.0.0.0, ::)
 * listens on every interface. HTTPS when a certificate is given. It decides nothing about who
 * may call: the Host allowlist, the Origin check and the sessions do.
 */
import { lookup } from 'node:dns/promises';
import { isIP, type AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { closeServer, listenLoopback, listenOn, type LoopbackServer, type Tls } from './listen-loopback.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fetch = (request: Request, env?: any) => Response | Promise<Response>;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function listenRoom(fetch: Fetch, port: number, hosts: string[], tls?: Tls): Promise<LoopbackServer & { addresses: string[] }> {
  const everywhere = hosts.find((h) => h === '0.0.0.0' || h === '::');
  if (everywhere) {
    // Every interface, loopback included: one listener (a second on 127.0.0.1 would clash).
    const server = await listenOn(fetch, port, everywhere, false, tls);
    const actual = (server.address() as AddressInfo).port;
    return { port: actual, ipv6: everywhere === '::', addresses: [everywhere], close: () => closeServer(server) };
  }
  const loopback = await listenLoopback(fetch, port, false, tls);
  const extra: ServerType[] = [];
  const addresses: string[] = [];
  try {
    for (const host of hosts) {
      if (LOOPBACK.has(host.toLowerCase())) continue;
      const resolved = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
      for (const address of resolved) {
        if (addresses.includes(address) || LOOPBACK.has(address)) continue;
        extra.push(await listenOn(fetch, loopback.port, address, false, tls));
        addresses.push(address);
      }
    }
  } catch (error) {
    await Promise.all([loopback.close(), ...extra.map(closeServer)]);
    throw error;
  }
  return {
    ...loopback,
    addresses,
    close: async () => void (await Promise.all([loopback.close(), ...extra.map(closeServer)])),
  };
}
