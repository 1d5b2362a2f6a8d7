/**
 * The setup steps several lessons share, each exported on its own: `createUserStep` (an IAM user
 * with no permissions), `createMfaDeviceStep` (a virtual MFA device registered with the page's
 * built-in authenticator), `enableMfaDeviceStep` (enabled with two consecutive codes) and
 * `createAccessKeyStep` (the user's access key, retried until it is accepted). The MFA lessons
 * (assume-role-mfa, session-token-mfa) spread `mfaUserSetup()`, all four in that order, into
 * their `steps` and keep the fields in their own state (`interface MyState extends
 * MfaUserState`); assume-role, which needs no device, uses `createUserStep` and
 * `createAccessKeyStep` (`interface MyState extends UserState`). Teardowns stay in each lesson,
 * which knows what else it created.
 *
 * As in a lesson's steps.ts, each step's body sits between `// #region <step-id>` and
 * `// #endregion`: the site shows exactly that region, under this file's name, on every lesson
 * page that uses the step (src/lessons/source.ts, findRegion). These ids must not be used by
 * another file in src/lessons/shared/, and a lesson that imports this module must not have
 * regions of its own with them (the build refuses either).
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Step } from '../lesson.ts';
import { untilPropagated } from './propagation.ts';
import { tracked } from './tracked.ts';

/** What createUserStep and createAccessKeyStep keep in the lesson state. */
export interface UserState {
  userName?: string;
  userArn?: string;
  /** The user's long-term access key (AKIA…): server memory only. */
  userKey?: AwsCredentialIdentity;
}

/** UserState plus what the MFA device steps keep. */
export interface MfaUserState extends UserState {
  serialNumber?: string;
  mfaEnabled?: boolean;
}

export const createUserStep: Step<UserState> = {
  id: 'create-user',
  title: 'Create an IAM user with no permissions',
  phase: 'setup',
  // #region create-user
  async run(ctx) {
    const { aws, state, ownership } = ctx;
    if (state.userArn) {
      ctx.log(
        `User ${state.userName} already exists from an earlier run ` +
          'of this step; using it.',
      );
      return { UserName: state.userName, Arn: state.userArn };
    }

    const iam = new IAMClient(aws.config());
    const userName = ctx.name('user');

    // No policies: this user may not do anything yet.
    const { User } = await tracked(
      ctx,
      { kind: 'user', name: userName },
      () =>
        iam.send(
          new CreateUserCommand({
            UserName: userName,
            Path: ownership.path,
            Tags: ownership.tags,
          }),
        ),
      (created) => created.User?.Arn,
    );

    state.userName = userName;
    state.userArn = User!.Arn;
    return { UserName: userName, Arn: User!.Arn, UserId: User!.UserId };
  },
  // #endregion
};

export const createMfaDeviceStep: Step<MfaUserState> = {
  id: 'create-mfa-device',
  title: 'Create a virtual MFA device',
  phase: 'setup',
  requires: ['create-user'],
  // #region create-mfa-device
  async run(ctx) {
    const { aws, state, ownership, authenticator } = ctx;
    if (state.serialNumber) {
      ctx.log(
        `MFA device ${state.serialNumber} already exists from an ` +
          'earlier run of this step; using it.',
      );
      return { SerialNumber: state.serialNumber };
    }

    const iam = new IAMClient(aws.config());
    const name = ctx.name('mfa');
    // A virtual device's serial number is its ARN, known before the device exists.
    const serialNumber = `arn:aws:iam::${aws.accountId}:mfa${ownership.path}${name}`;
    const { VirtualMFADevice } = await tracked(
      ctx,
      { kind: 'mfa-device', name: serialNumber },
      () =>
        iam.send(
          new CreateVirtualMFADeviceCommand({
            VirtualMFADeviceName: name,
            Path: ownership.path,
            Tags: ownership.tags,
          }),
        ),
    );

    // The seed is the device: whoever holds it can make valid codes. Keep it
    // in memory, registered as a secret, and hand it to the page's
    // authenticator (which shows codes, never the seed). QRCodePNG encodes the
    // same seed; it is not kept.
    const seed = ctx.secret(
      Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString(),
      'MFASeed',
    );
    authenticator.register(
      VirtualMFADevice!.SerialNumber!,
      seed,
      `${state.userName}@${aws.accountId}`,
    );

    state.serialNumber = VirtualMFADevice!.SerialNumber;
    return {
      SerialNumber: state.serialNumber,
      AssignedTo: 'nobody yet (enable it next)',
    };
  },
  // #endregion
};

