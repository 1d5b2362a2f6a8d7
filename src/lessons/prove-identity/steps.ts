/**
 * Lesson "Prove who you are to someone else": a user signs a GetCallerIdentity request with its
 * own key and sends nothing (prover.ts, the EKS token format with the verifier's name signed
 * into `x-k8s-aws-id`); a verifier with no AWS credentials (verifier.ts) sends it to STS with
 * plain fetch and learns the user's ARN. Then what a verifier must survive: the token's date
 * edited (SignatureDoesNotMatch), the token replayed to another server (SignatureDoesNotMatch,
 * its name is signed), a token signed 16 minutes earlier (STS's "Signature expired"), and a
 * token that points at a server the prover chose (refused by the verifier, nothing sent). The
 * user and key steps are shared (../shared/user-setup.ts). The token is a bearer credential for
 * 15 minutes: it is registered as a secret and kept in server memory; steps return its parts
 * without the signature, ARNs and times.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { defineLesson } from '../lesson.ts';
import { deleteUser } from '../shared/teardown.ts';
import { createAccessKeyStep, createUserStep, type UserState } from '../shared/user-setup.ts';
import { identityToken, SERVER_ID_HEADER, TOKEN_PREFIX } from './prover.ts';
import { stsEndpointOf, trustedStsEndpoints } from './sts-endpoints.ts';
import { tokenUrl, verifyIdentityToken } from './verifier.ts';

export interface ProveIdentityState extends UserState {
  /** The user's identity token (a presigned GetCallerIdentity): server memory only. */
  token?: string;
}

/** The verifier's name, which the prover signs into the token. */
const VERIFIER = 'sts-workshop-verifier';

