/**
 * The authenticate stage, in AWS's order (aws-wire-protocol.md §9 and §15): the request must be
 * signed; find the key (unknown, inactive or not yet propagated → the service's unknown-key
 * error), then the session token and its expiry (expired before any signature mismatch), then
 * the clock skew, then the signature itself, re-signed as the service signs. Each failure is
 * worded by the service asking (Service.authErrors). The signature comes in the Authorization
 * header or presigned in the query (auth/presigned.ts: its token and date are query parameters,
 * and its time window is the service's); the service checks the signing region first
 * (Service.checkRegion). It records when a long-term key was last
 * used and leaves the Call, with its Principal, on the context; it authorizes nothing.
 */
import type { AuthErrors } from '../auth/auth-errors.ts';
import { SKEW_MS } from '../auth/auth-errors.ts';
import { presignedWindow } from '../auth/presigned.ts';
import type { Principal } from '../auth/principal.ts';
import { expiredDroppedToken, tokenMatches } from '../auth/session-tokens.ts';
import { parseAmzDate, parseRawQuery, signatureMatches } from '../auth/sigv4.ts';
import { AwsError } from '../errors.ts';
import type { Service } from '../services/service.ts';
import { dropIfSpent } from '../session-sweep.ts';
import type { Account, Role, Session } from '../store.ts';
import type { RequestContext } from './context.ts';
import { takesUnsigned, unsignedCall } from './unsigned.ts';

export async function authenticate(ctx: RequestContext): Promise<void> {
  const { state, request, service } = ctx;
  const errors = service.authErrors;
  const auth = ctx.auth;
  if (!auth) {
    if (takesUnsigned(ctx)) return void (ctx.call = unsignedCall(ctx));
    throw errors.unsigned();
  }
  service.checkRegion?.(request, auth, state);
  const unknownKey = () => errors.unknownKey(auth.accessKeyId);
  const now = state.clock.now();
  const token = auth.presigned ? queryToken(request.rawQuery) : request.headers['x-amz-security-token'];

  let secret: string;
  let principal: () => Principal;
  const session = state.store.sessions.get(auth.accessKeyId);
  if (session) {
    if (token === undefined) throw unknownKey();
    if (!tokenMatches(state, token, session)) throw errors.badToken();
    if (now >= session.expiresAt) {
      dropIfSpent(state, session); // its token alone still gets ExpiredToken (below)
      throw errors.expiredToken(token);
    }
    const account = state.store.accounts.get(session.accountId);
    if (!account) throw unknownKey();
    secret = session.secret;
    principal = sessionPrincipal(account, session, service, errors, auth.accessKeyId);
  } else {
    if (token !== undefined && expiredDroppedToken(state, token, auth.accessKeyId)) throw errors.expiredToken(token);
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

  const amzDateText = auth.presigned ? auth.presigned.amzDate : request.headers['x-amz-date'];
  const signedAt = parseAmzDate(amzDateText);
  if (!signedAt || !amzDateText) {
    throw new AwsError('IncompleteSignature', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", 400);
  }
  const real = state.clock.real();
  if (auth.presigned) presignedWindow(auth, real, service.protocol.name, errors);
  else if (Math.abs(real - signedAt.getTime()) > SKEW_MS) throw errors.skewed(amzDateText, real);
  if (amzDateText.slice(0, 8) !== auth.scopeDate || !(await signatureMatches(request, auth, secret, signedAt, service.signing))) {
    throw errors.signatureMismatch();
  }
  ctx.call = { state, principal: principal(), region: auth.region, requestId: ctx.requestId };
}

/** The principal behind temporary credentials, by the operation that issued them. */
function sessionPrincipal(account: Account, session: Session, service: Service, errors: AuthErrors, accessKeyId: string): () => Principal {
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
      // IAM calls are refused by the policy evaluation (AccessDenied), not here.
      const current = session.userName === undefined ? undefined : account.users.get(session.userName);
      const user = current && current.id === session.userId ? current : undefined;
      return () => ({ type: 'FederatedUser', account, name: session.federatedName ?? '', user, session });
    }
    case 'GetSessionToken': {
      const user = session.userName === undefined ? undefined : account.users.get(session.userName);
      if (session.userName !== undefined && !user) throw errors.unknownKey(accessKeyId);
      // GetSessionToken credentials without MFA may not call IAM at all (§7.4).
      if (service.mfaSessionTokensOnly && !session.mfaPresent) throw errors.unknownKey(accessKeyId);
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

/** A presigned request's session token (X-Amz-Security-Token), if it carries one. */
function queryToken(rawQuery: string): string | undefined {
  const token = parseRawQuery(rawQuery)['X-Amz-Security-Token'];
  return typeof token === 'string' ? token : undefined;
}
