/**
 * The verifier's side of the lesson "Prove who you are to someone else": a third party with no
 * AWS credentials and no SDK (an EKS cluster's authenticator, Vault's AWS auth method) receives
 * a token from prover.ts, checks that it asks a real STS endpoint for GetCallerIdentity with its
 * own name signed in, sends it with plain fetch and learns from STS's answer who signed it.
 * STS checks the signature, the date and the key; a refusal is thrown as a TokenRefused named
 * after STS's error code (or the verifier's own reason). The page shows the `verifier` region in
 * full (index.mdx, <SourceRegion>); the steps call it. It keeps nothing.
 */
import { SERVER_ID_HEADER, TOKEN_PREFIX } from './prover.ts';

// #region verifier
export class TokenRefused extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

/** The presigned URL inside a token. */
export function tokenUrl(token: string): URL {
  if (!token.startsWith(TOKEN_PREFIX)) {
    throw new TokenRefused('MalformedToken', `Not a ${TOKEN_PREFIX} token.`);
  }
  const encoded = token.slice(TOKEN_PREFIX.length);
  return new URL(Buffer.from(encoded, 'base64url').toString());
}

export async function verifyIdentityToken(
  token: string,
  me: { serverId: string; trustedEndpoints: string[]; signal?: AbortSignal },
) {
  const url = tokenUrl(token);
  // 1. Only STS may answer. Otherwise the prover picks the server, and a
  //    server it runs answers with any ARN it likes.
  if (!me.trustedEndpoints.includes(url.origin) || url.pathname !== '/') {
    throw new TokenRefused(
      'UntrustedEndpoint',
      `${url.origin} is not an STS endpoint this verifier trusts; ` +
        'nothing was sent to it.',
    );
  }
  // 2. Only GetCallerIdentity, and only with a server name signed in.
  const query = url.searchParams;
  const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
  const onlyOurs = [...query.keys()].every(
    (key) => ['Action', 'Version'].includes(key) || key.startsWith('X-Amz-'),
  );
  if (query.get('Action') !== 'GetCallerIdentity' || !onlyOurs) {
    const what = 'The token is not a GetCallerIdentity.';
    throw new TokenRefused('WrongAction', what);
  }
  if (!signedHeaders.includes(SERVER_ID_HEADER)) {
    throw new TokenRefused(
      'NotBoundToServer',
      `The token does not sign ${SERVER_ID_HEADER}: ` +
        'any server could replay it.',
    );
  }
  // 3. Send it, with our own name: STS checks the signature (a token made
  //    for another server does not match), the date and the key.
  const timeout = AbortSignal.timeout(10_000);
  const response = await fetch(url, {
    headers: { [SERVER_ID_HEADER]: me.serverId },
    redirect: 'error',
    signal: me.signal ? AbortSignal.any([me.signal, timeout]) : timeout,
  }).catch((error) => {
    if (error.name !== 'TypeError') throw error; // stopped, or timed out
    const why = error.cause?.code ?? error.message;
    throw new Error(`Could not reach ${url.origin} (${why})`);
  });
  const xml = await response.text();
  const field = (name: string) =>
    new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  if (!response.ok) {
    const code = field('Code') ?? `HTTP ${response.status}`;
    throw new TokenRefused(code, field('Message') ?? xml.slice(0, 200));
  }
  // 4. Who signed it, as STS says: the only part the verifier believes.
  const [Arn, Account, UserId] = ['Arn', 'Account', 'UserId'].map(field);
  return { Arn, Account, UserId };
}
// #endregion