export default defineLesson<ProveIdentityState>({
  slug: 'prove-identity',
  title: 'Prove who you are to someone else',
  summary: 'Hand a third party a signed GetCallerIdentity request instead of a secret: it asks STS who signed it, and learns your ARN. Tampered, replayed, expired and misdirected tokens refused.',
  steps: [
    createUserStep,
    createAccessKeyStep,
    {
      id: 'make-token',
      title: 'Sign a GetCallerIdentity request, and send nothing',
      phase: 'usage',
      requires: ['create-access-key'],
      // #region make-token
      async run(ctx) {
        const { aws, state } = ctx;
        // Signed with the user's key, for the notebook's STS endpoint and
        // for one server: the verifier. No request leaves the notebook.
        const token = await identityToken(state.userKey!, {
          endpoint: stsEndpointOf(aws),
          region: aws.region,
          serverId: VERIFIER,
        });
        // Whoever holds it can pass for the user with this verifier for
        // 15 minutes: a credential. Kept in memory, never shown whole.
        state.token = ctx.secret(token, 'IdentityToken');
        const url = tokenUrl(token);
        ctx.secret(url.searchParams.get('X-Amz-Signature')!, 'Signature');
        const query = Object.fromEntries(url.searchParams);
        query['X-Amz-Signature'] = '(hidden)';
        return {
          Token: `${TOKEN_PREFIX}… (${token.length} characters, hidden)`,
          Endpoint: url.origin,
          Query: query,
          SignedForServer: VERIFIER,
        };
      },
      // #endregion
    },
    {
      id: 'verify-token',
      title: 'The verifier asks STS who signed the token',
      phase: 'usage',
      requires: ['make-token'],
      // #region verify-token
      async run({ aws, state, log }) {
        // The verifier's side: no AWS credentials, no SDK, only the token.
        const caller = await verifyIdentityToken(state.token!, {
          serverId: VERIFIER,
          trustedEndpoints: trustedStsEndpoints(aws),
          signal: aws.signal,
        });
        const asked = tokenUrl(state.token!).origin;
        log(
          `The verifier sent the signed GetCallerIdentity to ${asked} ` +
            `with ${SERVER_ID_HEADER}: ${VERIFIER}, and no credentials.`,
        );
        return { ...caller, AskedEndpoint: asked };
      },
      // #endregion
    },
    {
      id: 'edited-date-refused',
      title: "Edit the token's date to make it last longer",
      phase: 'usage',
      expect: { error: 'SignatureDoesNotMatch' },
      requires: ['make-token'],
      // #region edited-date-refused
      async run({ aws, state }) {
        // Someone who copied the token moves X-Amz-Date ten minutes later,
        // hoping it stays valid ten minutes longer.
        const url = tokenUrl(state.token!);
        const signedAt = url.searchParams.get('X-Amz-Date')!;
        const iso = signedAt.replace(
          /(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/,
          '$1-$2-$3T$4:$5:$6Z',
        );
        const later = new Date(Date.parse(iso) + 10 * 60_000);
        const amzDate = later.toISOString().replace(/[-:]|\.\d{3}/g, '');
        url.searchParams.set('X-Amz-Date', amzDate);
        const edited = TOKEN_PREFIX + Buffer.from(url.href).toString('base64url');

        return verifyIdentityToken(edited, {
          serverId: VERIFIER,
          trustedEndpoints: trustedStsEndpoints(aws),
          signal: aws.signal,
        });
      },
      // #endregion
    },
    {
      id: 'other-server-refused',
      title: 'Replay the token to another server',
      phase: 'usage',
      expect: { error: 'SignatureDoesNotMatch' },
      requires: ['make-token'],
      // #region other-server-refused
      async run({ aws, state }) {
        // A second service that accepts the same kind of token. If the
        // first verifier (or anyone it shows the token to) replays it here,
        // this one sends its own name, which the user did not sign.
        return verifyIdentityToken(state.token!, {
          serverId: 'another-server',
          trustedEndpoints: trustedStsEndpoints(aws),
          signal: aws.signal,
        });
      },
      // #endregion
    },
    {
      id: 'expired-refused',
      title: 'Present a token signed 16 minutes ago',
      phase: 'usage',
      expect: { error: 'SignatureDoesNotMatch' },
      requires: ['create-access-key'],
      // #region expired-refused
      async run({ aws, state }) {
        // As if this token had been copied from a log 16 minutes ago. The
        // date is the machine's clock, as a signature's always is.
        const old = await identityToken(state.userKey!, {
          endpoint: stsEndpointOf(aws),
          region: aws.region,
          serverId: VERIFIER,
          signingDate: new Date(Date.now() - 16 * 60_000),
        });
        return verifyIdentityToken(old, {
          serverId: VERIFIER,
          trustedEndpoints: trustedStsEndpoints(aws),
          signal: aws.signal,
        });
      },
      // #endregion
    },
    {
      id: 'wrong-endpoint-refused',
      title: 'Point the token at a server the prover chose',
      phase: 'usage',
      expect: { error: 'UntrustedEndpoint' },
      requires: ['create-access-key'],
      // #region wrong-endpoint-refused
      async run({ aws, state }) {
        // A correctly signed token, for a host that only looks like STS.
        // Had the verifier sent it, that host could answer any ARN at all.
        const lookalike = await identityToken(state.userKey!, {
          endpoint: 'https://sts.amazonaws.com.attacker.invalid',
          region: aws.region,
          serverId: VERIFIER,
        });
        return verifyIdentityToken(lookalike, {
          serverId: VERIFIER,
          trustedEndpoints: trustedStsEndpoints(aws),
          signal: aws.signal,
        });
      },
      // #endregion
    },
    {
      id: 'delete-user',
      title: 'Delete the user and its key',
      phase: 'teardown',
      // #region delete-user
      async run({ aws, state, ledger, log }) {
        if (!state.userName) {
          log('Nothing to delete: this run has no user (none was made, or it is already deleted).');
          return { deleted: [] };
        }
        // Its access key, then the user. A token it signed stops working
        // with the key (and after 15 minutes anyway).
        const iam = new IAMClient(aws.config());
        await deleteUser(iam, ledger, state.userName);
        const deleted = [state.userArn!];
        state.userName = state.userArn = undefined;
        state.userKey = state.token = undefined;
        return { deleted };
      },
      // #endregion
    },
  ],
});
