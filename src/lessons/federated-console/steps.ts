/**
 * Lesson "Sign in to the console as a federated user" (upstream scenario C, federated_url.py):
 * a role the notebook's own caller may assume, with AmazonS3ReadOnlyAccess attached; its
 * temporary credentials traded at the console federation endpoint for a SigninToken; a login
 * URL built from it and offered to the page (reveal once), never streamed or logged; teardown
 * detaches the AWS managed policy (never deletes it) and deletes the role. Each step's body
 * between the region markers is what the page shows.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { defineLesson } from '../lesson.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { deleteRole } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';

export interface ConsoleState {
  /** The notebook's own identity, from GetCallerIdentity (an IAM user or a role session). */
  callerArn?: string;
  roleName?: string;
  roleArn?: string;
  /** The last role session that asked for a sign-in token. */
  sessionArn?: string;
}

export default defineLesson<ConsoleState>({
  slug: 'federated-console',
  title: 'Sign in to the console as a federated user',
  summary: 'Turn role credentials into a console sign-in URL through the federation endpoint, and see why that URL is a bearer credential.',
  steps: [
    {
      id: 'create-console-role',
      title: 'Create a read-only role you can assume',
      phase: 'setup',
      // #region create-console-role
      async run(ctx) {
        const { aws, state, log } = ctx;
        if (state.roleArn) {
          log(`Role ${state.roleName} already exists from this run; using it.`);
          return { CallerArn: state.callerArn, RoleArn: state.roleArn };
        }

        // Who runs this notebook? Works for IAM users and role sessions alike.
        const sts = new STSClient(aws.config());
        const me = await sts.send(new GetCallerIdentityCommand({}));
        if (me.Arn!.endsWith(':root')) {
          throw new Error('The root user cannot assume roles: use a user or role.');
        }

        // Trust policy: only this caller may assume the role.
        const trustPolicy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: me.Arn },
              Action: 'sts:AssumeRole',
            },
          ],
        };
        const iam = new IAMClient(aws.config());
        const roleName = ctx.name('console-role');
        const created = await tracked(
          ctx,
          { kind: 'role', name: roleName },
          () =>
            iam.send(
              new CreateRoleCommand({
                RoleName: roleName,
                AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
                Path: ctx.ownership.path,
                Tags: ctx.ownership.tags,
              }),
            ),
          (out) => out.Role?.Arn,
        );

        // Permissions: an AWS managed policy, attached (never copied or deleted).
        const policyArn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
        const attach = new AttachRolePolicyCommand({
          RoleName: roleName,
          PolicyArn: policyArn,
        });
        await tracked(
          ctx,
          { kind: 'attachment', name: policyArn, parent: roleName, parentKind: 'role' },
          () => iam.send(attach),
        );

        const roleArn = created.Role!.Arn!;
        Object.assign(state, { callerArn: me.Arn, roleName, roleArn });
        return { CallerArn: me.Arn, RoleArn: roleArn, AttachedPolicy: policyArn };
      },
      // #endregion
    },
    {
      id: 'get-sign-in-url',
      title: 'Trade role credentials for a console sign-in URL',
      phase: 'usage',
      requires: ['create-console-role'],
      inputs: [
        {
          name: 'issuer',
          label: 'Issuer: your sign-in page',
          kind: 'text',
          required: false,
          pattern: 'https?://\\S{1,2000}',
          placeholder: 'the address of this page',
          help: 'Filled in with this page; the console links back to it when the session ends.',
        },
      ],
      // #region get-sign-in-url
      async run({ aws, state, inputs, log, progress, sleep, secret, offer, now }) {
        // 1. Credentials for the role. A new trust policy takes a few seconds
        //    to reach every STS endpoint: retry on AccessDenied, with backoff.
        const sts = new STSClient(aws.config());
        const assumeRole = new AssumeRoleCommand({
          RoleArn: state.roleArn!,
          RoleSessionName: 'console-learner',
        });
        const assumed = await untilPropagated(
          { log, progress, sleep },
          'AssumeRole',
          () => sts.send(assumeRole),
          { retryOn: ['AccessDenied'] },
        );
        const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } =
          assumed.Credentials!;

        // 2. Trade them for a SigninToken: plain HTTPS, not an SDK API.
        //    SessionDuration (900-43200 s) sets the console session length.
        //    It is accepted only for roles assumed with an IAM user's long-term
        //    keys. With role chaining (the notebook itself runs as a role) the
        //    endpoint answers 400 "Invalid credentials parameter": leave it out.
        const consoleSeconds = 2 * 60 * 60;
        const chained = state.callerArn!.includes(':assumed-role/');
        const query = new URLSearchParams({ Action: 'getSigninToken' });
        if (!chained) query.set('SessionDuration', String(consoleSeconds));
        const session = {
          sessionId: AccessKeyId,
          sessionKey: SecretAccessKey,
          sessionToken: SessionToken,
        };
        query.set('Session', JSON.stringify(session));
        const response = await fetch(`${aws.federationUrl}?${query}`, {
          signal: AbortSignal.any([aws.signal, AbortSignal.timeout(10_000)]),
        });
        if (!response.ok) {
          const message = (await response.text()).slice(0, 300);
          throw new Error(`getSigninToken: HTTP ${response.status}: ${message}`);
        }
        const { SigninToken } = (await response.json()) as { SigninToken: string };
        secret(SigninToken, 'SigninToken');
        log(`HTTP ${response.status}: got a SigninToken, valid for 15 minutes.`);

        // 3. The login URL: the page to return to (Issuer), the page to land on
        //    (Destination), and the token, last. Whoever holds it is signed in.
        const destination =
          aws.target === 'sandbox'
            ? new URL('/console/', aws.federationUrl).href
            : 'https://console.aws.amazon.com/';
        const login = new URLSearchParams({ Action: 'login' });
        if (inputs.issuer) login.set('Issuer', inputs.issuer);
        login.set('Destination', destination);
        const token = new URLSearchParams({ SigninToken });
        const signInUrl = `${aws.federationUrl}?${login}&${token}`;

        // 4. Keep the URL on the notebook server; the page reveals it once.
        const signInLink = offer('sign-in-url', signInUrl, {
          label: 'console sign-in URL',
          expiresAt: new Date(now().getTime() + 15 * 60 * 1000),
          mask: `${aws.federationUrl}?${login}&SigninToken=••••`,
        });

        state.sessionArn = assumed.AssumedRoleUser!.Arn;
        return {
          AssumedRoleArn: assumed.AssumedRoleUser!.Arn,
          AccessKeyId,
          CredentialsExpire: Expiration,
          ConsoleSession: chained
            ? 'until the credentials expire (role chaining: no SessionDuration)'
            : `${consoleSeconds / 3600} hours (SessionDuration=${consoleSeconds})`,
          SignInUrl: signInLink,
        };
      },
      // #endregion
    },
    {
      id: 'delete-console-role',
      title: 'Delete the role',
      phase: 'teardown',
      // #region delete-console-role
      async run(ctx) {
        const { aws, state, log } = ctx;
        if (!state.roleName) {
          log(
            'Nothing to delete: this run has no role (none was made, or it is already deleted). ' +
              'The Clean up lesson finds what earlier runs left.',
          );
          return { deleted: [] };
        }
        // ListAttachedRolePolicies, DetachRolePolicy for each, DeleteRole;
        // skips what is already gone. The AWS managed policy is only detached.
        const iam = new IAMClient(aws.config());
        await deleteRole(iam, ctx.ledger, state.roleName);

        log(
          'Sessions of this role cannot be revoked one by one: their ' +
            'credentials stay valid until they expire. Each request they make ' +
            "is checked against the role's policies, and a deleted role grants " +
            'nothing: only calls that need no permission, such as ' +
            'GetCallerIdentity, still work. To cut off the sessions of a role ' +
            'you keep, use "Revoke active sessions" (a deny on ' +
            'aws:TokenIssueTime).',
        );
        return {
          deleted: [state.roleArn!],
          note: 'AmazonS3ReadOnlyAccess was detached, not deleted: AWS owns it.',
        };
      },
      // #endregion
    },
  ],
});
