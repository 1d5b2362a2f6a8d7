/**
 * Virtual MFA through the real SDK v3 IAM and STS clients, on an injected sandbox clock: create a
 * device (seed and real QR PNG returned once), enable it with two consecutive TOTP codes, see the
 * codes refused for reuse by STS, use the next one, and AWS's errors for wrong codes, duplicates,
 * devices in use, DeleteUser with an MFA device, and deactivation and deletion.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateVirtualMFADeviceCommand, DeactivateMFADeviceCommand, DeleteAccessKeyCommand, DeleteUserCommand, DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand, IAMClient, ListMFADevicesCommand, ListMFADeviceTagsCommand, ListVirtualMFADevicesCommand, TagMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { codeAt } from '../server/sandbox/auth/totp.ts';
import { createClock } from '../server/sandbox/clock.ts';
import { ACCT, fails, iamSandbox, userWithKey } from './support/iam.ts';

const STEP = 30_000;
// Five seconds into a 30-second step, so that "now" and "the next step" are unambiguous.
let fakeNow = Math.floor(Date.now() / STEP) * STEP + 5_000;
let serial = '';
let seed = '';
const { sandbox, iam } = await iamSandbox({ clock: createClock(() => fakeNow) });
const userCreds = await userWithKey(iam, 'mfa-user');

const codeForStep = (offset: number) => codeAt(seed, fakeNow + offset * STEP);

test('CreateVirtualMFADevice returns the serial, the base32 seed (base64 of ASCII) and a real PNG QR code', async () => {
  const out = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-user', Path: '/workshop/', Tags: [{ Key: 'owner', Value: 'mfa-user' }] }));
  const device = out.VirtualMFADevice!;
  serial = device.SerialNumber!;
  assert.equal(serial, `arn:aws:iam::${ACCT}:mfa/workshop/mfa-user`);
  seed = Buffer.from(device.Base32StringSeed!).toString();
  assert.match(seed, /^[A-Z2-7]{64}$/);
  const png = Buffer.from(device.QRCodePNG!);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  assert.ok(png.length > 200);
  assert.deepEqual(device.Tags, [{ Key: 'owner', Value: 'mfa-user' }]);
  await fails(
    iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-user', Path: '/workshop/' })),
    'EntityAlreadyExists', 409, 'MFADevice entity at the same path and name already exists.',
  );
  await fails(
    iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bad name' })),
    'ValidationError', 400, /Value 'bad name' at 'virtualMFADeviceName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\+/,
  );
});

test('the seed and QR code are never returned again', async () => {
  const listed = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
  const mine = listed.VirtualMFADevices!.find((d) => d.SerialNumber === serial)!;
  assert.ok(mine);
  assert.equal(mine.Base32StringSeed, undefined);
  assert.equal(mine.QRCodePNG, undefined);
  assert.equal(mine.User, undefined);
  assert.equal(listed.IsTruncated, false);
  const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
  assert.equal(assigned.VirtualMFADevices!.some((d) => d.SerialNumber === serial), false);
});

test('EnableMFADevice refuses codes that are not two consecutive current codes (403)', async () => {
  const enable = (c1: string, c2: string) =>
    iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
  await fails(enable(codeForStep(5), codeForStep(6)), 'InvalidAuthenticationCode', 403, 'Authentication code for device is not valid.');
  if (codeForStep(1) !== codeForStep(0)) {
    await fails(enable(codeForStep(1), codeForStep(0)), 'InvalidAuthenticationCode', 403, 'Authentication code for device is not valid.');
  }
  await fails(enable('12345', '123456'), 'ValidationError', 400, /Value '12345' at 'authenticationCode1' failed to satisfy constraint: Member must have length greater than or equal to 6/);
  await fails(
    iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: `arn:aws:iam::${ACCT}:mfa/none`, AuthenticationCode1: '123456', AuthenticationCode2: '654321' })),
    'NoSuchEntity', 404, /arn:aws:iam::123456789012:mfa\/none/,
  );
});

test('EnableMFADevice with the current and the next code assigns the device; STS refuses those codes again', async () => {
  await iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: serial, AuthenticationCode1: codeForStep(0), AuthenticationCode2: codeForStep(1) }));
  const devices = await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-user' }));
  assert.equal(devices.MFADevices!.length, 1);
  assert.equal(devices.MFADevices![0].SerialNumber, serial);
  assert.equal(devices.MFADevices![0].UserName, 'mfa-user');
  assert.ok(devices.MFADevices![0].EnableDate instanceof Date);
  assert.equal(devices.IsTruncated, false);
  const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
  const mine = assigned.VirtualMFADevices!.find((d) => d.SerialNumber === serial)!;
  assert.equal(mine.User!.UserName, 'mfa-user');
  assert.equal(mine.User!.Arn, `arn:aws:iam::${ACCT}:user/mfa-user`);
  assert.ok(mine.EnableDate instanceof Date);

  const sts = new STSClient(sandbox.config(userCreds));
  await fails(
    sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: codeForStep(1) })),
    'AccessDenied', 403, 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
  );
  fakeNow += 2 * STEP;
  const session = await sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: codeForStep(0) }));
  assert.match(session.Credentials!.AccessKeyId!, /^ASIA/);

  const asUser = new IAMClient(sandbox.config(userCreds));
  await fails(asUser.send(new ListMFADevicesCommand({})), 'AccessDenied', 403, /iam:ListMFADevices on resource: arn:aws:iam::123456789012:user\/mfa-user/);
});

test('a device in use cannot be enabled again, deleted, or leave its user deletable', async () => {
  await fails(
    iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: serial, AuthenticationCode1: codeForStep(1), AuthenticationCode2: codeForStep(2) })),
    'EntityAlreadyExists', 409, 'MFA Device is already in use.',
  );
  await fails(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), 'DeleteConflict', 409, 'MFA device is still in use.');
  await fails(iam.send(new DeleteUserCommand({ UserName: 'mfa-user' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.');
  await iam.send(new DeleteAccessKeyCommand({ UserName: 'mfa-user', AccessKeyId: userCreds.accessKeyId }));
  await fails(iam.send(new DeleteUserCommand({ UserName: 'mfa-user' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete MFA device first.');
});

test('TagMFADevice and ListMFADeviceTags', async () => {
  await iam.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'phone', Value: 'pixel' }] }));
  const tags = await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }));
  assert.deepEqual(tags.Tags, [{ Key: 'owner', Value: 'mfa-user' }, { Key: 'phone', Value: 'pixel' }]);
});

test('DeactivateMFADevice unassigns the device; then the user and the device can be deleted', async () => {
  await fails(
    iam.send(new DeactivateMFADeviceCommand({ UserName: 'workshop-admin', SerialNumber: serial })),
    'NoSuchEntity', 404, /arn:aws:iam::123456789012:mfa\/workshop\/mfa-user/,
  );
  await iam.send(new DeactivateMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: serial }));
  assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-user' }))).MFADevices, []);
  await iam.send(new DeleteUserCommand({ UserName: 'mfa-user' }));
  await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
  const all = await iam.send(new ListVirtualMFADevicesCommand({}));
  assert.equal(all.VirtualMFADevices!.some((d) => d.SerialNumber === serial), false);
  await fails(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), 'NoSuchEntity', 404, /mfa\/workshop\/mfa-user/);
});
