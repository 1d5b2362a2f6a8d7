/**
 * The sandbox's HTTP handler, served from `node:http` directly (no Fetch API on the AWS path:
 * the Request/Headers/stream bridge cost more CPU than the work itself): the Host check, the
 * unsigned extras (the federation endpoint, its console and the identity providers, a Hono app,
 * dispatched by path), the body limit, then every AWS request down one chain of named stages,
 * in the spirit of localstack's handler chain. Each stage is a module of pipeline/ and reads
 * what the earlier ones left on the RequestContext:
 *
 *   identify → authenticate → inject fault → parse → authorize → invoke → serialize
 *
 * The chain never asks which service it serves: services declare their protocol, signing,
 * wording and operations (services/), and every operation declares how it is authorized, so
 * nothing is invoked unauthorized. An AwsError from any stage is serialized in the service's
 * envelope, and the answer is written to the socket as it is (pipeline/reply.ts). It never
 * imports the notebook's runner. @hono/node-server (and with it the Fetch API, undici) is
 * loaded by the first request the extras answer, not at start: several MB of resident memory.
 */
import type { Hono } from 'hono';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { hostAndTargetAllowed } from '../http/host-allowlist.ts';
import { discardRest, readBody } from '../http/read-body.ts';
import type { Reply } from './protocol/protocol.ts';
import { authenticate } from './pipeline/authenticate.ts';
import { authorize } from './pipeline/authorize.ts';
import type { RequestContext, Stage } from './pipeline/context.ts';
import { identify } from './pipeline/identify.ts';
import { injectFault } from './pipeline/inject-fault.ts';
import { invoke } from './pipeline/invoke.ts';
import { parse } from './pipeline/parse.ts';
import { clientGone, headersOf, signedRequest } from './pipeline/receive.ts';
import { replyOf, textReply, writeReply } from './pipeline/reply.ts';
import { serialize } from './pipeline/serialize.ts';
import { servedByExtras } from './services/extras.ts';
import { SERVICES } from './services/index.ts';
import { unknownService } from './services/unknown-service.ts';
import type { SandboxState } from './state.ts';

/** The chain, in order; serialize answers at the end, or as soon as a stage throws. */
export const CHAIN: readonly Stage[] = [identify, authenticate, injectFault, parse, authorize, invoke];

const MAX_UNAUTHENTICATED_BODY = 64 * 1024;

export interface SandboxAppOptions {
  /** Hosts (with port) the sandbox answers to; anything else is refused (DNS rebinding). */
  allowedHosts: () => string[];
  /** Unsigned routes served before the AWS pipeline (federation, console, identity providers). */
  extras?: Hono;
  /** Where unexpected failures are reported (never with request bodies). */
  onInternalError?: (error: unknown) => void;
}

export function createSandboxHandler(state: SandboxState, options: SandboxAppOptions): RequestListener {
  const { extras, onInternalError } = options;
  let extrasListener: Promise<RequestListener> | undefined;
  const servedOnExtras = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    extrasListener ??= import('@hono/node-server').then(({ getRequestListener }) => getRequestListener(extras!.fetch, { overrideGlobalObjects: false }));
    extrasListener.then(
      (listener) => listener(incoming, outgoing),
      (error: unknown) => {
        onInternalError?.(error);
        writeReply(outgoing, textReply(500, 'Internal Server Error'));
      },
    );
  };
  return (incoming, outgoing) => {
    const target = incoming.url ?? '/';
    const method = incoming.method ?? 'GET';
    const headers = headersOf(incoming.rawHeaders);
    if (!hostAndTargetAllowed(headers.host, target, options.allowedHosts())) return writeReply(outgoing, textReply(403, 'Forbidden: unknown Host header'));
    if (extras && servedByExtras(extras, method, target, headers.host, headers.authorization)) return servedOnExtras(incoming, outgoing);
    answerAws(state, incoming, outgoing, method, target, headers, onInternalError).catch((error) => {
      onInternalError?.(error);
      writeReply(outgoing, textReply(500, 'Internal Server Error'));
    });
  };
}

/** The body within its limit, the chain, and the answer written. */
async function answerAws(
  state: SandboxState,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  method: string,
  target: string,
  headers: Record<string, string>,
  onInternalError?: (error: unknown) => void,
): Promise<void> {
  const read = readBody(incoming, bodyLimitFor(state, headers.authorization), headers);
  const body = read instanceof Promise ? await read : read;
  if (body === 'unreadable') return; // the client left mid-body: nobody to answer
  if (body === 'too-large') {
    discardRest(incoming, outgoing);
    return writeReply(outgoing, textReply(413, 'Request entity too large'));
  }
  const ctx: RequestContext = {
    state,
    request: signedRequest(method, target, headers, body),
    requestId: state.ids.requestId(),
    clientGone: clientGone(incoming, outgoing),
    socket: incoming.socket,
    service: SERVICES.s3,
  };
  const answer = await runChain(ctx, onInternalError);
  writeReply(outgoing, isFetchResponse(answer) ? await replyOf(answer) : answer);
}

/** A protocol's Fetch Response, told from a Reply without touching the global `Response` (which loads the Fetch API). */
function isFetchResponse(answer: Reply | Response): answer is Response {
  return typeof (answer as Partial<Response>).arrayBuffer === 'function';
}

async function runChain(ctx: RequestContext, onInternalError?: (error: unknown) => void): Promise<Reply | Response> {
  try {
    for (const stage of CHAIN) {
      const step = stage(ctx);
      const answer = step instanceof Promise ? await step : step;
      if (answer) return answer; // the stage answered itself: a dropped connection, a client gone
    }
    return serialize(ctx);
  } catch (thrown) {
    return serialize(ctx, thrown, onInternalError);
  }
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
