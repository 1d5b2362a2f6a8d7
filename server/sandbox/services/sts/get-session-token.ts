/**
 * STS GetSessionToken: temporary credentials for an IAM user (or root), optionally
 * authenticated with MFA. It needs no permission; it refuses session credentials; durations
 * are 900–129600 s (default 43200), and root's are silently capped at one hour
 * (aws-wire-protocol.md §7.1, §7.4). Credentials made with MFA carry
 * aws:MultiFactorAuthPresent=true; without, false.
 */
import { verifyStsMfa } from '../../auth/mfa.ts';
import { accessDenied } from '../../errors.ts';
import { check, length, pattern, range } from '../../protocol/validate.ts';
import { queryOperation } from '../operation.ts';
import { credentialsOutput, issueCredentials } from './issue-credentials.ts';

export const getSessionToken = queryOperation({
  input(params) {
    const duration = params.get('DurationSeconds');
    const serialNumber = params.get('SerialNumber');
    const tokenCode = params.get('TokenCode');
    check(
      range(duration, 'durationSeconds', 900, 129600),
      length(serialNumber, 'serialNumber', 9, 256),
      pattern(serialNumber, 'serialNumber', '[\\w+=/:,.@-]*'),
      length(tokenCode, 'tokenCode', 6, 6),
      pattern(tokenCode, 'tokenCode', '[\\d]*'),
    );
    return { duration, serialNumber, tokenCode };
  },
  access: { action: 'sts:GetSessionToken', noPermission: 'AWS asks no permission: it refuses session credentials and checks the MFA code instead' },
  invoke({ duration, serialNumber, tokenCode }, { state, principal }) {
    if (principal.session) throw accessDenied('Cannot call GetSessionToken with session credentials');
    if (principal.type === 'AssumedRole' || principal.type === 'FederatedUser') throw accessDenied('Cannot call GetSessionToken with session credentials');
    const mfa = verifyStsMfa(state, principal, serialNumber, tokenCode);
    let seconds = duration === undefined ? 43200 : Number(duration);
    if (principal.type === 'Root') seconds = Math.min(seconds, 3600);
    const session = issueCredentials(
      state,
      {
        accountId: principal.account.id,
        source: 'GetSessionToken',
        userName: principal.type === 'User' ? principal.user.name : undefined,
        mfaPresent: mfa,
        mfaAuthAt: mfa ? state.clock.now() : undefined,
        chained: false,
        fromLongTermUser: false,
        tags: [],
      },
      seconds,
    );
    return { Credentials: credentialsOutput(session) };
  },
  example: { DurationSeconds: 900 },
});
