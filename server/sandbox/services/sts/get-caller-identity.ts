/**
 * STS GetCallerIdentity: who signed the request. It needs no permission and cannot be denied,
 * not even by an explicit Deny (aws-wire-protocol.md §7.5).
 */
import { principalArn, principalUserId } from '../../auth/principal.ts';
import { queryOperation } from '../operation.ts';

export const getCallerIdentity = queryOperation({
  input: () => ({}),
  access: { action: 'sts:GetCallerIdentity', noPermission: 'every signed caller may ask who it is; not even an explicit Deny stops it' },
  invoke: (_input, { principal }) => ({ UserId: principalUserId(principal), Account: principal.account.id, Arn: principalArn(principal) }),
  example: {},
});
