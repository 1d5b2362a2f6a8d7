/**
 * Assigning virtual MFA devices to users: EnableMFADevice (two consecutive TOTP codes, code 1
 * at a time step within ±2 steps of the sandbox clock and code 2 at the next step; the second
 * step is recorded so STS cannot accept those codes again), ResyncMFADevice, DeactivateMFADevice
 * and ListMFADevices. Wrong codes are InvalidAuthenticationCode (403), as in AWS. Creating and
 * deleting the devices themselves is in virtual-mfa.ts; STS's own MFA check is auth/mfa.ts.
 */
import { AwsError, entityAlreadyExists } from '../../errors.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { check, length, pattern, required } from '../../protocol/validate.ts';
import type { MfaDevice } from '../../store.ts';
import { codeAt, timeStep } from '../../auth/totp.ts';
import { queryOperation } from '../operation.ts';
import { existingUser, targetAccess, targetUserName, userAccess } from './lookup.ts';
import { nameClauses, serialClauses } from './names.ts';
import { paginate } from './paging.ts';
import { deviceNotFound, EXAMPLE_SERIAL } from './virtual-mfa.ts';

const STEP_MS = 30_000;
/** Time steps tried for the first code: now, then up to two steps either side. */
const DELTAS = [0, -1, 1, -2, 2];

const invalidCode = () => new AwsError('InvalidAuthenticationCode', 'Authentication code for device is not valid.', 403);

function codeClauses(value: string | undefined, field: string) {
  return [required(value, field), length(value, field, 6, 6), pattern(value, field, '[\\d]+')];
}

/** The step t (after the device's last used step) with code1 at t and code2 at t + 1, if any. */
function consecutiveStep(device: MfaDevice, code1: string, code2: string, now: number): number | undefined {
  const current = timeStep(now);
  for (const delta of DELTAS) {
    const t = current + delta;
    if (t <= device.lastUsedStep) continue;
    if (codeAt(device.seed, t * STEP_MS) === code1 && codeAt(device.seed, (t + 1) * STEP_MS) === code2) return t;
  }
  return undefined;
}

function readCodes(params: QueryParams) {
  const userName = params.get('UserName');
  const serial = params.get('SerialNumber');
  const code1 = params.get('AuthenticationCode1');
  const code2 = params.get('AuthenticationCode2');
  check(
    ...nameClauses(userName, 'userName', 128),
    ...serialClauses(serial),
    ...codeClauses(code1, 'authenticationCode1'),
    ...codeClauses(code2, 'authenticationCode2'),
  );
  return { userName: userName!, serial: serial!, code1: code1!, code2: code2! };
}

/** Optional UserName (the caller without it), and `more`. */
function targetInput(params: QueryParams, principal: Parameters<typeof targetUserName>[0], ...more: (string | undefined)[]) {
  const given = params.get('UserName');
  check(...nameClauses(given, 'userName', 128, true), ...more);
  return { target: targetUserName(principal, given), params };
}

const CODES_EXAMPLE = { UserName: 'alice', SerialNumber: EXAMPLE_SERIAL, AuthenticationCode1: '123456', AuthenticationCode2: '654321' };

export const enableMfaDevice = queryOperation({
  input: readCodes,
  access: userAccess('iam:EnableMFADevice'),
  invoke({ userName, serial, code1, code2 }, { state, principal }) {
    const user = existingUser(principal.account, userName);
    const device = principal.account.mfaDevices.get(serial);
    if (!device) throw deviceNotFound(serial);
    if (device.userName !== undefined) throw entityAlreadyExists('MFA Device is already in use.');
    const now = state.clock.now();
    const step = consecutiveStep(device, code1, code2, now);
    if (step === undefined) throw invalidCode();
    device.lastUsedStep = step + 1;
    device.userName = user.name;
    device.enableDate = new Date(now);
    user.mfaSerials.add(device.serial);
    return undefined;
  },
  example: CODES_EXAMPLE,
});

export const resyncMfaDevice = queryOperation({
  input: readCodes,
  access: userAccess('iam:ResyncMFADevice'),
  invoke({ userName, serial, code1, code2 }, { state, principal }) {
    const user = existingUser(principal.account, userName);
    const device = principal.account.mfaDevices.get(serial);
    if (!device || device.userName !== user.name) throw deviceNotFound(serial);
    const step = consecutiveStep(device, code1, code2, state.clock.now());
    if (step === undefined) throw invalidCode();
    device.lastUsedStep = step + 1;
    return undefined;
  },
  example: CODES_EXAMPLE,
});

export const deactivateMfaDevice = queryOperation({
  input(params, { principal }) {
    const serial = params.get('SerialNumber');
    return { ...targetInput(params, principal, ...serialClauses(serial)), serial: serial! };
  },
  access: targetAccess('iam:DeactivateMFADevice'),
  invoke({ target, serial }, { principal }) {
    if (target === 'root') throw deviceNotFound(serial);
    const user = existingUser(principal.account, target);
    const device = principal.account.mfaDevices.get(serial);
    if (!device || device.userName !== user.name) throw deviceNotFound(serial);
    device.userName = undefined;
    device.enableDate = undefined;
    user.mfaSerials.delete(device.serial);
    return undefined;
  },
  example: { UserName: 'alice', SerialNumber: EXAMPLE_SERIAL },
});

export const listMfaDevices = queryOperation({
  input: (params, { principal }) => targetInput(params, principal),
  access: targetAccess('iam:ListMFADevices'),
  invoke({ target, params }, { principal }) {
    const account = principal.account;
    let devices: MfaDevice[] = [];
    if (target !== 'root') {
      const user = existingUser(account, target);
      devices = [...user.mfaSerials].map((s) => account.mfaDevices.get(s)).filter((d): d is MfaDevice => d !== undefined);
    }
    const { items, truncation } = paginate(devices, (d) => d.serial, params);
    return {
      MFADevices: items.map((d) => ({ UserName: d.userName, SerialNumber: d.serial, EnableDate: d.enableDate })),
      ...truncation,
    };
  },
  example: { UserName: 'alice' },
});
