/**
 * Lesson "Profiles do it for you" (seed 002 starts from a named profile): the MFA user setup
 * shared with the MFA lessons (../shared/user-setup.ts), a role that trusts the user only with
 * MFA and reads S3, then a shared config file (a user profile and a role profile with role_arn,
 * source_profile and mfa_serial) and a credentials file (the user's key) written in this run's
 * own directory under the notebook's state directory (ctx.files.dir, 0700; files 0600; the
 * directory recorded in the ledger before it is made, removed by a teardown step or the
 * clean-up). The SDK's fromIni reads exactly those two files (filepath / configFilepath, never
 * an environment variable, never ~/.aws): the user profile alone is denied ListBuckets; the role
 * profile makes the client assume the role with the code typed into the step (mfaCodeProvider)
 * and keep the session; calling the provider again is the refresh. The AWS CLI uses the same
 * profile with the files named in its own environment and HOME set to the run's directory (its
 * session cache lands there), when it is installed and, on the sandbox, new enough to read a
 * profile's endpoint_url (aws-cli.ts). Secrets are in the files and in memory, never in a result.
 */
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineLesson } from '../lesson.ts';
import { removeLocalFile } from '../shared/local-files.ts';
import { retryWithFreshCode } from '../shared/mfa-setup.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { deleteMfaDevice, deleteRole, deleteUser } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';
import { mfaUserSetup, type MfaUserState } from '../shared/user-setup.ts';
import { cliFailure, readsEndpointUrlFromProfile, runAwsCli } from './aws-cli.ts';

type Session = AwsCredentialIdentity & { expiration?: Date };

export interface ProfilesState extends MfaUserState {
  roleName?: string;
  roleArn?: string;
  readOnlyAttached?: boolean;
  /** This run's directory (recorded in the ledger), the two files in it, the CLI's HOME. */
  filesDir?: string;
  configFile?: string;
  credentialsFile?: string;
  cliHome?: string;
  /** The role session the SDK got through the role profile (memory only). */
  roleSession?: Session;
}

/** The two profiles: the user's own key, and the role it assumes with MFA. */
const USER_PROFILE = 'workshop-user';
const ROLE_PROFILE = 'workshop-s3-read';
const READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

