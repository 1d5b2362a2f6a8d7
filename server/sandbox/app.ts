/**
 * The sandbox's request pipeline, in order, on one screen (after localstack's handler chain):
 * host check → unsigned extras (federation, console) → identify the service from the SigV4
 * credential scope → authenticate (key, session, expiry, skew, signature) → an injected fault,
 * if any (STS, IAM, S3 only, before anything runs: faults.ts) → parse (query form or S3 REST) →
 * invoke the operation, which authorizes itself → serialize the result or the AwsError in the
 * service's own envelope. Every response carries AWS's request-id headers and a real `Date`.
 * It never imports the notebook's runner.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit.ts';
import { hostAllowlist } from '../http/host-allowlist.ts';
import type { NodeEnv } from '../http/node-env.ts';
import { authenticate } from './auth/authenticate.ts';
import { parseAuthorization, type SignedRequest } from './auth/sigv4.ts';
import { AwsError, internalFailure, missingAuthenticationToken } from './errors.ts';
import { faultError } from './faults.ts';
import { QueryParams } from './protocol/query-params.ts';
import { queryErrorXml, querySuccessXml, type QueryService } from './protocol/query-xml.ts';
import { s3ErrorXml } from './protocol/s3-xml.ts';
import { iamOperations } from './services/iam/index.ts';
import type { QueryOperations } from './services/query-call.ts';
import { handleS3 } from './services/s3/index.ts';
import { sandboxOperations } from './services/sandbox-control.ts';
import { stsOperations } from './services/sts/index.ts';
import type { SandboxState } from './state.ts';

const QUERY_SERVICES: Record<QueryService, QueryOperations> = { sts: stsOperations, iam: iamOperations, sandbox: sandboxOperations };
const MAX_S3_BODY = 16 * 1024 * 1024;
const MAX_QUERY_BODY = 1024 * 1024;
const MAX_UNAUTHENTICATED_BODY = 64 * 1024;

/**
 * How much body to read before authentication: a little for a request that names no key the
 * sandbox issued (it is refused anyway, and needs only enough to pick its error envelope),
 * 1 MiB for STS/IAM, 16 MiB for S3 uploads.
 */
function bodyLimitFor(state: SandboxState, authorization: string | undefined): number {
  const scope = authorization ? /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\//.exec(authorization) : null;
  if (!scope) return MAX_UNAUTHENTICATED_BODY;
  const known = state.store.accessKeys.has(scope[1]) || state.store.sessions.has(scope[1]);
  if (!known) return MAX_UNAUTHENTICATED_BODY;
  return scope[2] === 's3' ? MAX_S3_BODY : MAX_QUERY_BODY;
}

export interface SandboxAppOptions {
  /** Hosts (with port) the sandbox answers to; anything else is refused (DNS rebinding). */
  allowedHosts: () => string[];
  /** Unsigned routes mounted before the AWS pipeline (federation, console). */
  extras?: Hono;
  /** Where unexpected failures are reported (never with request bodies). */
  onInternalError?: (error: unknown) => void;
}

/** The raw Node request: its `url` is the exact request target, its `socket` the connection (a `drop` fault destroys it). */
export type SandboxEnv = NodeEnv;

/** The services faults apply to: AWS's own, never the sandbox's control service. */
const FAULTABLE = new Set(['sts', 'iam', 's3']);

