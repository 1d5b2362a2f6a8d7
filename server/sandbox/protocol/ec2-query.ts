/**
 * The EC2 query protocol: requests as the query protocol takes them (a form POST, or a GET's
 * query string, whose `Action` names the operation; `Version=2016-11-15`; lists flattened as
 * `InstanceId.1`, `Filter.1.Value.1`), answers in EC2's own shape: `<{Op}Response xmlns=…>`
 * holding `<requestId>` and the result's members directly (no `{Op}Result` wrapper, no
 * ResponseMetadata), lists as `<item>` elements, the lowerCamel names the operations write,
 * dates with milliseconds; errors as `<Response><Errors><Error><Code/><Message/></Error></Errors>
 * <RequestID/></Response>` (botocore's EC2QueryParser reads `RequestID`; SDK v3's
 * AwsEc2QueryProtocol reads `Errors.Error`), never the query protocol's ErrorResponse. The
 * request id also travels in `x-amzn-RequestId`. An unknown action is InvalidAction in EC2's
 * words ("The action X is not valid for this web service.").
 */
import { AwsError } from '../errors.ts';
import type { Protocol } from './protocol.ts';
import { QueryParams } from './query-params.ts';
import { writeXml, xmlTree } from './xml.ts';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const decoder = new TextDecoder();

export const ec2Query: Protocol<QueryParams> = {
  name: 'ec2',

  parse(request, service) {
    const params = QueryParams.parse(request.body.length === 0 && request.method === 'GET' ? request.rawQuery : decoder.decode(request.body));
    const action = params.get('Action');
    if (!action) throw new AwsError('MissingAction', 'The request must contain the parameter Action', 400);
    if (!Object.hasOwn(service.operations, action)) throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
    return { operation: action, request: params };
  },

  result(output, answer) {
    const members = output === undefined ? {} : (xmlTree(output, { lists: 'item', dates: 'milliseconds' }) as object);
    const xml = DECLARATION + writeXml({ [`${answer.operation}Response`]: { '@_xmlns': answer.service.xmlNamespace, requestId: answer.requestId, ...members } });
    return new Response(xml, { status: 200, headers: headers(answer) });
  },

  error(error, answer) {
    const xml = DECLARATION + writeXml({ Response: { Errors: { Error: { Code: error.code, Message: error.message } }, RequestID: answer.requestId } });
    return new Response(answer.method === 'HEAD' ? null : xml, { status: error.status, headers: headers(answer) });
  },
};

function headers(answer: { requestId: string; date: string }): Record<string, string> {
  return { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-RequestId': answer.requestId, date: answer.date };
}
