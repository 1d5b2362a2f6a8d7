/**
 * The listing ListUsers and ListRoles share: `PathPrefix` validated with AWS's pattern (default
 * `/`), the caller authorized on the ARN an entity would have at that prefix with an empty name
 * (`arn:aws:iam::ACCT:user/team/`), the entities whose path starts with the prefix, and pages in
 * name order without regard to case. The caller shapes the members and names the result list.
 */
import { check } from '../../protocol/validate.ts';
import type { QueryCall } from '../query-call.ts';
import { allow } from './lookup.ts';
import { pathPrefixClauses } from './names.ts';
import { paginate, type Truncation } from './paging.ts';

export function listByPath<T extends { name: string; path: string }>(
  call: QueryCall,
  action: string,
  arnOf: (accountId: string, path: string, name: string) => string,
  entities: Iterable<T>,
): { items: T[]; truncation: Truncation } {
  const prefix = call.params.get('PathPrefix');
  check(...pathPrefixClauses(prefix));
  allow(call, action, arnOf(call.principal.account.id, prefix ?? '/', ''));
  const matching = [...entities].filter((entity) => entity.path.startsWith(prefix ?? '/'));
  return paginate(matching, (entity) => entity.name.toLowerCase(), call.params);
}
