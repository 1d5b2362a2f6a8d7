/**
 * The AWS query protocol's response side: the `<{Op}Response>` success envelope and the
 * `<ErrorResponse>` error envelope, with the request id in the body as AWS sends it; results are
 * written by xml.ts in the query style (`<member>` lists, whole-second dates). It sets no headers.
 */
import type { AwsError } from '../errors.ts';
import { writeXml, xmlTree } from './xml.ts';

export const NAMESPACES = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  /** Sandbox-only control operations (not an AWS service). */
  sandbox: 'https://sts-workshop.invalid/sandbox/2026-11-01/',
} as const;

export type QueryService = keyof typeof NAMESPACES;

export function querySuccessXml(service: QueryService, operation: string, result: unknown, requestId: string): string {
  const body: Record<string, unknown> = { '@_xmlns': NAMESPACES[service] };
  if (result !== undefined) body[`${operation}Result`] = xmlTree(result, { lists: 'member', dates: 'seconds' });
  body.ResponseMetadata = { RequestId: requestId };
  return writeXml({ [`${operation}Response`]: body });
}

export function queryErrorXml(service: QueryService, error: AwsError, requestId: string): string {
  return writeXml({
    ErrorResponse: {
      '@_xmlns': NAMESPACES[service],
      Error: { Type: error.status >= 500 ? 'Receiver' : 'Sender', Code: error.code, Message: error.message },
      RequestId: requestId,
    },
  });
}
