/**
 * Turns a step's AWS SDK calls into `call` events without touching the tutorial code: the
 * client config a step receives carries our logger (the SDK's own logger middleware reports
 * each command's input, output or error) and a request handler that wraps the SDK's HTTP
 * handler. The handler times each invocation (by `amz-sdk-invocation-id`, across retries),
 * injects the run's AbortSignal (Stop), and reads STS/IAM response bodies once to register
 * the secrets they carry (SecretAccessKey, SessionToken, seeds) before anything is streamed:
 * the SDK hides some of them in its log, but not SessionToken. Each call event also carries the
 * HTTP status of its last response and, read from the signed request, who signed it (the access
 * key id and the principal when a call has told: signer-directory.ts), the region and a non-AWS
 * endpoint. It redacts nothing itself.
 */
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandlerOptions, Logger } from '@smithy/types';
import type { CallSigner, StepEvent } from '../../src/lessons/events.ts';
import { describeSigner, learnSigners } from './signer-directory.ts';

type CallEvent = Extract<StepEvent, { type: 'call' }>;

export interface CallRecorderOptions {
  onCall(event: CallEvent): void;
  onLog(text: string): void;
  registerSecret(value: string, label: string): void;
  signal: AbortSignal;
  now(): number;
  /** Crash tests: SIGKILL this process right after this operation's response is logged. */
  faultAfter?: string;
  /** How long one SDK call (all its retries) may wait for AWS before it fails with TimeoutError. */
  callTimeoutMs?: number;
  /** Told each second while a call waits for its answer (after the first two seconds). */
  onWaiting?(label: string, waitedSeconds: number, limitSeconds: number): void;
  /** The access key id of the notebook's own credentials, when they are static. */
  ownAccessKeyId?: string;
  /** The notebook's own principal (the target's ARN), shown for calls signed with its key. */
  ownPrincipal?: string;
}

/** What the handler saw of one invocation: who signed it, where it went, the last status. */
interface Sent {
  signer?: CallSigner;
  region?: string;
  endpoint?: string;
  httpStatus?: number;
}

const SECRET_ELEMENTS = ['SecretAccessKey', 'SessionToken', 'Base32StringSeed', 'QRCodePNG', 'SigninToken'];
const MAX_SCANNED_BODY = 4 * 1024 * 1024;

const sharedHandler = new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: 60_000 });
const DEFAULT_CALL_TIMEOUT_MS = 30_000;
const QUIET_MS = 2000;

export function createCallRecorder(options: CallRecorderOptions) {
  const startedBy = new Map<string, number>();
  const invocationOfRequest = new Map<string, string>();
  const sentBy = new Map<string, Sent>();
  let lastStart = options.now();
  let lastSent: Sent = {};

  const handle = async (request: any, handlerOptions: HttpHandlerOptions = {}) => {
    const invocation = String(request.headers?.['amz-sdk-invocation-id'] ?? '');
    const started = startedBy.get(invocation) ?? options.now();
    if (invocation && !startedBy.has(invocation)) startedBy.set(invocation, started);
    lastStart = started;
    const sent: Sent = { ...sentBy.get(invocation), ...signedRequest(request, options.ownAccessKeyId) };
    lastSent = sent;
    if (invocation) sentBy.set(invocation, sent);
    // A hung endpoint must not leave the step silent: say that we wait, and give up at the limit
    // (measured from the call's first attempt, so retries do not stretch it).
    const limit = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    const label = `Waiting for ${describeRequest(request)} to answer`;
    const left = started + limit - options.now();
    if (left <= 0) throw noAnswer(request, limit);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), left);
    const ticker = setInterval(() => {
      const waited = Math.round((options.now() - started) / 1000);
      if (waited * 1000 >= QUIET_MS) options.onWaiting?.(label, waited, Math.round(limit / 1000));
    }, 1000);
    try {
      const result = await answer(request, { ...handlerOptions, abortSignal: AbortSignal.any([options.signal, deadline.signal]) as never }, invocation);
      sent.httpStatus = Number((result.response as any)?.statusCode) || undefined;
      return result;
    } catch (error) {
      if (deadline.signal.aborted && !options.signal.aborted) throw noAnswer(request, limit);
      throw error;
    } finally {
      clearTimeout(timer);
      clearInterval(ticker);
    }
  };

  const answer = async (request: any, handlerOptions: HttpHandlerOptions, invocation: string) => {
    const result = await sharedHandler.handle(request, handlerOptions);
    const response: any = result.response;
    const requestId = response.headers?.['x-amzn-requestid'] ?? response.headers?.['x-amz-request-id'];
    if (requestId && invocation) invocationOfRequest.set(String(requestId), invocation);
    const type = String(response.headers?.['content-type'] ?? '');
    const length = Number(response.headers?.['content-length'] ?? 0);
    if (/xml|json/.test(type) && length <= MAX_SCANNED_BODY && response.body instanceof Readable) {
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
      const body = Buffer.concat(chunks);
      registerSecretsIn(body.toString('utf8'), options.registerSecret);
      response.body = Readable.from([body]);
    }
    return result;
  };

  const invocationOf = (metadata: any) => (metadata?.requestId ? invocationOfRequest.get(metadata.requestId) : undefined);
  const startOf = (metadata: any): number => {
    const invocation = invocationOf(metadata);
    return (invocation && startedBy.get(invocation)) || lastStart;
  };
  /** httpStatus, signer, region and endpoint of the invocation a logger record is about. */
  const sentOf = (metadata: any): Omit<CallEvent, 'type' | 'service' | 'operation' | 'input' | 'ms'> => {
    const invocation = invocationOf(metadata);
    const sent = (invocation && sentBy.get(invocation)) || lastSent;
    const httpStatus = Number(metadata?.httpStatusCode) || sent.httpStatus;
    const signer = sent.signer && describeSigner(sent.signer.kind === 'notebook' && options.ownPrincipal ? { ...sent.signer, principal: options.ownPrincipal } : sent.signer);
    return {
      ...(httpStatus ? { httpStatus } : {}),
      ...(signer ? { signer } : {}),
      ...(sent.region ? { region: sent.region } : {}),
      ...(sent.endpoint ? { endpoint: sent.endpoint } : {}),
    };
  };
  const names = (record: any) => ({
    service: String(record.clientName ?? '').replace(/Client$/, ''),
    operation: String(record.commandName ?? '').replace(/Command$/, ''),
  });

  const logger: Logger = {
    debug: () => {},
    trace: () => {},
    info(record: any) {
      if (!record || typeof record !== 'object' || !record.commandName) return;
      if (options.faultAfter && record.commandName === `${options.faultAfter}Command`) process.kill(process.pid, 'SIGKILL');
      learnSigners(names(record).operation, record.output, sentOf(record.metadata).signer);
      const sent = sentOf(record.metadata);
      options.onCall({
        type: 'call',
        ...names(record),
        input: record.input,
        output: record.output,
        requestId: record.metadata?.requestId,
        ms: Math.max(0, Math.round(options.now() - startOf(record.metadata))),
        ...sent,
      });
    },
    warn(...args: unknown[]) {
      options.onLog(`SDK warning: ${args.map(String).join(' ')}`);
    },
    error(record: any) {
      if (!record || typeof record !== 'object' || !record.commandName) return;
      const error = record.error ?? {};
      options.onCall({
        type: 'call',
        ...names(record),
        input: record.input,
        error: { name: String(error.name ?? 'Error'), message: String(error.message ?? '') },
        requestId: record.metadata?.requestId,
        ms: Math.max(0, Math.round(options.now() - startOf(record.metadata))),
        ...sentOf({ ...error.$metadata, ...record.metadata }),
      });
    },
  };

  const requestHandler = {
    handle,
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
    destroy: () => {},
  };
  return { logger, requestHandler };
}