export default defineLesson<ProfilesState>({
  slug: 'profiles',
  title: 'Profiles do it for you',
  summary: 'A shared config file with role_arn, source_profile and mfa_serial: the SDK (fromIni) and the AWS CLI assume the role, ask for the MFA code and refresh the session themselves.',
  steps: [
    ...mfaUserSetup(),
    {
      id: 'create-role',
      title: 'Create a role that requires MFA and reads S3',
      phase: 'setup',
      requires: ['create-user'],
      // #region create-role
      async run(ctx) {
        const { aws, state } = ctx;
        const iam = new IAMClient(aws.config());
        if (!state.roleArn) {
          const RoleName = ctx.name('role');
          // The user may assume it, only with MFA.
          const trustPolicy = {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: state.userArn },
                Action: 'sts:AssumeRole',
                Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } },
              },
            ],
          };
          const createRole = () =>
            iam.send(
              new CreateRoleCommand({
                RoleName,
                AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
                Description: 'STS workshop: assumed through a profile',
                Path: ctx.ownership.path,
                Tags: ctx.ownership.tags,
              }),
            );
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
        }
        // AmazonS3ReadOnlyAccess (AWS owns it: never deleted).
        if (!state.readOnlyAttached) {
          const RoleName = state.roleName;
          await tracked(
            ctx,
            {
              kind: 'attachment',
              name: READ_ONLY,
              parent: RoleName,
              parentKind: 'role',
            },
            () =>
              iam.send(
                new AttachRolePolicyCommand({ RoleName, PolicyArn: READ_ONLY }),
              ),
          );
          state.readOnlyAttached = true;
        }
        return { RoleName: state.roleName, Arn: state.roleArn, PolicyArn: READ_ONLY };
      },
      // #endregion
    },
    {
      id: 'write-profiles',
      title: 'Write a config file and a credentials file',
      phase: 'setup',
      requires: ['enable-mfa-device', 'create-access-key', 'create-role'],
      // #region write-profiles
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.configFile) {
          ctx.log(`The files are in ${state.filesDir} already; using them.`);
          const { configFile, credentialsFile } = state;
          return { ConfigFile: configFile, CredentialsFile: credentialsFile };
        }
        // This run's own directory under the notebook's state directory, not
        // ~/.aws. Recorded before it exists: whatever happens next, the
        // teardown or the clean-up removes it with all it holds.
        const dir = ctx.files.dir;
        await tracked(ctx, { kind: 'file', name: dir }, () =>
          mkdir(join(dir, 'cli-home'), { recursive: true, mode: 0o700 }),
        );
        state.filesDir = dir;
        state.cliHome = join(dir, 'cli-home');

        // On the sandbox, where to send requests (the AWS CLI reads it).
        const endpoint = aws.config().endpoint;
        const endpointUrl = endpoint ? [`endpoint_url = ${endpoint}`] : [];
        const config = [
          `[profile ${USER_PROFILE}]`,
          `region = ${aws.region}`,
          ...endpointUrl,
          '',
          `[profile ${ROLE_PROFILE}]`,
          `role_arn = ${state.roleArn}`,
          `source_profile = ${USER_PROFILE}`,
          `mfa_serial = ${state.serialNumber}`,
          'role_session_name = workshop-profile',
          `region = ${aws.region}`,
          ...endpointUrl,
        ];
        const { accessKeyId, secretAccessKey } = state.userKey!;
        const credentials = [
          `[${USER_PROFILE}]`,
          `aws_access_key_id = ${accessKeyId}`,
          `aws_secret_access_key = ${secretAccessKey}`,
        ];
        // New files ('wx'), readable by their owner only (0600).
        const configFile = join(dir, 'config');
        const credentialsFile = join(dir, 'credentials');
        const write = (path: string, lines: string[]) =>
          writeFile(path, lines.join('\n') + '\n', { mode: 0o600, flag: 'wx' });
        await write(configFile, config);
        await write(credentialsFile, credentials);
        state.configFile = configFile;
        state.credentialsFile = credentialsFile;

        const mode = async (path: string) =>
          ((await stat(path)).mode & 0o777).toString(8);
        return {
          [configFile]: { mode: await mode(configFile), lines: config },
          [credentialsFile]: {
            mode: await mode(credentialsFile),
            lines: [...credentials.slice(0, 2), 'aws_secret_access_key = (hidden)'],
          },
        };
      },
      // #endregion
    },
    {
      id: 'user-profile-denied',
      title: 'List buckets with the user profile',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['write-profiles'],
      // #region user-profile-denied
      async run({ aws, state }) {
        // Seed 002's first script: a named profile, a user with no permissions.
        // fromIni reads these two files, and no others.
        const s3 = new S3Client({
          ...aws.config(),
          credentials: fromIni({
            profile: USER_PROFILE,
            configFilepath: state.configFile,
            filepath: state.credentialsFile,
            ignoreCache: true,
          }),
        });
        const { Buckets } = await s3.send(new ListBucketsCommand({}));
        return { Buckets: Buckets?.map((b) => b.Name) };
      },
      // #endregion
    },
    {
      id: 'use-role-profile',
      title: 'List buckets with the role profile',
      phase: 'usage',
      requires: ['write-profiles'],
      inputs: [
        {
          name: 'code',
          label: 'MFA code',
          kind: 'mfa-code',
          pattern: '\\d{6}',
          help: 'A code the device has not given before.',
        },
      ],
      // #region use-role-profile
      async run(ctx) {
        const { aws, state, inputs } = ctx;
        // The notebook's settings for the SDK's own STS client (endpoint,
        // region, logging) without its credentials: AssumeRole is signed
        // with the source profile's key.
        const { credentials: _notebook, ...stsConfig } = aws.config();
        let codesAsked = 0;
        const clientFor = (code: string) =>
          new S3Client({
            ...aws.config(),
            credentials: fromIni({
              profile: ROLE_PROFILE,
              configFilepath: state.configFile,
              filepath: state.credentialsFile,
              ignoreCache: true,
              // Called when the SDK assumes the role. A terminal program
              // would prompt you; here it is the code typed into this step.
              mfaCodeProvider: async () => {
                codesAsked++;
                return code;
              },
              clientConfig: stsConfig,
            }),
          });

        // The first call assumes the role, then lists. (A brand-new role may
        // need a few seconds, and a second attempt a fresh code.)
        const { s3, Buckets } = await retryWithFreshCode(
          ctx,
          'The role profile',
          inputs.code,
          async (code) => {
            const s3 = clientFor(code);
            const { Buckets } = await s3.send(new ListBucketsCommand({}));
            return { s3, Buckets };
          },
        );
        // The client keeps the session: no second AssumeRole, no code.
        await s3.send(new ListBucketsCommand({}));
        const session = await s3.config.credentials();
        const sts = new STSClient(aws.config(session));
        const { Arn } = await sts.send(new GetCallerIdentityCommand({}));

        state.roleSession = session;
        ctx.credentials.hold(session, {
          label: 'Role session (profile)',
          principal: Arn!,
        });
        const refreshesAfter = new Date(session.expiration!.getTime() - 5 * 60_000);
        return {
          Arn,
          Buckets: Buckets?.map((b) => b.Name),
          CodesAsked: codesAsked,
          AccessKeyId: session.accessKeyId,
          Expiration: session.expiration,
          RefreshesAfter: refreshesAfter,
        };
      },
      // #endregion
    },
    {
      id: 'refresh-session',
      title: 'Refresh the session, as the client does before it expires',
      phase: 'usage',
      requires: ['use-role-profile'],
      inputs: [
        {
          name: 'code',
          label: 'MFA code',
          kind: 'mfa-code',
          pattern: '\\d{6}',
          help: 'A new code: every refresh asks for one.',
        },
      ],
      // #region refresh-session
      async run(ctx) {
        const { aws, state, inputs } = ctx;
        const before = state.roleSession!;
        // Five minutes before its session expires, a client calls its
        // credentials provider again. fromIni then reads the files again,
        // asks for a new code and assumes the role again. Here, at once:
        const { credentials: _notebook, ...stsConfig } = aws.config();
        const profile = fromIni({
          profile: ROLE_PROFILE,
          configFilepath: state.configFile,
          filepath: state.credentialsFile,
          ignoreCache: true,
          mfaCodeProvider: async () => inputs.code,
          clientConfig: stsConfig,
        });
        const after = await profile();
        const sts = new STSClient(aws.config(after));
        const { Arn } = await sts.send(new GetCallerIdentityCommand({}));

        state.roleSession = after;
        ctx.credentials.hold(after, {
          label: 'Role session (refreshed)',
          principal: Arn!,
        });
        return {
          Arn,
          Before: { AccessKeyId: before.accessKeyId, Expiration: before.expiration },
          After: { AccessKeyId: after.accessKeyId, Expiration: after.expiration },
        };
      },
      // #endregion
    },
    {
      id: 'cli-role-profile',
      title: 'The AWS CLI uses the same profile',
      phase: 'usage',
      requires: ['write-profiles'],
      inputs: [
        {
          name: 'code',
          label: 'MFA code',
          kind: 'mfa-code',
          pattern: '\\d{6}',
          help: 'The CLI asks for one when it assumes the role.',
        },
      ],
      // #region cli-role-profile
      async run({ aws, state, inputs, log }) {
        // The same two files, named in the CLI's own environment for this
        // command only. HOME is the run's directory: the CLI keeps role
        // sessions in ~/.aws/cli/cache, so that is where they land.
        const env = {
          AWS_CONFIG_FILE: state.configFile!,
          AWS_SHARED_CREDENTIALS_FILE: state.credentialsFile!,
          HOME: state.cliHome!,
        };
        const command = ['sts', 'get-caller-identity', '--profile', ROLE_PROFILE];
        const shown = `aws ${command.join(' ')}`;
        const installed = await runAwsCli(['--version'], { env });
        if (!installed) {
          log('There is no AWS CLI on this machine: nothing was run.');
          return { AwsCli: 'not installed', WouldRun: shown };
        }
        const version = `${installed.stdout}${installed.stderr}`.split(' ')[0];
        // On the sandbox the profile's endpoint_url sends the CLI's AssumeRole
        // there; CLIs before 1.29 / 2.13 ignore it and would ask AWS instead.
        if (aws.target === 'sandbox' && !readsEndpointUrlFromProfile(version)) {
          log(`${version} ignores endpoint_url in a profile: nothing was run.`);
          return { AwsCli: version, WouldRun: shown, Needs: 'aws-cli 1.29 or 2.13' };
        }
        // It prompts "Enter MFA code for …:" and reads the code we send.
        const first = await runAwsCli(command, {
          env,
          input: `${inputs.code}\n`,
          signal: aws.signal,
        });
        if (first!.status !== 0) throw cliFailure(first!);
        // Again, with no code to give: it uses the session it cached.
        const again = await runAwsCli(command, { env, signal: aws.signal });
        if (again!.status !== 0) throw cliFailure(again!);
        const cache = join(state.cliHome!, '.aws', 'cli', 'cache');
        const cached = await readdir(cache).catch(() => []);
        return {
          AwsCli: version,
          Ran: shown,
          Arn: JSON.parse(first!.stdout).Arn,
          SecondRunAskedForACode: again!.stderr.includes('Enter MFA code'),
          CachedSessions: cached.map((name) => join(cache, name)),
        };
      },
      // #endregion
    },
    {
      id: 'delete-files',
      title: 'Delete the files',
      phase: 'teardown',
      // #region delete-files
      async run({ state, ledger, log }) {
        if (!state.filesDir) {
          log('Nothing to delete: this run has no files (none were written, or they are already deleted).');
          return { deleted: [] };
        }
        // The directory, with both files and the CLI's cached sessions.
        await removeLocalFile(ledger, state.filesDir);
        const deleted = [state.filesDir];
        state.filesDir = state.configFile = undefined;
        state.credentialsFile = state.cliHome = undefined;
        return { deleted };
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
        // The read-only policy is detached, then the role is deleted.
        const iam = new IAMClient(aws.config());
        await deleteRole(iam, ledger, state.roleName);
        const deleted = [state.roleArn!];
        state.roleName = state.roleArn = state.roleSession = undefined;
        state.readOnlyAttached = false;
        return { deleted };
      },
      // #endregion
    },
    {
      id: 'delete-user',
      title: 'Delete the user, its key and MFA device',
      phase: 'teardown',
      // #region delete-user
      async run({ aws, state, ledger, log }) {
        if (!state.userName && !state.serialNumber) {
          log('Nothing to delete: this run has no user (none was made, or it is already deleted).');
          return { deleted: [] };
        }
        // The device first (deactivated if enabled), then the user and its key.
        const iam = new IAMClient(aws.config());
        const deleted: string[] = [];
        if (state.serialNumber) {
          await deleteMfaDevice(iam, ledger, state.serialNumber);
          deleted.push(state.serialNumber);
        }
        if (state.userName) {
          await deleteUser(iam, ledger, state.userName);
          deleted.push(state.userArn!);
        }
        state.userName = state.userArn = state.serialNumber = undefined;
        state.userKey = undefined;
        state.mfaEnabled = false;
        return { deleted };
      },
      // #endregion
    },
  ],
});
