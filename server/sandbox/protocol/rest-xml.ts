/**
 * The REST-XML protocol (S3): the service routes a request by method, path and query to an
 * operation (its `route`), the operation answers with a RestOutput (status, headers, an XML
 * document or raw bytes), and errors are S3's bare `<Error>` document (not wrapped, unlike the
 * query protocol) with RequestId and HostId; a HEAD request gets the status alone. Every answer
 * carries `x-amz-request-id` and `x-amz-id-2`. Documents are written in xml.ts's S3 style
 * (repeated list elements, dates with milliseconds) under S3's namespace.
 */
import type { Protocol } from './protocol.ts';
import { writeXml, xmlTree } from './xml.ts';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** What a REST operation answers. */
export interface RestOutput {
  /** 200 unless given. */
  status?: number;
  headers?: Record<string, string>;
  /** An XML document: its root element and content (`#text` for a root with text only). */
  document?: { root: string; content: Record<string, unknown> };
  body?: Uint8Array<ArrayBuffer>;
}

export const restXml: Protocol<any> = {
  name: 'rest-xml',

  parse(request, service, call) {
    return service.route!(request, call);
  },

  result(output, answer) {
    const { status = 200, headers = {}, document, body } = output as RestOutput;
    const all: Record<string, string> = { ...headers, 'x-amz-request-id': answer.requestId, 'x-amz-id-2': hostHeader(answer), date: answer.date };
    if (document) {
      all['content-type'] = 'application/xml';
      const content = xmlTree(document.content, { lists: 'repeat', dates: 'milliseconds' }) as object;
      return { status, headers: all, body: DECLARATION + writeXml({ [document.root]: { '@_xmlns': S3_NAMESPACE, ...content } }) };
    }
    return { status, headers: all, body };
  },

  error(error, answer) {
    const xml = DECLARATION + writeXml({ Error: { Code: error.code, Message: error.message, ...error.extra, RequestId: answer.requestId, HostId: answer.ids.hex(24) } });
    const headers = { 'content-type': 'application/xml', 'x-amz-request-id': answer.requestId, 'x-amz-id-2': hostHeader(answer), date: answer.date };
    return { status: error.status, headers, body: answer.method === 'HEAD' ? undefined : xml };
  },
};

/** `x-amz-id-2`: an opaque host id, base64 as S3 sends it. */
function hostHeader(answer: { ids: { hex(bytes: number): string } }): string {
  return Buffer.from(answer.ids.hex(32)).toString('base64');
}
