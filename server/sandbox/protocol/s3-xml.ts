/**
 * S3's XML: the bare `<Error>` envelope (not wrapped, unlike the query protocol) and a writer
 * for S3 result documents, where lists are repeated elements rather than `<member>` lists.
 */
import { xmlBuilder as builder } from './xml-builder.ts';
import type { AwsError } from '../errors.ts';


export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function s3ErrorXml(error: AwsError, requestId: string, hostId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    builder.build({ Error: { Code: error.code, Message: error.message, ...error.extra, RequestId: requestId, HostId: hostId } })
  );
}

/** `root` is e.g. ListAllMyBucketsResult; arrays repeat their element name; Dates are ISO with ms. */
export function s3Xml(root: string, body: Record<string, unknown>): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + builder.build({ [root]: { '@_xmlns': S3_NAMESPACE, ...convert(body) as object } });
}

function convert(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(convert);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = convert(v);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return String(value);
}
