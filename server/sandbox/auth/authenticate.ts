/**
 * Authentication, in AWS's order (aws-wire-protocol.md §9 and §15): find the key (unknown,
 * inactive or not yet propagated → InvalidClientTokenId), then the session token and its
 * expiry (ExpiredToken before any signature mismatch), then the clock skew, then the signature
 * itself. S3 reports the same failures with its own codes, so each failure is built for the
 * service asking. Returns the Principal; it does not authorize anything.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AwsError, expiredToken, invalidClientTokenId, signatureDoesNotMatch } from '../errors.ts';
import type { SandboxState } from '../state.ts';
import type { Account, Role, Session } from '../store.ts';
import type { Principal } from './principal.ts';
import { parseAmzDate, signatureMatches, type ParsedAuthorization, type SignedRequest } from './sigv4.ts';

const SKEW_MS = 15 * 60 * 1000;

export async function authenticate(
  state: SandboxState,
  auth: ParsedAuthorization,
  request: SignedRequest,
): Promise<Principal> {
  const s3 = auth.service === 's3';
  const unknownKey = () =>
    s3 ? new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, { AWSAccessKeyId: auth.accessKeyId }) : invalidClientTokenId(auth.service);
  const now = state.clock.now();
  const token = request.headers['x-amz-security-token'];

  let secret: string;
  let principal: () => Principal;
  const session = state.store.sessions.get(auth.accessKeyId);
  if (session) {
    if (token === undefined) throw unknownKey();
    if (!sameSecret(token, session.token)) {
      throw s3 ? new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400) : invalidClientTokenId(auth.service);
    }
    if (now >= session.expiresAt) {
      throw s3 ? new AwsError('ExpiredToken', 'The provided token has expired.', 400, { 'Token-0': token }) : expiredToken();
    }
    const account = state.store.accounts.get(session.accountId);
    if (!account) throw unknownKey();
    secret = session.secret;
    principal = sessionPrincipal(account, session, auth.service, unknownKey);
  } else {
    const key = state.store.accessKeys.get(auth.accessKeyId);
    if (!key || key.status !== 'Active' || now < key.usableAt) throw unknownKey();
    const account = state.store.accounts.get(key.accountId);
    const user = key.userName === undefined ? undefined : account?.users.get(key.userName);
    if (!account || (key.userName !== undefined && !user)) throw unknownKey();
    secret = key.secret;
    principal = () => {
      key.lastUsed = { date: new Date(now), service: auth.service, region: auth.region };
      return user ? { type: 'User', account, user, key } : { type: 'Root', account, key };
    };
  }

  const amzDateText = request.headers['x-amz-date'];
  const signedAt = parseAmzDate(amzDateText);
  if (!signedAt || !amzDateText) {
    throw new AwsError('IncompleteSignature', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", 400);
  }
  const real = state.clock.real();
  if (Math.abs(real - signedAt.getTime()) > SKEW_MS) throw skewError(s3, amzDateText, real);
  const rules = { escapePath: auth.service !== 's3', claimedPayloadHash: auth.service === 's3' };
  if (amzDateText.slice(0, 8) !== auth.scopeDate || !(await signatureMatches(request, auth, secret, signedAt, rules))) {
    throw s3
      ? new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403)
      : signatureDoesNotMatch();
  }
  return principal();
}

/** The principal behind temporary credentials, by the operation that issued them. */
function sessionPrincipal(account: Account, session: Session, service: string, unknownKey: () => AwsError): () => Principal {
  switch (session.source) {
    case 'AssumeRole': {
      // Credentials stay valid until they expire even when their role is deleted (or replaced
      // by a new role of the same name); their permissions are evaluated at each request, and a
      // role that no longer exists grants nothing.
      const current = account.roles.get(session.roleName ?? '');
      const role = current && current.id === session.roleId ? current : formerRole(session);
      return () => ({ type: 'AssumedRole', account, role, session });
    }
    case 'GetFederationToken': {
      // The calling user's policies are read at each request; the same rule as for roles: a
      // deleted (or replaced) user grants nothing, and the credentials live on until they expire.
      // IAM calls are refused by authorize.ts (AccessDenied), not here.
      const current = session.userName === undefined ? undefined : account.users.get(session.userName);
      const user = current && current.id === session.userId ? current : undefined;
      return () => ({ type: 'FederatedUser', account, name: session.federatedName ?? '', user, session });
    }
    case 'GetSessionToken': {
      const user = session.userName === undefined ? undefined : account.users.get(session.userName);
      if (session.userName !== undefined && !user) throw unknownKey();
      // GetSessionToken credentials without MFA may not call IAM at all (§7.4).
      if (service === 'iam' && !session.mfaPresent) throw invalidClientTokenId(service);
      return () => (user ? { type: 'User', account, user, session } : { type: 'Root', account, session });
    }
  }
}

/** The role a session was issued for, after that role was deleted: no policies at all. */
function formerRole(session: Session): Role {
  return {
    kind: 'role',
    name: session.roleName ?? '',
    path: '/',
    id: session.roleId ?? '',
    arn: session.roleArn ?? `arn:aws:iam::${session.accountId}:role/${session.roleName}`,
    createDate: new Date(session.issuedAt),
    tags: [],
    inlinePolicies: new Map(),
    attachedPolicies: new Set(),
    usableAt: 0,
    trustPolicy: { text: '{"Version":"2012-10-17","Statement":[]}', parsed: { version: '2012-10-17', statements: [] } },
    maxSessionDuration: 3600,
    trustUsableAt: Number.MAX_SAFE_INTEGER,
  };
}

/** Constant-time comparison of a presented session token with the one issued. */
function sameSecret(presented: string, issued: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(issued).digest();
  return timingSafeEqual(a, b);
}

function skewError(s3: boolean, amzDate: string, real: number): AwsError {
  if (s3) {
    return new AwsError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403);
  }
  const fmt = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const signedAt = parseAmzDate(amzDate)!.getTime();
  if (signedAt < real) {
    return new AwsError('SignatureDoesNotMatch', `Signature expired: ${amzDate} is now earlier than ${fmt(real - SKEW_MS)} (${fmt(real)} - 15 min.)`, 403);
  }
  return new AwsError('SignatureDoesNotMatch', `Signature not yet current: ${amzDate} is still later than ${fmt(real + SKEW_MS)} (${fmt(real)} + 15 min.)`, 403);
}
