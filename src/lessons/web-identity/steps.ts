/**
 * Lesson "Web identity: CI credentials without stored keys": an IAM OpenID Connect provider for
 * a CI issuer (the sandbox's own issuer, standing in for GitHub Actions'
 * token.actions.githubusercontent.com, which a real account gets instead), a role whose trust
 * policy admits only tokens for one repository's main branch (`aud` and `sub`), two tokens as
 * GitHub Actions gives them to two workflow runs (minted by the sandbox issuer: the lesson's one
 * sandbox-only step, shared/sandbox-identity-providers.ts), AssumeRoleWithWebIdentity with no AWS
 * credentials at all succeeding for main (GetCallerIdentity of the session) and refused for the
 * other branch. Tokens are credentials: they live in the lesson state (server memory) and the
 * steps return their claims, never the tokens. The provider is unique per issuer in an account:
 * one that was there before is used and left alone.
 */
import {
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  GetOpenIDConnectProviderCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { decodeJwt } from 'jose';
import { defineLesson } from '../lesson.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { sandboxOidcIssuer } from '../shared/sandbox-identity-providers.ts';
import { deleteOidcProvider, deleteRole, gone } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';

type Session = AwsCredentialIdentity & { expiration: Date };

export interface WebIdentityState {
  /** The IAM OIDC provider's ARN, and its issuer without https:// (the condition keys' prefix). */
  providerArn?: string;
  issuer?: string;
  /** This run created the provider; one that was there before is left alone. */
  providerCreated?: boolean;
  roleName?: string;
  roleArn?: string;
  /** The two workflow runs' tokens (bearer credentials: server memory only). */
  mainToken?: string;
  featureToken?: string;
  /** The role session the main branch's token was exchanged for. */
  session?: Session;
}

/** GitHub Actions' issuer: what a real account's provider is for. */
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
/** The audience GitHub's tokens carry when they are meant for AWS STS. */
const AUDIENCE = 'sts.amazonaws.com';
/** The repository whose workflow deploys (on a real account: yours). */
const REPOSITORY = 'octo-org/octo-repo';

export default defineLesson<WebIdentityState>({
  slug: 'web-identity',
  title: 'Web identity: CI credentials without stored keys',
  summary:
    "A CI job trades its provider's signed token for role credentials: an OIDC provider in IAM, a trust policy that checks the token's aud and sub, AssumeRoleWithWebIdentity allowed for main and refused for another branch.",
  steps: [
    {
      id: 'create-provider',
      title: 'Create the OpenID Connect provider',
      phase: 'setup',
      // #region create-provider
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.providerArn) {
          return { OpenIDConnectProviderArn: state.providerArn };
        }
        // The issuer IAM is to trust. On a real account: GitHub Actions'. On
        // the sandbox its own issuer stands in for it (AWS could not reach it).
        const Url =
          aws.target === 'sandbox'
            ? await sandboxOidcIssuer.url(aws)
            : GITHUB_ISSUER;
        const issuer = Url.replace(/^https:\/\//, '');
        const arn = `arn:aws:iam::${aws.accountId}:oidc-provider/${issuer}`;
        const iam = new IAMClient(aws.config());

        // An account has one provider per issuer URL: if there is one
        // already (your CI may use it), use it and leave it alone.
        const existing = await gone(
          iam.send(
            new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }),
          ),
        );
        if (!existing) {
          // Providers have no path: the run tag is what marks ours.
          await tracked(
            ctx,
            { kind: 'oidc-provider', name: arn, arn },
            () =>
              iam.send(
                new CreateOpenIDConnectProviderCommand({
                  Url,
                  ClientIDList: [AUDIENCE],
                  Tags: ctx.ownership.tags,
                }),
              ),
          );
        }
        state.providerArn = arn;
        state.issuer = issuer;
        state.providerCreated = !existing;
        return {
          OpenIDConnectProviderArn: arn,
          Url,
          ClientIDList: existing ? existing.ClientIDList : [AUDIENCE],
          ...(existing ? { note: 'It was there already: used, left alone.' } : {}),
        };
      },
      // #endregion
    },
    {
      id: 'create-role',
      title: 'Create a role that trusts main of one repository',
      phase: 'setup',
      requires: ['create-provider'],
      // #region create-role
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.roleArn) return { RoleName: state.roleName, Arn: state.roleArn };
        const RoleName = ctx.name('ci-role');
        // Anyone with a token from this issuer matches the Principal: every
        // GitHub repository in the world. The conditions narrow it to tokens
        // meant for AWS (aud) from one repository's main branch (sub).
        const trustPolicy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: state.providerArn },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: {
                  [`${state.issuer}:aud`]: AUDIENCE,
                  [`${state.issuer}:sub`]: `repo:${REPOSITORY}:ref:refs/heads/main`,
                },
              },
            },
          ],
        };
        const iam = new IAMClient(aws.config());
        const createRole = () =>
          iam.send(
            new CreateRoleCommand({
              RoleName,
              AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
              Description: 'STS workshop: assumed by CI on main, no stored keys',
              Path: ctx.ownership.path,
              Tags: ctx.ownership.tags,
            }),
          );
        // A new provider may take a few seconds before a policy can name it.
        const { Role } = await tracked(
          ctx,
          { kind: 'role', name: RoleName },
          () =>
            untilPropagated(ctx, 'CreateRole', createRole, {
              retryOn: ['MalformedPolicyDocumentException'],
              maxSeconds: 60,
            }),
          (created) => created.Role?.Arn,
        );
        state.roleName = RoleName;
        state.roleArn = Role!.Arn;
        return { RoleName, Arn: Role!.Arn, trustPolicy };
      },
      // #endregion
    },
    {
      id: 'get-tokens',
      title: 'Get tokens for two workflow runs (sandbox)',
      phase: 'usage',
      // #region get-tokens
      async run(ctx) {
        const { aws, state } = ctx;
        // SANDBOX ONLY. In GitHub Actions the job asks its runner for a
        // token; here the sandbox's issuer signs the claims GitHub would
        // put in it, for a run on main and a run on a feature branch.
        const claims = (branch: string) => ({
          sub: `repo:${REPOSITORY}:ref:refs/heads/${branch}`,
          aud: AUDIENCE,
          repository: REPOSITORY,
          ref: `refs/heads/${branch}`,
          event_name: 'push',
          workflow: 'deploy',
        });
        const main = await sandboxOidcIssuer.token(aws, claims('main'));
        const feature = await sandboxOidcIssuer.token(aws, claims('feature'));

        // A token is a bearer credential, usable by whoever holds it until it
        // expires: it stays on the server, and the page shows its claims.
        state.mainToken = ctx.secret(main, 'WebIdentityToken');
        state.featureToken = ctx.secret(feature, 'WebIdentityToken');
        const claimsOf = (token: string) => {
          const { iss, sub, aud, ref, iat, exp } = decodeJwt(token);
          const at = (seconds?: number) => new Date((seconds ?? 0) * 1000);
          return { iss, sub, aud, ref, iat: at(iat), exp: at(exp) };
        };
        return { main: claimsOf(main), feature: claimsOf(feature) };
      },
      // #endregion
    },
    {
      id: 'assume-role',
      title: 'Exchange the main token for role credentials',
      phase: 'usage',
      requires: ['create-role', 'get-tokens'],
      // #region assume-role
      async run(ctx) {
        const { aws, state } = ctx;
        // No AWS credentials at all: the token is the credential, and the
        // SDK sends AssumeRoleWithWebIdentity unsigned.
        const { credentials: _none, ...anonymous } = aws.config();
        const sts = new STSClient(anonymous);
        const assume = new AssumeRoleWithWebIdentityCommand({
          RoleArn: state.roleArn,
          RoleSessionName: 'github-actions-main',
          WebIdentityToken: state.mainToken,
          DurationSeconds: 900,
        });
        // A new role's trust policy takes a few seconds to be in force.
        const answer = await untilPropagated(
          ctx,
          'AssumeRoleWithWebIdentity',
          () => sts.send(assume),
          { retryOn: ['AccessDenied'] },
        );
        const c = answer.Credentials!;
        state.session = {
          accessKeyId: c.AccessKeyId!,
          secretAccessKey: ctx.secret(c.SecretAccessKey!, 'SecretAccessKey'),
          sessionToken: ctx.secret(c.SessionToken!, 'SessionToken'),
          expiration: c.Expiration!,
        };
        ctx.credentials.hold(state.session, {
          label: 'CI session (main)',
          principal: answer.AssumedRoleUser!.Arn!,
        });

        // Who the session is: the role, with the session name we chose.
        const me = await new STSClient(aws.config(state.session)).send(
          new GetCallerIdentityCommand({}),
        );
        return {
          SubjectFromWebIdentityToken: answer.SubjectFromWebIdentityToken,
          Audience: answer.Audience,
          Provider: answer.Provider,
          AccessKeyId: c.AccessKeyId,
          Expiration: c.Expiration,
          CallerArn: me.Arn,
        };
      },
      // #endregion
    },
    {
      id: 'other-branch-refused',
      title: 'Try the feature branch token',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['assume-role'],
      // #region other-branch-refused
      async run({ aws, state }) {
        const { credentials: _none, ...anonymous } = aws.config();
        const sts = new STSClient(anonymous);
        // A genuine token from the same issuer, same repository, same
        // audience; only its sub names another branch. The trust policy's
        // StringEquals on sub does not match.
        const { AssumedRoleUser } = await sts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: state.roleArn,
            RoleSessionName: 'github-actions-feature',
            WebIdentityToken: state.featureToken,
          }),
        );
        return { Arn: AssumedRoleUser?.Arn };
      },
      // #endregion
    },
    {
      id: 'delete-role',
      title: 'Delete the role',
      phase: 'teardown',
      // #region delete-role
      async run({ aws, state, ledger, log }) {
        if (!state.roleName) {
          log('Nothing to delete: this run has no role (none was made, or it is already deleted).');
          return { deleted: [] };
        }
        // The CI session keeps working until it expires, allowed nothing.
        const iam = new IAMClient(aws.config());
        await deleteRole(iam, ledger, state.roleName);
        const deleted = [state.roleArn!];
        state.roleName = state.roleArn = undefined;
        state.mainToken = state.featureToken = undefined;
        state.session = undefined;
        return { deleted };
      },
      // #endregion
    },
    {
      id: 'delete-provider',
      title: 'Delete the OpenID Connect provider',
      phase: 'teardown',
      // #region delete-provider
      async run({ aws, state, ledger, log }) {
        const arn = state.providerArn;
        if (!arn || !state.providerCreated) {
          log(
            arn
              ? `Left alone: ${arn} was there before this lesson.`
              : 'Nothing to delete: this run has no provider (none was made, or it is already deleted).',
          );
          state.providerArn = state.issuer = undefined;
          return { deleted: [] };
        }
        // Deleted only if it carries our run tag (never someone else's).
        const iam = new IAMClient(aws.config());
        await deleteOidcProvider(iam, ledger, arn);
        state.providerArn = state.issuer = undefined;
        state.providerCreated = false;
        return { deleted: [arn] };
      },
      // #endregion
    },
  ],
});
