/**
 * Lesson "Federation with SAML": an IAM SAML provider made from an identity provider's metadata
 * (the sandbox IdP's, standing in for an organisation's Okta, Entra ID or IAM Identity Center),
 * a role trusting it for assertions meant for AWS sign-in (saml:aud), a sign-in at the IdP that
 * yields a signed assertion for one employee (and one kept from a sign-in ten minutes earlier),
 * minted by the sandbox IdP's MintSAMLAssertion (shared/sandbox-identity-providers.ts: with the
 * metadata, what only the sandbox has), AssumeRoleWithSAML with no AWS credentials (the
 * session's GetCallerIdentity), then the assertion edited (its signature no longer matches:
 * InvalidIdentityToken) and the old one (ExpiredTokenException). Assertions are credentials:
 * they live in the lesson state (server memory) and the steps return what they say
 * (read-assertion.ts), never the assertions.
 */
import { CreateRoleCommand, CreateSAMLProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  AssumeRoleWithSAMLCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { defineLesson } from '../lesson.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { sandboxSamlIdp } from '../shared/sandbox-identity-providers.ts';
import { deleteRole, deleteSamlProvider } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';
import { readAssertion } from './read-assertion.ts';

type Session = AwsCredentialIdentity & { expiration: Date };

export interface SamlState {
  providerArn?: string;
  roleName?: string;
  roleArn?: string;
  /** Alice's assertion, and one kept from her sign-in ten minutes earlier (server memory only). */
  assertion?: string;
  oldAssertion?: string;
  /** The role session the assertion was exchanged for. */
  session?: Session;
}

/** The audience of assertions meant for AWS: its sign-in endpoint. */
const AWS_SIGNIN = 'https://signin.aws.amazon.com/saml';
/** Who signs in at the identity provider. */
const EMPLOYEE = 'alice@example.com';

export default defineLesson<SamlState>({
  slug: 'saml-federation',
  title: 'Federation with SAML',
  summary:
    "An employee signed in at your identity provider becomes a role session: a SAML provider in IAM from the IdP's metadata, a role that trusts it, AssumeRoleWithSAML with a signed assertion, and an edited or expired assertion refused.",
  steps: [
    {
      id: 'create-provider',
      title: "Create a SAML provider from the IdP's metadata",
      phase: 'setup',
      // #region create-provider
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.providerArn) return { SAMLProviderArn: state.providerArn };
        // The IdP's metadata: its entity ID and the certificate it signs
        // with. Here the sandbox IdP's (/saml/metadata); on a real account,
        // the file your IdP exports (Okta, Entra ID, IAM Identity Center…).
        const SAMLMetadataDocument = await sandboxSamlIdp.metadata(aws);

        const Name = ctx.name('idp');
        const arn = `arn:aws:iam::${aws.accountId}:saml-provider/${Name}`;
        const iam = new IAMClient(aws.config());
        // Providers have no path: the run tag is what marks ours.
        await tracked(ctx, { kind: 'saml-provider', name: arn, arn }, () =>
          iam.send(
            new CreateSAMLProviderCommand({
              Name,
              SAMLMetadataDocument,
              Tags: ctx.ownership.tags,
            }),
          ),
        );
        state.providerArn = arn;
        const entityId = /entityID="([^"]+)"/.exec(SAMLMetadataDocument)?.[1];
        return { SAMLProviderArn: arn, IdPEntityId: entityId };
      },
      // #endregion
    },
    {
      id: 'create-role',
      title: 'Create a role that trusts the SAML provider',
      phase: 'setup',
      requires: ['create-provider'],
      // #region create-role
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.roleArn) return { RoleName: state.roleName, Arn: state.roleArn };
        const RoleName = ctx.name('saml-role');
        // Whoever the IdP vouches for, in an assertion meant for AWS sign-in.
        // Which employees get this role is decided at the IdP: it lists the
        // role in their assertion's Role attribute.
        const trustPolicy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: state.providerArn },
              Action: 'sts:AssumeRoleWithSAML',
              Condition: { StringEquals: { 'SAML:aud': AWS_SIGNIN } },
            },
          ],
        };
        const iam = new IAMClient(aws.config());
        const createRole = () =>
          iam.send(
            new CreateRoleCommand({
              RoleName,
              AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
              Description: 'STS workshop: for employees signed in at the IdP',
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
      id: 'sign-in',
      title: 'Sign in at the identity provider (sandbox)',
      phase: 'usage',
      requires: ['create-role'],
      // #region sign-in
      async run(ctx) {
        const { aws, state } = ctx;
        // SANDBOX ONLY. At a real IdP, Alice signs in (password, MFA…) and
        // the IdP gives her browser a signed SAMLResponse for AWS. Here the
        // sandbox IdP signs one, with the attributes an IdP is set up to send:
        const signedIn = {
          subject: EMPLOYEE,
          // The roles she may use: "role ARN,provider ARN" pairs.
          roles: [`${state.roleArn},${state.providerArn}`],
          roleSessionName: EMPLOYEE,
          sessionDuration: 3600,
        };
        const now = await sandboxSamlIdp.assertion(aws, signedIn);
        // And one from a sign-in ten minutes ago, valid for five: someone
        // kept it (the sandbox can back-date one, so you need not wait).
        const earlier = await sandboxSamlIdp.assertion(aws, {
          ...signedIn,
          issuedSecondsAgo: 600,
          expiresInSeconds: 300,
        });

        // An assertion is a bearer credential until it expires: it stays on
        // the server, and the page shows what it says.
        state.assertion = ctx.secret(now, 'SAMLAssertion');
        state.oldAssertion = ctx.secret(earlier, 'SAMLAssertion');
        const old = readAssertion(earlier);
        return {
          assertion: readAssertion(now),
          earlier: { NotBefore: old.NotBefore, NotOnOrAfter: old.NotOnOrAfter },
        };
      },
      // #endregion
    },
    {
      id: 'assume-role',
      title: 'Exchange the assertion for role credentials',
      phase: 'usage',
      requires: ['sign-in'],
      // #region assume-role
      async run(ctx) {
        const { aws, state } = ctx;
        // No AWS credentials at all: the signed assertion is the credential,
        // and the SDK sends AssumeRoleWithSAML unsigned.
        const { credentials: _none, ...anonymous } = aws.config();
        const sts = new STSClient(anonymous);
        const assume = new AssumeRoleWithSAMLCommand({
          RoleArn: state.roleArn,
          PrincipalArn: state.providerArn,
          SAMLAssertion: state.assertion,
        });
        // A new role's trust policy takes a few seconds to be in force.
        const answer = await untilPropagated(
          ctx,
          'AssumeRoleWithSAML',
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
          label: "Alice's session",
          principal: answer.AssumedRoleUser!.Arn!,
        });

        // The session's name is the assertion's RoleSessionName attribute.
        const me = await new STSClient(aws.config(state.session)).send(
          new GetCallerIdentityCommand({}),
        );
        const { Subject, SubjectType, Issuer, Audience, NameQualifier } = answer;
        return {
          Subject,
          SubjectType,
          Issuer,
          Audience,
          NameQualifier,
          AccessKeyId: c.AccessKeyId,
          Expiration: c.Expiration,
          CallerArn: me.Arn,
        };
      },
      // #endregion
    },
    {
      id: 'tampered-refused',
      title: 'Edit the assertion and try it',
      phase: 'usage',
      expect: { error: 'InvalidIdentityTokenException' },
      requires: ['sign-in'],
      // #region tampered-refused
      async run(ctx) {
        const { aws, state } = ctx;
        // Someone holding Alice's assertion rewrites who it is for. The IdP's
        // XML signature covers the whole assertion, so any edit breaks it.
        const xml = Buffer.from(state.assertion!, 'base64').toString('utf8');
        const edited = xml.replaceAll(EMPLOYEE, 'mallory@example.com');
        const forged = ctx.secret(Buffer.from(edited).toString('base64'));

        const { credentials: _none, ...anonymous } = aws.config();
        const sts = new STSClient(anonymous);
        const { AssumedRoleUser } = await sts.send(
          new AssumeRoleWithSAMLCommand({
            RoleArn: state.roleArn,
            PrincipalArn: state.providerArn,
            SAMLAssertion: forged,
          }),
        );
        return { Arn: AssumedRoleUser?.Arn };
      },
      // #endregion
    },
    {
      id: 'expired-refused',
      title: 'Try the assertion from ten minutes ago',
      phase: 'usage',
      expect: { error: 'ExpiredTokenException' },
      requires: ['sign-in'],
      // #region expired-refused
      async run({ aws, state }) {
        // Genuine and unedited, but past its NotOnOrAfter: refused.
        const { credentials: _none, ...anonymous } = aws.config();
        const sts = new STSClient(anonymous);
        const { AssumedRoleUser } = await sts.send(
          new AssumeRoleWithSAMLCommand({
            RoleArn: state.roleArn,
            PrincipalArn: state.providerArn,
            SAMLAssertion: state.oldAssertion,
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
        // Alice's session keeps working until it expires, allowed nothing.
        const iam = new IAMClient(aws.config());
        await deleteRole(iam, ledger, state.roleName);
        const deleted = [state.roleArn!];
        state.roleName = state.roleArn = undefined;
        state.assertion = state.oldAssertion = undefined;
        state.session = undefined;
        return { deleted };
      },
      // #endregion
    },
    {
      id: 'delete-provider',
      title: 'Delete the SAML provider',
      phase: 'teardown',
      // #region delete-provider
      async run({ aws, state, ledger, log }) {
        if (!state.providerArn) {
          log('Nothing to delete: this run has no SAML provider (none was made, or it is already deleted).');
          return { deleted: [] };
        }
        // Deleted only if it carries our run tag (never someone else's).
        const iam = new IAMClient(aws.config());
        await deleteSamlProvider(iam, ledger, state.providerArn);
        const deleted = [state.providerArn];
        state.providerArn = undefined;
        return { deleted };
      },
      // #endregion
    },
  ],
});
