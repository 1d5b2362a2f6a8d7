/**
 * STS GetCallerIdentity: who signed the request. It needs no permission and cannot be denied,
 * not even by an explicit Deny (aws-wire-protocol.md §7.5).
 */
import { principalArn, principalUserId } from '../../auth/principal.ts';
import type { QueryCall } from '../query-call.ts';

export function getCallerIdentity({ principal }: QueryCall) {
  return { UserId: principalUserId(principal), Account: principal.account.id, Arn: principalArn(principal) };
}
