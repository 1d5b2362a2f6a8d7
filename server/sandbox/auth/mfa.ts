/**
 * MFA as STS checks it on AssumeRole and GetSessionToken: both SerialNumber and TokenCode or
 * neither; the device must exist and be assigned to the calling user; the code must belong to
 * the current time step ±1 and be newer than the last code the device accepted (AWS refuses
 * reuse). Failures are AccessDenied with AWS's exact wording (aws-wire-protocol.md §7.3). On
 * success it records the step, so the same code cannot be used twice.
 */
import { accessDenied } from '../errors.ts';
import type { SandboxState } from '../state.ts';
import type { Principal } from './principal.ts';
import { matchStep } from './totp.ts';

export function verifyStsMfa(
  state: SandboxState,
  principal: Principal,
  serialNumber: string | undefined,
  tokenCode: string | undefined,
): boolean {
  if (serialNumber === undefined && tokenCode === undefined) return false;
  if (serialNumber === undefined || tokenCode === undefined) {
    throw accessDenied('MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.');
  }
  const device = principal.account.mfaDevices.get(serialNumber);
  const owner = principal.type === 'User' ? principal.user.name : undefined;
  if (!device || device.userName === undefined || device.userName !== owner || !device.enableDate) {
    throw accessDenied(
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    );
  }
  const step = matchStep(device.seed, tokenCode, state.clock.now());
  if (step === undefined || step <= device.lastUsedStep) {
    throw accessDenied('MultiFactorAuthentication failed with invalid MFA one time pass code.');
  }
  device.lastUsedStep = step;
  return true;
}
