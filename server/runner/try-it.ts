/**
 * The try-it cell's one SDK call, as a synthetic step the Workshop runs like any other (same
 * events, redaction, ledger and rollback). `parseTry` checks the request: an offered operation
 * (src/components/try-it/operations.ts), an input that is a JSON object, and for a create, one
 * the ledger can follow; anything else is a 400 before anything runs. `planTry` fixes what a
 * tracked create sends and records: IAM users, roles, policies and virtual MFA devices are made
 * under /sts-workshop/ with the run's tags (so the clean-up can prove they are ours), and
 * access keys, inline policies and attachments only on a user or role the lesson's run made
 * (`parent`, checked by the Workshop). `tryItStep` sends the call with the chosen credentials
 * and returns the answer without its metadata and with bytes left out (an MFA seed is bytes).
 * No code from the request runs: only the SDK's own command for the named operation.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import type { LedgerResource, Step, StepContext } from '../../src/lessons/lesson.ts';
import { tracked } from '../../src/lessons/shared/tracked.ts';
import { classify, isOffered, isTryService, sdkClasses, type OperationClass, type TryService } from '../../src/components/try-it/operations.ts';
import { WorkshopError } from './workshop-error.ts';

/** The id the synthetic step runs under; no lesson may use it (see Workshop). */
export const TRY_IT_STEP = 'try-it';

export interface TryRequest {
  /** `notebook` or the lesson state field of a held credential (the credentials panel's `name`). */
  credential: string;
  service: TryService;
  operation: string;
  input: Record<string, unknown>;
  changes: OperationClass;
}

export interface TryPlan {
  input: Record<string, unknown>;
  /** Recorded (fsynced) before the call. */
  intend?: LedgerResource;
  /** Recorded after the call, from its answer (an access key, whose id AWS picks). */
  createdFrom?: (output: any) => LedgerResource | undefined;
  arnOf?: (output: any) => string | undefined;
  /** The user or role the create adds to: it must be one the lesson's run made. */
  parent?: { kind: 'user' | 'role'; name: string };
}

const bad = (message: string) => new WorkshopError(400, 'BadInput', message);

export function parseTry(body: unknown): TryRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad('The request body must be a JSON object: { credential, service, operation, input }.');
  const { credential, service, operation, input } = body as Record<string, unknown>;
  if (typeof credential !== 'string' || !/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(credential)) throw bad('Pick the credentials to sign with.');
  if (!isTryService(service)) throw bad('The service must be sts, iam or s3.');
  if (typeof operation !== 'string' || !isOffered(service, operation)) throw bad(`${String(operation).slice(0, 80)} is not an operation of ${service.toUpperCase()} that Try it offers.`);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw bad('The parameters must be a JSON object, such as {} or { "UserName": "alice" }.');
  const changes = classify(service, operation);
  if (changes === 'untracked') {
    throw bad(`Try it does not run ${operation}: nothing could find and remove what it makes. It creates only IAM users, roles, policies, virtual MFA devices, and access keys, inline policies and attachments on a user or role this lesson made.`);
  }
  return { credential, service, operation, input: input as Record<string, unknown>, changes };
}

const text = (input: Record<string, unknown>, field: string, operation: string): string => {
  const value = input[field];
  if (typeof value !== 'string' || value.trim() === '') throw bad(`${operation} needs ${field}: Try it records it before the call, so the lesson's teardown or the Clean up lesson can remove it.`);
  return value;
};

