/**
 * What a wire protocol does for the pipeline, so the chain never asks which service it serves:
 * `parse` turns the authenticated request into the operation it names and the request shape that
 * operation reads (query: the form's Action and a QueryParams; REST-XML: the service's routing),
 * `result` writes an operation's output and `error` an AwsError, each in the protocol's envelope
 * with AWS's request-id headers and a real `Date`. One object per protocol: protocol/query.ts,
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

export interface Protocol<Req = unknown> {
  name: 'query' | 'ec2' | 'rest-xml';
  parse(request: SignedRequest, service: Service<Req>, call: Call): { operation: string; request: Req };
  result(output: unknown, answer: Answer): Response;
  error(error: AwsError, answer: Answer): Response;
}
