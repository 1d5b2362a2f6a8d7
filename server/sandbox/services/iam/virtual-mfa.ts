/**
 * Virtual MFA devices as entities: CreateVirtualMFADevice (serial `arn:aws:iam::ACCT:mfa<path>
 * <name>`, a 64-character base32 seed, and a real QR code PNG of the otpauth URI), which is the
 * only operation that ever returns the seed or the QR code; DeleteVirtualMFADevice (refused
 * while assigned); ListVirtualMFADevices (AssignmentStatus Assigned/Unassigned/Any); and the
 * device tag operations. Assigning a device to a user is in mfa-devices.ts.
 */
import QRCode from 'qrcode';
import { deleteConflict, entityAlreadyExists, noSuchEntity } from '../../errors.ts';
import { check, length, oneOf, pattern, required } from '../../protocol/validate.ts';
import type { MfaDevice } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { allow } from './lookup.ts';
import { mfaSerial, NAME_PATTERN, pathClauses, serialClauses } from './names.ts';
import { paginate } from './paging.ts';
import { userOutput } from './shapes.ts';
import { tagOperations } from './tag-operations.ts';
import { readTags, rejectDuplicateKeys, tagContext, tagsOutput } from './tags.ts';

export function deviceNotFound(serial: string) {
  return noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
}

/** Authorizes `action` on the device's serial (its ARN), then finds it. */
export function authorizedDevice(call: QueryCall, action: string, serial: string, context?: Record<string, string | string[]>): MfaDevice {
  allow(call, action, serial, context);
  const device = call.principal.account.mfaDevices.get(serial);
  if (!device) throw deviceNotFound(serial);
  return device;
}

export async function createVirtualMfaDevice(call: QueryCall) {
  const { state, principal, params } = call;
  const name = params.get('VirtualMFADeviceName');
  const path = params.get('Path') ?? '/';
  const { tags, clauses } = readTags(params);
  check(
    ...pathClauses(params.get('Path')),
    required(name, 'virtualMFADeviceName'),
    length(name, 'virtualMFADeviceName', 1, Infinity),
    pattern(name, 'virtualMFADeviceName', NAME_PATTERN),
    ...clauses,
  );
  const account = principal.account;
  const serial = mfaSerial(account.id, path, name!);
  allow(call, 'iam:CreateVirtualMFADevice', serial, tagContext(tags));
  rejectDuplicateKeys(tags);
  if (account.mfaDevices.has(serial)) throw entityAlreadyExists('MFADevice entity at the same path and name already exists.');
  const seed = state.ids.totpSeed();
  const png = await QRCode.toBuffer(`otpauth://totp/${name}@${account.id}?secret=${seed}`, { type: 'png' });
  const device: MfaDevice = { serial, name: name!, path, seed, createDate: new Date(state.clock.now()), tags, lastUsedStep: 0 };
  account.mfaDevices.set(serial, device);
  return {
    VirtualMFADevice: {
      SerialNumber: serial,
      Base32StringSeed: Buffer.from(seed, 'ascii').toString('base64'),
      QRCodePNG: png.toString('base64'),
      Tags: tagsOutput(tags),
    },
  };
}

export function deleteVirtualMfaDevice(call: QueryCall) {
  const serial = call.params.get('SerialNumber');
  check(...serialClauses(serial));
  const device = authorizedDevice(call, 'iam:DeleteVirtualMFADevice', serial!);
  if (device.userName !== undefined) throw deleteConflict('MFA device is still in use.');
  call.principal.account.mfaDevices.delete(device.serial);
  return undefined;
}

export function listVirtualMfaDevices(call: QueryCall) {
  const status = call.params.get('AssignmentStatus') ?? 'Any';
  check(oneOf(call.params.get('AssignmentStatus'), 'assignmentStatus', ['Assigned', 'Unassigned', 'Any']));
  allow(call, 'iam:ListVirtualMFADevices', '*');
  const account = call.principal.account;
  const devices = [...account.mfaDevices.values()].filter((d) =>
    status === 'Any' ? true : status === 'Assigned' ? d.userName !== undefined : d.userName === undefined,
  );
  const { items, truncation } = paginate(devices, (d) => d.serial, call.params);
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
}

const deviceTags = tagOperations({ verb: 'MFADevice', idParam: 'SerialNumber', idClauses: (serial) => serialClauses(serial), find: authorizedDevice });
export const tagMfaDevice = deviceTags.tag;
export const untagMfaDevice = deviceTags.untag;
export const listMfaDeviceTags = deviceTags.listTags;