export function createSandboxApp(state: SandboxState, options: SandboxAppOptions): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.use('*', hostAllowlist(options.allowedHosts, (c) => c.text('Forbidden: unknown Host header', 403)));
  if (options.extras) app.route('/', options.extras);
  app.use('*', bodyLimit({ maxSize: (c) => bodyLimitFor(state, c.req.header('authorization')), onTooLarge: (c) => c.text('Request entity too large', 413) }));

  app.all('*', async (c) => {
    const requestId = state.ids.requestId();
    const rawTarget = c.env?.incoming?.url ?? new URL(c.req.url).pathname + new URL(c.req.url).search;
    const q = rawTarget.indexOf('?');
    const rawPath = q === -1 ? rawTarget : rawTarget.slice(0, q);
    const rawQuery = q === -1 ? '' : rawTarget.slice(q + 1);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => (headers[name] = value));
    const body = new Uint8Array(await c.req.arrayBuffer());
    const request: SignedRequest = { method: c.req.method, host: headers.host ?? '', rawPath, rawQuery, headers, body };
    const looksLikeQuery = c.req.method === 'POST' && rawPath === '/' && (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

    let service: string = looksLikeQuery ? guessQueryService(body) : 's3';
    try {
      const authHeader = headers.authorization;
      if (!authHeader) {
        if (service === 's3') throw new AwsError('AccessDenied', 'Access Denied', 403);
        throw missingAuthenticationToken();
      }
      const auth = parseAuthorization(authHeader);
      service = auth.service;
      const principal = await authenticate(state, auth, request);
      const fault = FAULTABLE.has(service) ? state.options.faults.next() : undefined;
      if (fault === 'drop') return dropConnection(c.env?.incoming?.socket);
      if (fault === 'slow' && !(await waited(state.options.faults.settings.slowMs, c.req.raw.signal))) return new Response(null, { status: 499 });
      if (fault && fault !== 'slow') throw faultError(fault, service === 's3' ? 's3' : 'query');
      if (service === 's3') {
        const response = await handleS3({ state, principal, method: c.req.method, rawPath, rawQuery, headers, body, region: auth.region, requestId });
        return withAwsHeaders(response, 's3', requestId, state);
      }
      const operations = Object.hasOwn(QUERY_SERVICES, service) ? QUERY_SERVICES[service as QueryService] : undefined;
      if (!operations) throw new AwsError('InvalidAction', `The sandbox does not implement the ${service} service.`, 400);
      const params = QueryParams.parse(new TextDecoder().decode(body));
      const action = params.get('Action');
      if (!action) throw new AwsError('MissingAction', 'Missing Action', 400);
      const operation = Object.hasOwn(operations, action) ? operations[action] : undefined;
      if (!operation) throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`, 400);
      const result = await operation({ state, principal, params, region: auth.region });
      const xml = querySuccessXml(service as QueryService, action, result, requestId);
      return withAwsHeaders(new Response(xml, { status: 200, headers: { 'content-type': 'text/xml' } }), service, requestId, state);
    } catch (thrown) {
      let error: AwsError;
      if (thrown instanceof AwsError) error = thrown;
      else {
        options.onInternalError?.(thrown);
        error = internalFailure();
      }
      const xml =
        service === 's3'
          ? s3ErrorXml(error, requestId, state.ids.hex(24))
          : queryErrorXml(service === 'iam' || service === 'sandbox' ? service : 'sts', error, requestId);
      const type = service === 's3' ? 'application/xml' : 'text/xml';
      const response = new Response(c.req.method === 'HEAD' ? null : xml, { status: error.status, headers: { 'content-type': type } });
      return withAwsHeaders(response, service, requestId, state);
    }
  });
  return app;
}

/**
 * A dropped connection: the socket closes without an answer (the client sees ECONNRESET, "socket
 * hang up"). Without a socket (the app called in process), Fetch's own network error.
 */
function dropConnection(socket: { destroy(): void } | undefined): Response {
  if (!socket) return Response.error();
  socket.destroy();
  return new Response(null, { status: 502 }); // written nowhere: the socket is gone
}

/** A slow answer: waits, then the request goes on. False when the client left meanwhile. */
async function waited(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Before authentication, the Version parameter tells STS (2011-06-15) from IAM (2010-05-08). */
function guessQueryService(body: Uint8Array): string {
  const text = new TextDecoder().decode(body.subarray(0, 4096));
  return /(?:^|&)Version=2010-05-08(?:&|$)/.test(text) ? 'iam' : 'sts';
}

function withAwsHeaders(response: Response, service: string, requestId: string, state: SandboxState): Response {
  const headers = new Headers(response.headers);
  if (service === 's3') {
    headers.set('x-amz-request-id', requestId);
    headers.set('x-amz-id-2', Buffer.from(state.ids.hex(32)).toString('base64'));
  } else {
    headers.set('x-amzn-RequestId', requestId);
  }
  headers.set('Date', new Date(state.clock.real()).toUTCString());
  return new Response(response.body, { status: response.status, headers });
}
