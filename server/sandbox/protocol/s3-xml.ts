/**
 * S3's XML: the bare `<Error>` envelope (not wrapped, unlike the query protocol) and a writer
 * for S3 result documents, where lists are repeated elements rather than `<member>` lists.
 */
import type { AwsError } from '../errors.ts';
import { writeXml, xmlTree } from './xml.ts';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function s3ErrorXml(error: AwsError, requestId: string, hostId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    writeXml({ Error: { Code: error.code, Message: error.message, ...error.extra, RequestId: requestId, HostId: hostId } })
  );
}

/** `root` is e.g. ListAllMyBucketsResult; arrays repeat their element name; Dates are ISO with ms. */
export function s3Xml(root: string, body: Record<string, unknown>): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + writeXml({ [root]: { '@_xmlns': S3_NAMESPACE, ...(xmlTree(body, { lists: 'repeat', dates: 'milliseconds' }) as object) } });
}
