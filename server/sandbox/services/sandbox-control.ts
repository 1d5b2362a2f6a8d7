/**
 * Sandbox-only operations that have no AWS equivalent, on their own signed service `sandbox`
 * (SigV4 scope `…/sandbox/aws4_request`). AgeCredentials fast-forwards one session of the
 * caller's account (its issue time and expiry move back), so a lesson can show ExpiredToken
 * without waiting and without disturbing anything else. AdvanceClock moves the whole sandbox's
 * simulated clock (credentials, TOTP windows: mainly for tests); GetClock reports it. They need
 * the `sandbox:<Action>` permission (administrators have it). The `Date` header keeps real time.
 */
import { requireAllowed } from '../auth/authorize.ts';
import { AwsError } from '../errors.ts';
import { check, range, required } from '../protocol/validate.ts';
import type { QueryCall, QueryOperations } from './query-call.ts';

function clockOutput({ state }: QueryCall) {
  return { Now: new Date(state.clock.now()), OffsetSeconds: Math.round(state.clock.offset() / 1000) };
}

export const sandboxOperations: QueryOperations = {
  GetClock: (call) => clockOutput(call),
  AgeCredentials(call) {
    const accessKeyId = call.params.get('AccessKeyId');
    const seconds = call.params.get('Seconds');
    check(required(accessKeyId, 'accessKeyId'), required(seconds, 'seconds'), range(seconds, 'seconds', 1, 7 * 24 * 3600));
    requireAllowed(call.state, call.principal, call.region, { action: 'sandbox:AgeCredentials', resource: '*' });
    const session = call.state.store.sessions.get(accessKeyId!);
    if (!session || session.accountId !== call.principal.account.id) {
      throw new AwsError('NoSuchEntity', `No temporary credentials with the access key id ${accessKeyId} in this account.`, 404);
    }
    session.issuedAt -= Number(seconds) * 1000;
    session.expiresAt -= Number(seconds) * 1000;
    return { AccessKeyId: session.accessKeyId, Expiration: new Date(session.expiresAt) };
  },
  AdvanceClock(call) {
    const seconds = call.params.get('Seconds');
    check(required(seconds, 'seconds'), range(seconds, 'seconds', 1, 7 * 24 * 3600));
    requireAllowed(call.state, call.principal, call.region, { action: 'sandbox:AdvanceClock', resource: '*' });
    call.state.clock.advance(Number(seconds) * 1000);
    return clockOutput(call);
  },
};
