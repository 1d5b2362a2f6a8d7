/**
 * Virtual MFA devices as entities: CreateVirtualMFADevice (serial `arn:aws:iam::ACCT:mfa<path>
 * <name>`, a 64-character base32 seed, and a real QR code PNG of the otpauth URI), which is the
 * only operation that ever returns the seed or the QR code; DeleteVirtualMFADevice (refused
 * while assigned); ListVirtualMFADevices (AssignmentStatus Assigned/Unassigned/Any); and the
 * device tag operations. Assigning a device to a user is in mfa-devices.ts.
 */
import { deleteConflict, entityAlreadyExists, noSuchEntity } from '../../errors.ts';
import { check, length, oneOf, pattern, required } from '../../protocol/validate.ts';
import type { Account, MfaDevice } from '../../store.ts';
import { queryOperation } from '../operation.ts';
import { mfaSerial, NAME_PATTERN, pathClauses, serialClauses } from './names.ts';
import { paginate } from './paging.ts';
import { userOutput } from './shapes.ts';
import { tagOperations } from './tag-operations.ts';
import { readTags, rejectDuplicateKeys, tagContext, tagOnCreate, tagsOutput } from './tags.ts';

export const EXAMPLE_SERIAL = 'arn:aws:iam::123456789012:mfa/alice-mfa';

export function deviceNotFound(serial: string) {
  return noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
}

/** The device with this serial (its ARN), or NoSuchEntity. */
export function existingDevice(account: Account, serial: string): MfaDevice {
  const device = account.mfaDevices.get(serial);
  if (!device) throw deviceNotFound(serial);
  return device;
}

export const createVirtualMfaDevice = queryOperation({
  input(params) {
    const name = params.get('VirtualMFADeviceName');
    const { tags, clauses } = readTags(params);
    check(
      ...pathClauses(params.get('Path')),
      required(name, 'virtualMFADeviceName'),
      length(name, 'virtualMFADeviceName', 1, Infinity),
      pattern(name, 'virtualMFADeviceName', NAME_PATTERN),
      ...clauses,
    );
    return { name: name!, path: params.get('Path') ?? '/', tags };
  },
  access: {
    action: 'iam:CreateVirtualMFADevice',
    resource: ({ name, path }, { principal }) => mfaSerial(principal.account.id, path, name),
    context: ({ tags }) => tagContext(tags),
    alsoRequires: tagOnCreate('iam:TagMFADevice'),
  },
  async invoke({ name, path, tags }, { state, principal }) {
    const account = principal.account;
    const serial = mfaSerial(account.id, path, name);
    rejectDuplicateKeys(tags);
    if (account.mfaDevices.has(serial)) throw entityAlreadyExists('MFADevice entity at the same path and name already exists.');
    const seed = state.ids.totpSeed();
    const { default: QRCode } = await import('qrcode'); // on first use: most sandboxes never make a device
    const png = await QRCode.toBuffer(`otpauth://totp/${name}@${account.id}?secret=${seed}`, { type: 'png' });
    const device: MfaDevice = { serial, name, path, seed, createDate: new Date(state.clock.now()), tags, lastUsedStep: 0 };
    account.mfaDevices.set(serial, device);
    return {
      VirtualMFADevice: {
        SerialNumber: serial,
        Base32StringSeed: Buffer.from(seed, 'ascii').toString('base64'),
        QRCodePNG: png.toString('base64'),
        Tags: tagsOutput(tags),
      },
    };
  },
  example: { VirtualMFADeviceName: 'example-mfa' },
});

export const deleteVirtualMfaDevice = queryOperation({
  input(params) {
    const serial = params.get('SerialNumber');
    check(...serialClauses(serial));
    return { serial: serial! };
  },
  access: { action: 'iam:DeleteVirtualMFADevice', resource: ({ serial }) => serial },
  invoke({ serial }, { principal }) {
    const device = existingDevice(principal.account, serial);
    if (device.userName !== undefined) throw deleteConflict('MFA device is still in use.');
    principal.account.mfaDevices.delete(device.serial);
    return undefined;
  },
  example: { SerialNumber: EXAMPLE_SERIAL },
});

export const listVirtualMfaDevices = queryOperation({
  input(params) {
    check(oneOf(params.get('AssignmentStatus'), 'assignmentStatus', ['Assigned', 'Unassigned', 'Any']));
    return { status: params.get('AssignmentStatus') ?? 'Any', params };
  },
  access: { action: 'iam:ListVirtualMFADevices', resource: () => '*' },
  invoke({ status, params }, { principal }) {
    const account = principal.account;
    const devices = [...account.mfaDevices.values()].filter((d) =>
      status === 'Any' ? true : status === 'Assigned' ? d.userName !== undefined : d.userName === undefined,
    );
    const { items, truncation } = paginate(devices, (d) => d.serial, params);
    return {
      VirtualMFADevices: items.map((d) => {
        const user = d.userName === undefined ? undefined : account.users.get(d.userName);
        return {
          SerialNumber: d.serial,
          User: user ? userOutput(user, 'list') : undefined,
          EnableDate: d.userName === undefined ? undefined : d.enableDate,
          Tags: tagsOutput(d.tags),
        };
      }),
      ...truncation,
    };
  },
  example: {},
});

const deviceTags = tagOperations({
  verb: 'MFADevice',
  idParam: 'SerialNumber',
  idClauses: (serial) => serialClauses(serial),
  resource: (serial) => serial,
  find: (serial, { principal }) => existingDevice(principal.account, serial),
  example: EXAMPLE_SERIAL,
});
export const tagMfaDevice = deviceTags.tag;
export const untagMfaDevice = deviceTags.untag;
export const listMfaDeviceTags = deviceTags.listTags;