/** What a tracked create sends (Path and tags added) and how the ledger records it. */
export function planTry(request: TryRequest, context: { accountId: string; ownership: StepContext['ownership'] }): TryPlan {
  const { operation, input } = request;
  if (request.changes !== 'tracked') return { input };
  const { path, tags } = context.ownership;
  const owned = () => {
    if (input.Path !== undefined && input.Path !== path) throw bad(`Try it creates IAM entities only under ${path}, where the clean-up looks for them: leave Path out.`);
    if (input.Tags !== undefined && !Array.isArray(input.Tags)) throw bad('Tags must be a list of { "Key", "Value" } objects.');
    const keep = ((input.Tags as unknown[] | undefined) ?? []).filter((t) => !tags.some((ours) => ours.Key === (t as { Key?: unknown })?.Key));
    return { ...input, Path: path, Tags: [...keep, ...tags] };
  };
  switch (operation) {
    case 'CreateUser':
      return { input: owned(), intend: { kind: 'user', name: text(input, 'UserName', operation) }, arnOf: (o) => o.User?.Arn };
    case 'CreateRole':
      return { input: owned(), intend: { kind: 'role', name: text(input, 'RoleName', operation) }, arnOf: (o) => o.Role?.Arn };
    case 'CreatePolicy':
      return { input: owned(), intend: { kind: 'policy', name: text(input, 'PolicyName', operation) }, arnOf: (o) => o.Policy?.Arn };
    case 'CreateVirtualMFADevice': {
      const name = text(input, 'VirtualMFADeviceName', operation);
      return { input: owned(), intend: { kind: 'mfa-device', name: `arn:aws:iam::${context.accountId}:mfa${path}${name}` } };
    }
    case 'CreateAccessKey': {
      const user = text(input, 'UserName', operation);
      return { input, parent: { kind: 'user', name: user }, createdFrom: (o) => (o.AccessKey?.AccessKeyId ? { kind: 'access-key', name: o.AccessKey.AccessKeyId, parent: user } : undefined) };
    }
    case 'PutUserPolicy': {
      const user = text(input, 'UserName', operation);
      return { input, parent: { kind: 'user', name: user }, intend: { kind: 'user-policy', name: text(input, 'PolicyName', operation), parent: user } };
    }
    case 'PutRolePolicy': {
      const role = text(input, 'RoleName', operation);
      return { input, parent: { kind: 'role', name: role }, intend: { kind: 'role-policy', name: text(input, 'PolicyName', operation), parent: role } };
    }
    case 'AttachUserPolicy': {
      const user = text(input, 'UserName', operation);
      return { input, parent: { kind: 'user', name: user }, intend: { kind: 'attachment', name: text(input, 'PolicyArn', operation), parent: user, parentKind: 'user' } };
    }
    case 'AttachRolePolicy': {
      const role = text(input, 'RoleName', operation);
      return { input, parent: { kind: 'role', name: role }, intend: { kind: 'attachment', name: text(input, 'PolicyArn', operation), parent: role, parentKind: 'role' } };
    }
  }
  throw bad(`Try it cannot track ${operation}.`);
}

/** The synthetic step: one SDK call, signed with `credentials` (the notebook's own when undefined). */
export function tryItStep(request: TryRequest, plan: TryPlan, credentials: AwsCredentialIdentity | undefined, signedAs: string): Step {
  return {
    id: TRY_IT_STEP,
    title: `Try it: ${request.operation}`,
    phase: 'usage',
    async run(ctx) {
      const { Client, Command } = sdkClasses(request.service, request.operation);
      const client = new Client(ctx.aws.config(credentials));
      if (plan.input !== request.input) ctx.log(`Made under ${ctx.ownership.path} with this run's tags, so the lesson's teardown or the Clean up lesson removes it.`);
      ctx.log(`${request.operation}, signed as ${signedAs}.`);
      const send = () => client.send(new Command(plan.input));
      let output: unknown;
      if (plan.intend) output = await tracked(ctx, plan.intend, send, plan.arnOf);
      else output = await send();
      const made = plan.createdFrom?.(output);
      if (made) await ctx.ledger.created(made);
      const { $metadata: _metadata, ...answer } = (output ?? {}) as Record<string, unknown>;
      return withoutBytes(answer);
    },
  };
}

/** Bytes (an MFA seed, a QR code) are left out of the answer: their JSON form would escape redaction. */
export function withoutBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return `(${value.byteLength} bytes, not shown)`;
  if (Array.isArray(value)) return value.map(withoutBytes);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBytes(v)]));
}
