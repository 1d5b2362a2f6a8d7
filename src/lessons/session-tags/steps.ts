/**
 * Lesson "Session tags and attribute-based access (ABAC)": two IAM roles stand for a project's
 * resources, tagged project=alpha and project=beta. One `developer` role serves every developer:
 * its policy grants what is tagged with the session's own project (aws:ResourceTag/project equal
 * to ${aws:PrincipalTag/project}). Passing tags is refused until its trust policy allows
 * sts:TagSession (with conditions on aws:RequestTag/project and sts:TransitiveTagKeys); then a
 * session tagged project=alpha reads alpha's role and not beta's. Chained into a shared
 * `deployer` role that has no project of its own, the session's transitive project tag goes with
 * it: the deployer updates alpha's role, not beta's, and cannot be given another project on the
 * way (InvalidParameterValue). The notebook's own credentials pass the tags, as an identity
 * provider would. Credentials stay in the lesson state; steps return ARNs, tags and times.
 */
import {
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { defineLesson, type StepContext } from '../lesson.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { deleteRole } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';

type Session = AwsCredentialIdentity & { expiration: Date };

export interface SessionTagsState {
  /** The two project roles (the tagged resources), by project. */
  appRoles?: { alpha: { name: string; arn: string }; beta: { name: string; arn: string } };
  developerRoleName?: string;
  developerRoleArn?: string;
  deployerRoleName?: string;
  deployerRoleArn?: string;
  /** Whether the developer role's trust policy allows sts:TagSession yet. */
  tagSessionAllowed?: boolean;
  /** Alice's developer session (project=alpha, transitive), and the deployer session it chained into. */
  developer?: Session;
  deployer?: Session;
}

const POLICY_VERSION = '2012-10-17';

/** The parts of an AssumeRole answer a step keeps, its secrets registered for redaction. */
function sessionFrom(ctx: StepContext<SessionTagsState>, c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date }): Session {
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: ctx.secret(c.SecretAccessKey!, 'SecretAccessKey'),
    sessionToken: ctx.secret(c.SessionToken!, 'SessionToken'),
    expiration: c.Expiration!,
  };
}

