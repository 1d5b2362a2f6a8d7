/**
 * A signing name the sandbox does not serve (`sqs`, `lambda`, …): the request is authenticated like any
 * other, then answered InvalidAction in STS's query envelope, whatever it asks. No faults.
 */
import { AwsError } from '../errors.ts';
import { query } from '../protocol/query.ts';
import { queryService } from './query-service.ts';
import type { Service } from './service.ts';

export function unknownService(name: string): Service {
  const notImplemented = () => {
    throw new AwsError('InvalidAction', `The sandbox does not implement the ${name} service.`, 400);
  };
  return queryService(name, 'https://sts.amazonaws.com/doc/2011-06-15/', {}, { protocol: { ...query, parse: notImplemented }, faults: false });
}
