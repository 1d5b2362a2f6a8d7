/**
 * The AWS query protocol (STS, IAM and the sandbox's own service): a form-encoded POST whose
 * `Action` names the operation (MissingAction, InvalidAction as AWS words them), answered with
 * the `<{Op}Response>` envelope (the result in xml.ts's query style: `<member>` lists, whole
 * seconds) or `<ErrorResponse>` (Sender or Receiver), the request id in the body and in
 * `x-amzn-RequestId`. Parameters are read by each operation's `input` from the QueryParams:
 * the form body, or the query string of a GET (how a presigned GetCallerIdentity comes).
 */
import { AwsError } from '../errors.ts';
import type { Protocol } from './protocol.ts';
import { QueryParams } from './query-params.ts';
import { writeXml, xmlTree } from './xml.ts';

const decoder = new TextDecoder();

export const query: Protocol<QueryParams> = {
  name: 'query',

  parse(request, service) {
    const params = QueryParams.parse(request.body.length === 0 && request.method === 'GET' ? request.rawQuery : decoder.decode(request.body));
    const action = params.get('Action');
    if (!action) throw new AwsError('MissingAction', 'Missing Action', 400);
    if (!Object.hasOwn(service.operations, action)) {
      throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`, 400);
    }
    return { operation: action, request: params };
  },

  result(output, answer) {
    const body: Record<string, unknown> = { '@_xmlns': answer.service.xmlNamespace };
    if (output !== undefined) body[`${answer.operation}Result`] = xmlTree(output, { lists: 'member', dates: 'seconds' });
    body.ResponseMetadata = { RequestId: answer.requestId };
    const xml = writeXml({ [`${answer.operation}Response`]: body });
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': answer.requestId, date: answer.date }, body: xml };
  },

  error(error, answer) {
    const xml = writeXml({
      ErrorResponse: {
        '@_xmlns': answer.service.xmlNamespace,
        Error: { Type: error.status >= 500 ? 'Receiver' : 'Sender', Code: error.code, Message: error.message },
        RequestId: answer.requestId,
      },
    });
    const headers = { 'content-type': 'text/xml', 'x-amzn-RequestId': answer.requestId, date: answer.date };
    return { status: error.status, headers, body: answer.method === 'HEAD' ? undefined : xml };
  },
};
