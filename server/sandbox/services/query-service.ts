/**
 * A service on the AWS query protocol (STS, IAM, the sandbox's own): signed as every service
 * but S3 signs (path normalized and encoded again, the body's real hash), authentication
 * failures and AccessDenied in IAM/STS wording, bodies up to 1 MiB. Each service module names
 * its signing name, XML namespace and operation table, and whatever differs.
 */
import { queryAuthErrors } from '../auth/auth-errors.ts';
import { query } from '../protocol/query.ts';
import type { QueryParams } from '../protocol/query-params.ts';
import type { Operation } from './operation.ts';
import type { Service } from './service.ts';

export const MAX_QUERY_BODY = 1024 * 1024;

export function queryService(
  name: string,
  xmlNamespace: string,
  operations: Record<string, Operation<any, QueryParams>>,
  more: Partial<Service<QueryParams>> = {},
): Service<QueryParams> {
  return {
    name,
    protocol: query,
    operations,
    xmlNamespace,
    signing: { escapePath: true, claimedPayloadHash: false },
    authErrors: queryAuthErrors(name),
    denial: 'iam',
    faults: true,
    maxBodyBytes: MAX_QUERY_BODY,
    ...more,
  };
}
