/**
 * The sandbox's HTTP app: the Host check, the unsigned extras (the federation endpoint and its
 * console), the body limit, then every AWS request down one chain of named stages, in the
 * spirit of localstack's handler chain. Each stage is a module of pipeline/ and reads what the
 * earlier ones left on the RequestContext:
 *
 *   identify → authenticate → inject fault → parse → authorize → invoke → serialize
 *
 * The chain never asks which service it serves: services declare their protocol, signing,
 * wording and operations (services/), and every operation declares how it is authorized, so
 * nothing is invoked unauthorized. An AwsError from any stage is serialized in the service's
 * envelope. It never imports the notebook's runner.
 */
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { hostAllowlist } from '../http/host-allowlist.ts';
import type { NodeEnv } from '../http/node-env.ts';
import { authenticate } from './pipeline/authenticate.ts';
import { authorize } from './pipeline/authorize.ts';
import type { RequestContext, Stage } from './pipeline/context.ts';
import { identify } from './pipeline/identify.ts';
import { injectFault } from './pipeline/inject-fault.ts';
import { invoke } from './pipeline/invoke.ts';
import { parse } from './pipeline/parse.ts';
import { serialize } from './pipeline/serialize.ts';
import { SERVICES } from './services/index.ts';
import { unknownService } from './services/unknown-service.ts';
import type { SandboxState } from './state.ts';

/** The chain, in order; serialize answers at the end, or as soon as a stage throws. */
export const CHAIN: readonly Stage[] = [identify, authenticate, injectFault, parse, authorize, invoke];

const MAX_UNAUTHENTICATED_BODY = 64 * 1024;

export interface SandboxAppOptions {
  /** Hosts (with port) the sandbox answers to; anything else is refused (DNS rebinding). */
  allowedHosts: () => string[];
  /** Unsigned routes mounted before the AWS pipeline (federation, console). */
  extras?: Hono;
  /** Where unexpected failures are reported (never with request bodies). */
  onInternalError?: (error: unknown) => void;
}

/** The raw Node request: its `url` is the exact request target, its `socket` the connection. */
export type SandboxEnv = NodeEnv;

export function createSandboxApp(state: SandboxState, options: SandboxAppOptions): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.use('*', hostAllowlist(options.allowedHosts, (c) => c.text('Forbidden: unknown Host header', 403)));
  if (options.extras) app.route('/', options.extras);
  app.use('*', bodyLimit({ maxSize: (c) => bodyLimitFor(state, c.req.header('authorization')), onTooLarge: (c) => c.text('Request entity too large', 413) }));

  app.all('*', async (c) => {
    const target = c.env?.incoming?.url ?? new URL(c.req.url).pathname + new URL(c.req.url).search;
    const q = target.indexOf('?');
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => (headers[name] = value));
    const ctx: RequestContext = {
      state,
      request: {
        method: c.req.method,
        host: headers.host ?? '',
        rawPath: q === -1 ? target : target.slice(0, q),
        rawQuery: q === -1 ? '' : target.slice(q + 1),
        headers,
        body: new Uint8Array(await c.req.arrayBuffer()),
      },
      requestId: state.ids.requestId(),
      fetchRequest: c.req.raw,
      socket: c.env?.incoming?.socket,
      service: SERVICES.s3,
    };
    try {
      for (const stage of CHAIN) {
        const answer = await stage(ctx);
        if (answer) return answer; // the stage answered itself: a dropped connection, a client gone
      }
      return serialize(ctx);
    } catch (thrown) {
      return serialize(ctx, thrown, options.onInternalError);
    }
  });
  return app;
}

/**
 * How much body to read before authentication: a little for a request that names no key the
 * sandbox issued (it is refused anyway, and needs only enough to pick its error envelope), else
 * what the service takes (1 MiB for the query services, 16 MiB for S3 uploads).
 */
function bodyLimitFor(state: SandboxState, authorization: string | undefined): number {
  const scope = authorization ? /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\//.exec(authorization) : null;
  if (!scope) return MAX_UNAUTHENTICATED_BODY;
  const known = state.store.accessKeys.has(scope[1]) || state.store.sessions.has(scope[1]);
  if (!known) return MAX_UNAUTHENTICATED_BODY;
  return (Object.hasOwn(SERVICES, scope[2]) ? SERVICES[scope[2]] : unknownService(scope[2])).maxBodyBytes;
}
