/**
 * STS DecodeAuthorizationMessage: the JSON behind an encoded authorization failure message (the
 * one EC2's UnauthorizedOperation carries, auth/denied-error.ts), for a caller of the account
 * that was refused, with `sts:DecodeAuthorizationMessage` on `*`. Anything else (text the
 * sandbox never encoded, an altered message, another account's) is
 * `InvalidAuthorizationMessageException` 400 (the SDK's modeled error; its message "Message is
 * not valid" is unconfirmed). Validation as AWS's model: EncodedMessage 1–10240 characters.
 */
import { authorizationMessage } from '../../auth/authorization-message.ts';
import { AwsError } from '../../errors.ts';
import { check, length, required } from '../../protocol/validate.ts';
import { queryOperation } from '../operation.ts';

export const decodeAuthorizationMessage = queryOperation({
  input(params) {
    const encoded = params.get('EncodedMessage');
    check(required(encoded, 'encodedMessage'), length(encoded, 'encodedMessage', 1, 10240));
    return { encoded: encoded! };
  },
  access: { action: 'sts:DecodeAuthorizationMessage', resource: () => '*' },
  invoke({ encoded }, { state, principal }) {
    const decoded = authorizationMessage.decode(state.ids, principal.account.id, encoded);
    if (decoded === undefined) throw new AwsError('InvalidAuthorizationMessageException', 'Message is not valid', 400);
    return { DecodedMessage: decoded };
  },
  example: { EncodedMessage: 'EXAMPLE-encoded-message' },
});