export default defineLesson<SessionTagsState>({
  slug: 'session-tags',
  title: 'Session tags and attribute-based access (ABAC)',
  summary: "One role for every developer, whose permissions follow the session's project tag: sts:TagSession, aws:PrincipalTag against aws:ResourceTag, and a transitive tag down a role chain.",
  steps: [
    {
      id: 'create-project-roles',
      title: "Two projects' resources, tagged project=alpha and project=beta",
      phase: 'setup',
      // #region create-project-roles
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.appRoles) {
          ctx.log('The project roles exist from an earlier run of this step; using them.');
          return state.appRoles;
        }
        const iam = new IAMClient(aws.config());
        // Stand-ins for any taggable resource (an instance, a secret, a
        // table): IAM roles, tagged with their project, with no permissions.
        // Nobody assumes them; they are read and updated, by tag.
        const trustPolicy = {
          Version: POLICY_VERSION,
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${aws.accountId}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        };
        const made: Record<string, { name: string; arn: string }> = {};
        for (const project of ['alpha', 'beta']) {
          const RoleName = ctx.name(`${project}-app`);
          const { Role } = await tracked(
            ctx,
            { kind: 'role', name: RoleName },
            () =>
              iam.send(
                new CreateRoleCommand({
                  RoleName,
                  AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
                  Description: `STS workshop: project ${project}'s app`,
                  Path: ctx.ownership.path,
                  Tags: [...ctx.ownership.tags, { Key: 'project', Value: project }],
                }),
              ),
            (created) => created.Role?.Arn,
          );
          made[project] = { name: RoleName, arn: Role!.Arn! };
        }
        state.appRoles = { alpha: made.alpha, beta: made.beta };
        return state.appRoles;
      },
      // #endregion
    },
    {
      id: 'create-developer-role',
      title: 'One role for every developer, its policy written in tags',
      phase: 'setup',
      // #region create-developer-role
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.developerRoleArn) {
          ctx.log(`Role ${state.developerRoleName} exists; using it.`);
          return { RoleArn: state.developerRoleArn };
        }
        const iam = new IAMClient(aws.config());
        const RoleName = ctx.name('developer');
        // Your account may assume it (your identity provider's integration
        // does, for each developer who signs in). No sts:TagSession yet.
        const trustPolicy = {
          Version: POLICY_VERSION,
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${aws.accountId}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        };
        const { Role } = await tracked(
          ctx,
          { kind: 'role', name: RoleName },
          () =>
            iam.send(
              new CreateRoleCommand({
                RoleName,
                AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
                Description: "STS workshop: every developer; access by the session's project tag",
                Path: ctx.ownership.path,
                Tags: ctx.ownership.tags,
              }),
            ),
          (created) => created.Role?.Arn,
        );

        // One policy for every project: read the roles tagged with the
        // session's own project, and chain into the shared deployer role.
        const deployerArn = `arn:aws:iam::${aws.accountId}:role${ctx.ownership.path}${ctx.name('deployer')}`;
        const projectAccess = {
          Version: POLICY_VERSION,
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:GetRole',
              Resource: `arn:aws:iam::${aws.accountId}:role/sts-workshop/*`,
              Condition: {
                StringEquals: {
                  'aws:ResourceTag/project': '${aws:PrincipalTag/project}',
                },
              },
            },
            {
              Effect: 'Allow',
              Action: ['sts:AssumeRole', 'sts:TagSession'],
              Resource: deployerArn,
            },
          ],
        };
        const PolicyName = 'ProjectAccess';
        await tracked(
          ctx,
          { kind: 'role-policy', name: PolicyName, parent: RoleName },
          () =>
            iam.send(
              new PutRolePolicyCommand({
                RoleName,
                PolicyName,
                PolicyDocument: JSON.stringify(projectAccess),
              }),
            ),
        );
        state.developerRoleName = RoleName;
        state.developerRoleArn = Role!.Arn;
        return { RoleArn: Role!.Arn, PolicyName };
      },
      // #endregion
    },
    {
      id: 'create-deployer-role',
      title: 'A shared deployer role, with no project of its own',
      phase: 'setup',
      requires: ['create-developer-role'],
      // #region create-deployer-role
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.deployerRoleArn) {
          ctx.log(`Role ${state.deployerRoleName} exists; using it.`);
          return { RoleArn: state.deployerRoleArn };
        }
        const iam = new IAMClient(aws.config());
        const RoleName = ctx.name('deployer');
        // The developer role may assume it, and pass its tags on.
        const trustPolicy = {
          Version: POLICY_VERSION,
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: state.developerRoleArn },
              Action: ['sts:AssumeRole', 'sts:TagSession'],
            },
          ],
        };
        const createRole = () =>
          iam.send(
            new CreateRoleCommand({
              RoleName,
              AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
              Description: 'STS workshop: deploys for the project of whoever assumes it',
              Path: ctx.ownership.path,
              Tags: ctx.ownership.tags,
            }),
          );
        // A new role named in a trust policy is "invalid" until IAM has it
        // everywhere: retried for a few seconds.
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
        // It deploys (here: updates the description of) whatever is tagged
        // with the project of the session that called it.
        const deployOwnProject = {
          Version: POLICY_VERSION,
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:UpdateRole',
              Resource: `arn:aws:iam::${aws.accountId}:role/sts-workshop/*`,
              Condition: {
                StringEquals: {
                  'aws:ResourceTag/project': '${aws:PrincipalTag/project}',
                },
              },
            },
          ],
        };
        const PolicyName = 'DeployOwnProject';
        await tracked(
          ctx,
          { kind: 'role-policy', name: PolicyName, parent: RoleName },
          () =>
            iam.send(
              new PutRolePolicyCommand({
                RoleName,
                PolicyName,
                PolicyDocument: JSON.stringify(deployOwnProject),
              }),
            ),
        );
        state.deployerRoleName = RoleName;
        state.deployerRoleArn = Role!.Arn;
        return { RoleArn: Role!.Arn, PolicyName };
      },
      // #endregion
    },
    {
      id: 'tags-refused',
      title: 'Pass a tag before the trust policy allows sts:TagSession',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['create-developer-role'],
      // #region tags-refused
      async run(ctx) {
        const { aws, state } = ctx;
        const sts = new STSClient(aws.config());
        // Without tags, the role can be assumed (once IAM has its trust policy).
        const plain = new AssumeRoleCommand({
          RoleArn: state.developerRoleArn,
          RoleSessionName: 'alice',
          DurationSeconds: 900,
        });
        await untilPropagated(ctx, 'AssumeRole', () => sts.send(plain), {
          retryOn: ['AccessDenied'],
        });
        ctx.log('Without tags: allowed.');

        // The same request with a tag also asks for sts:TagSession.
        const { AssumedRoleUser } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: state.developerRoleArn,
            RoleSessionName: 'alice',
            DurationSeconds: 900,
            Tags: [{ Key: 'project', Value: 'alpha' }],
          }),
        );
        return { Arn: AssumedRoleUser?.Arn };
      },
      // #endregion
    },
    {
      id: 'allow-tag-session',
      title: 'Allow sts:TagSession, for a known project only',
      phase: 'usage',
      requires: ['create-developer-role'],
      // #region allow-tag-session
      async run(ctx) {
        const { aws, state } = ctx;
        const trustPolicy = {
          Version: POLICY_VERSION,
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${aws.accountId}:root` },
              Action: 'sts:AssumeRole',
            },
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${aws.accountId}:root` },
              Action: 'sts:TagSession',
              Condition: {
                // A project tag is required, and must be one we have...
                StringEquals: { 'aws:RequestTag/project': ['alpha', 'beta'] },
                // ...and only it may be passed on down a role chain.
                'ForAllValues:StringEquals': {
                  'sts:TransitiveTagKeys': ['project'],
                },
              },
            },
          ],
        };
        const iam = new IAMClient(aws.config());
        await iam.send(
          new UpdateAssumeRolePolicyCommand({
            RoleName: state.developerRoleName,
            PolicyDocument: JSON.stringify(trustPolicy),
          }),
        );
        state.tagSessionAllowed = true;
        return { RoleName: state.developerRoleName, TrustPolicy: trustPolicy };
      },
      // #endregion
    },
    {
      id: 'developer-session',
      title: "Alice signs in: a session tagged project=alpha, transitive",
      phase: 'usage',
      requires: ['allow-tag-session'],
      // #region developer-session
      async run(ctx) {
        const { aws, state } = ctx;
        // What an identity provider sends for Alice: her project, marked
        // transitive so that it follows her into the roles she assumes next.
        const sts = new STSClient(aws.config());
        const assume = new AssumeRoleCommand({
          RoleArn: state.developerRoleArn,
          RoleSessionName: 'alice',
          DurationSeconds: 3600,
          Tags: [{ Key: 'project', Value: 'alpha' }],
          TransitiveTagKeys: ['project'],
        });
        // The new trust policy takes a few seconds to reach every endpoint.
        const { Credentials: c, AssumedRoleUser, PackedPolicySize } =
          await untilPropagated(ctx, 'AssumeRole', () => sts.send(assume), {
            retryOn: ['AccessDenied'],
          });
        state.developer = sessionFrom(ctx, c!);
        ctx.credentials.hold(state.developer, {
          label: "Alice's session (project=alpha)",
          principal: AssumedRoleUser!.Arn!,
        });
        return {
          Arn: AssumedRoleUser!.Arn,
          Tags: { project: 'alpha' },
          TransitiveTagKeys: ['project'],
          PackedPolicySize, // % of the space for session policies and tags
        };
      },
      // #endregion
    },
    {
      id: 'read-own-project',
      title: "Read alpha's role: tags match",
      phase: 'usage',
      requires: ['developer-session', 'create-project-roles'],
      // #region read-own-project
      async run({ aws, state }) {
        // aws:ResourceTag/project (alpha) equals aws:PrincipalTag/project (alpha).
        const iam = new IAMClient(aws.config(state.developer));
        const { Role } = await iam.send(
          new GetRoleCommand({ RoleName: state.appRoles!.alpha.name }),
        );
        return {
          Arn: Role!.Arn,
          project: Role!.Tags?.find((t) => t.Key === 'project')?.Value,
        };
      },
      // #endregion
    },
    {
      id: 'read-other-project',
      title: "Read beta's role: tags differ",
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['developer-session', 'create-project-roles'],
      // #region read-other-project
      async run({ aws, state }) {
        // The same policy, another resource: beta is not alice's project.
        const iam = new IAMClient(aws.config(state.developer));
        const { Role } = await iam.send(
          new GetRoleCommand({ RoleName: state.appRoles!.beta.name }),
        );
        return { Arn: Role!.Arn };
      },
      // #endregion
    },
    {
      id: 'deploy-own-project',
      title: 'Chain into the deployer: the project tag goes along',
      phase: 'usage',
      requires: ['developer-session', 'create-deployer-role', 'create-project-roles'],
      // #region deploy-own-project
      async run(ctx) {
        const { aws, state } = ctx;
        // Alice's session assumes the deployer role. It passes no tags: the
        // transitive project=alpha is inherited by the new session.
        const sts = new STSClient(aws.config(state.developer));
        const assume = new AssumeRoleCommand({
          RoleArn: state.deployerRoleArn,
          RoleSessionName: 'alice-deploys',
          DurationSeconds: 900,
        });
        const { Credentials: c, AssumedRoleUser } = await untilPropagated(
          ctx,
          'AssumeRole',
          () => sts.send(assume),
          { retryOn: ['AccessDenied'] },
        );
        state.deployer = sessionFrom(ctx, c!);
        ctx.credentials.hold(state.deployer, {
          label: 'Deployer (for alpha)',
          principal: AssumedRoleUser!.Arn!,
        });

        // The deployer role has no project tag; this session has alpha's.
        const Description = `Deployed by alice at ${ctx.now().toISOString()}`;
        const iam = new IAMClient(aws.config(state.deployer));
        await untilPropagated(
          ctx,
          'UpdateRole',
          () =>
            iam.send(
              new UpdateRoleCommand({
                RoleName: state.appRoles!.alpha.name,
                Description,
              }),
            ),
          { retryOn: ['AccessDenied'] },
        );
        return { Arn: AssumedRoleUser!.Arn, Updated: state.appRoles!.alpha.arn, Description };
      },
      // #endregion
    },
    {
      id: 'deploy-other-project',
      title: "The deployer, for alpha, updates beta's role",
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['deploy-own-project'],
      // #region deploy-other-project
      async run({ aws, state }) {
        const iam = new IAMClient(aws.config(state.deployer));
        await iam.send(
          new UpdateRoleCommand({
            RoleName: state.appRoles!.beta.name,
            Description: 'Deployed by alice',
          }),
        );
        return { Updated: state.appRoles!.beta.arn };
      },
      // #endregion
    },
    {
      id: 'switch-project-refused',
      title: 'Switch to beta on the way: a transitive tag cannot be set again',
      phase: 'usage',
      expect: { error: 'InvalidParameterValue' },
      requires: ['deploy-own-project'],
      // #region switch-project-refused
      async run({ aws, state }) {
        // Alice's session tries to assume the deployer as project beta.
        const sts = new STSClient(aws.config(state.developer));
        const { AssumedRoleUser } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: state.deployerRoleArn,
            RoleSessionName: 'alice-as-beta',
            DurationSeconds: 900,
            Tags: [{ Key: 'project', Value: 'beta' }],
          }),
        );
        return { Arn: AssumedRoleUser?.Arn };
      },
      // #endregion
    },
    {
      id: 'delete-roles',
      title: 'Delete the four roles',
      phase: 'teardown',
      // #region delete-roles
      async run({ aws, state, ledger, log }) {
        const names = [
          state.deployerRoleName,
          state.developerRoleName,
          state.appRoles?.alpha.name,
          state.appRoles?.beta.name,
        ].filter((name): name is string => name !== undefined);
        if (names.length === 0) {
          log('Nothing to delete: this run has no role (none was made, or it is already deleted).');
          return { deleted: [] };
        }
        // Each role's inline policy first, then the role. Sessions still
        // valid can do nothing once their role is gone.
        const iam = new IAMClient(aws.config());
        for (const name of names) await deleteRole(iam, ledger, name);
        state.deployerRoleName = state.deployerRoleArn = undefined;
        state.developerRoleName = state.developerRoleArn = undefined;
        state.appRoles = undefined;
        state.developer = state.deployer = undefined;
        state.tagSessionAllowed = false;
        return { deleted: names };
      },
      // #endregion
    },
  ],
});