/** "STS GetCallerIdentity at http://127.0.0.1:4566" or "S3 GET /bucket at …", from the signed request. */
function describeRequest(request: any): string {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(request.headers?.authorization ?? ''));
  const service = (scope?.[1] ?? 'AWS').toUpperCase();
  const action = typeof request.body === 'string' ? /(?:^|&)Action=([A-Za-z]+)/.exec(request.body)?.[1] : undefined;
  const where = `${request.protocol ?? 'https:'}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
  return `${service} ${action ?? `${request.method} ${request.path}`} at ${where}`;
}

/** Who signed a request (its SigV4 credential scope), the region, and the endpoint unless it is AWS's own. */
export function signedRequest(request: any, ownAccessKeyId?: string): Omit<Sent, 'httpStatus'> {
  const headers = request.headers ?? {};
  const scope = /Credential=([A-Z0-9]+)\/\d{8}\/([a-z0-9-]+)\//.exec(String(headers.authorization ?? ''));
  const host = String(request.hostname ?? '');
  const aws = /(^|\.)(amazonaws\.com(\.cn)?|api\.aws)$/.test(host);
  const endpoint = host && !aws ? `${request.protocol ?? 'https:'}//${host.includes(':') ? `[${host}]` : host}${request.port ? `:${request.port}` : ''}` : undefined;
  const sent: Omit<Sent, 'httpStatus'> = endpoint ? { endpoint } : {};
  if (!scope) return sent;
  const accessKeyId = scope[1];
  const temporary = headers['x-amz-security-token'] !== undefined || accessKeyId.startsWith('ASIA');
  const kind = accessKeyId === ownAccessKeyId ? 'notebook' : temporary ? 'temporary' : 'access-key';
  return { ...sent, signer: { accessKeyId, kind }, region: scope[2] };
}

/** What a call that got no answer within the limit fails with (the SDK's own name for it). */
function noAnswer(request: any, limitMs: number): Error {
  const error = new Error(`${describeRequest(request)} did not answer within ${Math.round(limitMs / 1000)} s, so the call was given up. Is the endpoint up (not stopped or unreachable)? Nothing else was changed.`);
  error.name = 'TimeoutError';
  return error;
}

/** Finds secret-bearing elements in an XML or JSON body and registers their values. */
export function registerSecretsIn(body: string, register: (value: string, label: string) => void): void {
  for (const name of SECRET_ELEMENTS) {
    const xml = new RegExp(`<${name}>([^<]+)</${name}>`, 'g');
    for (const m of body.matchAll(xml)) {
      register(m[1], name);
      if (name === 'Base32StringSeed') register(Buffer.from(m[1], 'base64').toString('utf8'), name);
    }
    const json = new RegExp(`"${name}"\\s*:\\s*"([^"]+)"`, 'g');
    for (const m of body.matchAll(json)) register(m[1], name);
  }
}
