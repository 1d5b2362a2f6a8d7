/**
 * What a wire protocol does for the pipeline, so the chain never asks which service it serves:
 * `parse` turns the authenticated request into the operation it names and the request shape that
 * operation reads (query: the form's Action and a QueryParams; REST-XML: the service's routing),
 * `result` writes an operation's output and `error` an AwsError, each in the protocol's envelope
 * with AWS's request-id headers and a real `Date`, as a Reply (status, headers, body), which the
 * listener writes to the socket as it is; a Fetch Response is still taken (read into a Reply by
 * pipeline/reply.ts), at the Fetch API's cost. One object per protocol: protocol/query.ts,
 * protocol/ec2-query.ts, protocol/rest-xml.ts. It validates no operation's parameters (each
 * operation's `input` does).
 */
import type { SignedRequest } from '../auth/sigv4.ts';
import type { AwsError } from '../errors.ts';
import type { Ids } from '../ids.ts';
import type { Call } from '../services/operation.ts';
import type { Service } from '../services/service.ts';

/** What every answer needs besides its content. */
export interface Answer {
  service: Service;
  /** The operation's name, once parsed. */
  operation?: string;
  requestId: string;
  method: string;
  /** The `Date` header: the sandbox's wall clock, never its simulated time. */
  date: string;
  ids: Ids;
}

/**
 * An answer as it goes on the wire: the status, the headers as written (a `content-length` is
 * added from the body unless given), and the body (none for HEAD or an empty answer).
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface Protocol<Req = unknown> {
  name: 'query' | 'ec2' | 'rest-xml';
  parse(request: SignedRequest, service: Service<Req>, call: Call): { operation: string; request: Req };
  result(output: unknown, answer: Answer): Reply | Response;
  error(error: AwsError, answer: Answer): Reply | Response;
}
