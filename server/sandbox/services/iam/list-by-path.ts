/**
 * The listing ListUsers and ListRoles share: `PathPrefix` validated with AWS's pattern (default
 * `/`), the caller authorized on the ARN an entity would have at that prefix with an empty name
 * (`arn:aws:iam::ACCT:user/team/`), the entities whose path starts with the prefix, and pages in
 * name order without regard to case. The caller shapes the members and names the result list.
 */
import type { QueryParams } from '../../protocol/query-params.ts';
import { check } from '../../protocol/validate.ts';
import type { Access } from '../operation.ts';
import { pathPrefixClauses } from './names.ts';
import { paginate, type Truncation } from './paging.ts';

export interface PathListing {
  prefix: string;
  params: QueryParams;
}

export function pathListingInput(params: QueryParams): PathListing {
  const prefix = params.get('PathPrefix');
  check(...pathPrefixClauses(prefix));
  return { prefix: prefix ?? '/', params };
}

export function pathListingAccess(action: string, arnOf: (accountId: string, path: string, name: string) => string): Access<PathListing> {
  return { action, resource: ({ prefix }, call) => arnOf(call.principal.account.id, prefix, '') };
}

export function listByPath<T extends { name: string; path: string }>(listing: PathListing, entities: Iterable<T>): { items: T[]; truncation: Truncation } {
  const matching = [...entities].filter((entity) => entity.path.startsWith(listing.prefix));
  return paginate(matching, (entity) => entity.name.toLowerCase(), listing.params);
}
