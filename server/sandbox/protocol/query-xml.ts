/**
 * The AWS query protocol's response side: the `<{Op}Response>` success envelope and the
 * `<ErrorResponse>` error envelope, with the request id in the body as AWS sends it. Values are
 * written by a small convention: arrays become `<member>` lists, Dates ISO-8601, booleans and
 * numbers their text, undefined is omitted. Escaping is fast-xml-parser's. It sets no headers.
 */
import { xmlBuilder as builder } from './xml-builder.ts';
import type { AwsError } from '../errors.ts';


export const NAMESPACES = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  /** Sandbox-only control operations (not an AWS service). */
  sandbox: 'https://sts-workshop.invalid/sandbox/2026-11-01/',
} as const;

export type QueryService = keyof typeof NAMESPACES;

export function querySuccessXml(service: QueryService, operation: string, result: unknown, requestId: string): string {
  const body: Record<string, unknown> = { '@_xmlns': NAMESPACES[service] };
  if (result !== undefined) body[`${operation}Result`] = toXmlValue(result);
  body.ResponseMetadata = { RequestId: requestId };
  return builder.build({ [`${operation}Response`]: body });
}

export function queryErrorXml(service: QueryService, error: AwsError, requestId: string): string {
  return builder.build({
    ErrorResponse: {
      '@_xmlns': NAMESPACES[service],
      Error: { Type: error.status >= 500 ? 'Receiver' : 'Sender', Code: error.code, Message: error.message },
      RequestId: requestId,
    },
  });
}

/** Converts a result tree to the shape XMLBuilder writes. */
export function toXmlValue(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return isoSeconds(value);
  if (Array.isArray(value)) return value.length === 0 ? '' : { member: value.map(toXmlValue) };
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const converted = toXmlValue(inner);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  return String(value);
}

/** `2026-11-21T21:02:15Z`: AWS's query services send whole seconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
