/**
 * The operations the try-it cell offers: every command the AWS SDK's STS, IAM and S3 clients
 * export (read from the packages, so a newer SDK brings its new operations), less the S3 ones
 * whose answer is a stream the output cannot show. Each is classified: `reads` (changes nothing
 * in the account: Get, List, Head, Simulate…, and STS's credential-issuing calls), `tracked`
 * (a create the ledger can follow: made under /sts-workshop/ with the run tag, or added to a
 * user or role the lesson's run made), `untracked` (any other create: refused, since nothing
 * could clean it up) or `changes` (an update or delete of something that exists). Used at build
 * time by TryIt.astro (names) and by the runner (server/runner/try-it.ts). It runs nothing.
 */
import * as iam from '@aws-sdk/client-iam';
import * as s3 from '@aws-sdk/client-s3';
import * as sts from '@aws-sdk/client-sts';

export type TryService = 'sts' | 'iam' | 's3';
export type OperationClass = 'reads' | 'tracked' | 'untracked' | 'changes';

export const SERVICE_LABEL: Record<TryService, string> = { sts: 'AWS STS', iam: 'AWS IAM', s3: 'Amazon S3' };

const modules: Record<TryService, Record<string, unknown>> = { sts, iam, s3 };

/** Answers that are a byte stream (or an event stream): not shown, so not offered. */
const STREAMING = new Set(['s3:GetObject', 's3:GetObjectTorrent', 's3:SelectObjectContent', 's3:WriteGetObjectResponse']);

/** Creates the ledger can follow (see server/runner/try-it.ts for how each is recorded). */
export const TRACKED = new Set([
  'iam:CreateUser',
  'iam:CreateRole',
  'iam:CreatePolicy',
  'iam:CreateVirtualMFADevice',
  'iam:CreateAccessKey',
  'iam:PutUserPolicy',
  'iam:PutRolePolicy',
  'iam:AttachUserPolicy',
  'iam:AttachRolePolicy',
]);

const READS = /^(Get|List|Head|Describe|Simulate|Decode|Generate|Assume)/;
const CREATES = /^(Create|Put|Upload|Add|Attach|Copy|Restore|Complete)/;

function commandNames(service: TryService): string[] {
  return Object.keys(modules[service])
    .filter((key) => key !== '$Command' && key.endsWith('Command') && typeof modules[service][key] === 'function')
    .map((key) => key.slice(0, -'Command'.length))
    .filter((op) => !STREAMING.has(`${service}:${op}`))
    .sort();
}

/** Every operation offered, by service, sorted by name. */
export const OPERATIONS: Record<TryService, readonly string[]> = { sts: commandNames('sts'), iam: commandNames('iam'), s3: commandNames('s3') };

export function isTryService(value: unknown): value is TryService {
  return value === 'sts' || value === 'iam' || value === 's3';
}

export function isOffered(service: TryService, operation: string): boolean {
  return OPERATIONS[service].includes(operation);
}

export function classify(service: TryService, operation: string): OperationClass {
  if (READS.test(operation)) return 'reads';
  if (TRACKED.has(`${service}:${operation}`)) return 'tracked';
  if (CREATES.test(operation)) return 'untracked';
  return 'changes';
}

/** The SDK's client and command classes for an offered operation. */
export function sdkClasses(service: TryService, operation: string): { Client: new (config: object) => { send(command: unknown): Promise<unknown> }; Command: new (input: object) => unknown } {
  if (!isOffered(service, operation)) throw new Error(`${service}:${operation} is not offered`);
  const mod = modules[service];
  const client = { sts: 'STSClient', iam: 'IAMClient', s3: 'S3Client' }[service];
  return { Client: mod[client] as never, Command: mod[`${operation}Command`] as never };
}