export const enableMfaDeviceStep: Step<MfaUserState> = {
  id: 'enable-mfa-device',
  title: 'Enable the device with two consecutive codes',
  phase: 'setup',
  requires: ['create-mfa-device'],
  inputs: [
    {
      name: 'code1',
      label: 'First code',
      kind: 'mfa-code',
      pattern: '\\d{6}',
      help: 'The code the authenticator shows now.',
    },
    {
      name: 'code2',
      label: 'Second code',
      kind: 'mfa-code',
      pattern: '\\d{6}',
      help: 'The code that comes right after it.',
    },
  ],
  // #region enable-mfa-device
  async run(ctx) {
    const { aws, state, inputs } = ctx;
    if (state.mfaEnabled) {
      ctx.log(
        `MFA device ${state.serialNumber} is already enabled; nothing to do.`,
      );
      return {
        UserName: state.userName,
        SerialNumber: state.serialNumber,
        Enabled: true,
      };
    }

    // Both codes in one request, sent as soon as they are typed: IAM checks
    // that they are the device's codes for two consecutive 30-second windows
    // close to its own clock.
    const iam = new IAMClient(aws.config());
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: state.userName,
        SerialNumber: state.serialNumber,
        AuthenticationCode1: inputs.code1,
        AuthenticationCode2: inputs.code2,
      }),
    );

    state.mfaEnabled = true;
    return {
      UserName: state.userName,
      SerialNumber: state.serialNumber,
      Enabled: true,
    };
  },
  // #endregion
};

export const createAccessKeyStep: Step<UserState> = {
  id: 'create-access-key',
  title: 'Create an access key for the user',
  phase: 'setup',
  requires: ['create-user'],
  // #region create-access-key
  async run(ctx) {
    const { aws, state } = ctx;
    if (state.userKey) {
      const id = state.userKey.accessKeyId;
      ctx.log(
        `${state.userName} already has the access key ${id} from an ` +
          'earlier run of this step; using it.',
      );
      return { AccessKeyId: id };
    }

    const iam = new IAMClient(aws.config());
    const { AccessKey } = await iam.send(
      new CreateAccessKeyCommand({ UserName: state.userName }),
    );
    const { AccessKeyId, SecretAccessKey, Status } = AccessKey!;
    const userKey = {
      accessKeyId: AccessKeyId!,
      secretAccessKey: ctx.secret(SecretAccessKey!, 'SecretAccessKey'),
    };
    // AWS picks the key's id, so the ledger can record the key only now.
    // What guarantees it is found and deleted is the user's record, written
    // before CreateUser: a user's keys are deleted before the user.
    await ctx.ledger.created({
      kind: 'access-key',
      name: AccessKeyId!,
      parent: state.userName,
    });

    // A new key is not accepted everywhere at once. GetCallerIdentity
    // needs no permission, so it fails only while the key is still
    // unknown (InvalidClientTokenId): retry until it works.
    const sts = new STSClient(aws.config(userKey));
    const me = await untilPropagated(
      ctx,
      'The new access key',
      () => sts.send(new GetCallerIdentityCommand({})),
      { retryOn: ['InvalidClientTokenId'] },
    );

    state.userKey = userKey;
    // The page's credentials panel lists the key: whose it is, never its secret.
    ctx.credentials.hold(userKey, { label: "The user's access key", principal: me.Arn! });
    return { AccessKeyId, Status, Arn: me.Arn };
  },
  // #endregion
};

/**
 * The steps create-user, create-mfa-device, enable-mfa-device and create-access-key, in that
 * order, for a lesson whose state extends `MfaUserState`.
 */
export function mfaUserSetup(): Step<MfaUserState>[] {
  return [createUserStep, createMfaDeviceStep, enableMfaDeviceStep, createAccessKeyStep];
}
