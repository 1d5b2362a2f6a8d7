/**
 * STS GetAccessKeyInfo: the account an access key id belongs to, for any key the sandbox issued
 * (a long-term AKIA key, active or not, or an ASIA key of temporary credentials), whoever asks.
 * It needs `sts:GetAccessKeyInfo` (resource `*`). AWS decodes the account from the key id itself
 * and documents only that "providing a deleted access key might return an error that the key
 * doesn't exist"; the sandbox answers a key it never issued with `InvalidParameterValue`, an
 * unconfirmed wording. Validation as AWS's model: 16–128 characters, `[\w]*`.
 */
import { AwsError } from '../../errors.ts';
import { check, length, pattern, required } from '../../protocol/validate.ts';
import { queryOperation } from '../operation.ts';

export const getAccessKeyInfo = queryOperation({
  input(params) {
    const accessKeyId = params.get('AccessKeyId');
    check(required(accessKeyId, 'accessKeyId'), length(accessKeyId, 'accessKeyId', 16, 128), pattern(accessKeyId, 'accessKeyId', '[\\w]*'));
    return { accessKeyId: accessKeyId! };
  },
  access: { action: 'sts:GetAccessKeyInfo', resource: () => '*' },
  invoke({ accessKeyId }, { state }) {
    const account = state.store.accessKeys.get(accessKeyId)?.accountId ?? state.store.sessions.get(accessKeyId)?.accountId;
    // Unconfirmed: AWS's answer for a key id it never issued.
    if (account === undefined) throw new AwsError('InvalidParameterValue', `The access key ID ${accessKeyId} does not exist.`, 400);
    return { Account: account };
  },
  example: { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
});
