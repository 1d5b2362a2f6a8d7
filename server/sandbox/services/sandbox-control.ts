/**
 * Sandbox-only operations that have no AWS equivalent, on their own signed service `sandbox`
 * (SigV4 scope `…/sandbox/aws4_request`). AgeCredentials fast-forwards one session of the
 * caller's account (its issue time and expiry move back), so a lesson can show ExpiredToken
 * without waiting and without disturbing anything else. AdvanceClock moves the whole sandbox's
 * simulated clock (credentials, TOTP windows: mainly for tests); GetClock reports it. SetFaults
 * replaces the fault injection (faults.ts: Rate 0..1, Seed, Kinds.member.N, SlowMs; the PRNG
 * restarts from the seed), GetFaults reports it. They need the `sandbox:<Action>` permission
 * (administrators have it), except GetClock; SetFaults and AdvanceClock change what every
 * account shares, so only the accounts the sandbox started with may call them (not a room's
 * learner accounts or partner accounts). GetStats counts what expires (sandbox-stats.ts).
 * GetPartnerAccount answers the caller's account's partner account (accounts.ts: a second
 * account, opened on first use, that the caller reaches by assuming its
 * OrganizationAccountAccessRole), for lessons with two parties. Never faulted; the `Date` header
 * keeps real time.
 */
import { isHomeAccount, partnerAccount } from '../accounts.ts';
import { principalArn } from '../auth/principal.ts';
import { accessDenied, AwsError, validationError } from '../errors.ts';
import { FAULT_KINDS, FaultInjector, MAX_SEED, MAX_SLOW_MS, type FaultKind } from '../faults.ts';
import { check, oneOf, range, required, type Clause } from '../protocol/validate.ts';
import type { SandboxState } from '../state.ts';
import { queryOperation, type Access } from './operation.ts';
import { mintSamlAssertionOperation, mintWebIdentityTokenOperation } from './identity-minting.ts';
import { queryService } from './query-service.ts';
import { getStats } from './sandbox-stats.ts';

const WEEK = 7 * 24 * 3600;

function clockOutput(state: SandboxState) {
  return { Now: new Date(state.clock.now()), OffsetSeconds: Math.round(state.clock.offset() / 1000) };
}

function faultsOutput(state: SandboxState) {
  const { rate, seed, kinds, slowMs } = state.options.faults.settings;
  return { Rate: rate, Seed: seed, Kinds: kinds, SlowMs: slowMs };
}

/** `sandbox:<Action>` on `*`: the control service has no resources. */
const anywhere = (action: string): Access<unknown> => ({ action: `sandbox:${action}`, resource: () => '*' });

/**
 * What every account shares (the clock, the faults): only the accounts the sandbox started with
 * may change it, whatever their policies say; a room's learner accounts and partner accounts,
 * whose administrators have AdministratorAccess too, may not.
 */
const shared = (action: string): Access<unknown> => ({
  ...anywhere(action),
  before: (_input, { principal }) => {
    if (!isHomeAccount(principal.account)) {
      throw accessDenied(`User: ${principalArn(principal)} is not authorized to perform: sandbox:${action}: every account shares the sandbox's clock and faults, so only the accounts it started with may change them`);
    }
  },
});

/** A decimal from 0 to 1, in validate.ts's wording. */
function share(value: string | undefined, field: string): Clause {
  if (value === undefined) return undefined;
  const prefix = `Value '${value}' at '${field}' failed to satisfy constraint: Member must`;
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(value)) return `${prefix} be a number`;
  if (Number(value) > 1) return `${prefix} have value less than or equal to 1`;
  return undefined;
}

const getFaults = queryOperation({
  input: () => ({}),
  access: anywhere('GetFaults'),
  invoke: (_input, { state }) => faultsOutput(state),
  example: {},
});

const setFaults = queryOperation({
  input(params) {
    const [rate, seed, slowMs] = [params.get('Rate'), params.get('Seed'), params.get('SlowMs')];
    const kinds = params.strings('Kinds');
    check(
      required(rate, 'rate'),
      share(rate, 'rate'),
      range(seed, 'seed', 0, MAX_SEED),
      range(slowMs, 'slowMs', 0, MAX_SLOW_MS),
      ...kinds.map((kind, i) => oneOf(kind, `kinds.${i + 1}.member`, [...FAULT_KINDS])),
    );
    return { rate: rate!, seed, slowMs, kinds: kinds as FaultKind[] };
  },
  access: shared('SetFaults'),
  invoke({ rate, seed, slowMs, kinds }, { state }) {
    state.options.faults = new FaultInjector(
      {
        rate: Number(rate),
        seed: seed === undefined ? undefined : Number(seed),
        kinds: kinds.length > 0 ? kinds : undefined,
        slowMs: slowMs === undefined ? undefined : Number(slowMs),
      },
      () => parseInt(state.ids.hex(4), 16),
    );
    return faultsOutput(state);
  },
  example: { Rate: '1', Kinds: ['drop'] },
});

const getClock = queryOperation({
  input: () => ({}),
  access: { action: 'sandbox:GetClock', noPermission: 'reading the simulated time reveals nothing; the notebook learns an external sandbox clock from it' },
  invoke: (_input, { state }) => clockOutput(state),
  example: {},
});

const ageCredentials = queryOperation({
  input(params) {
    const accessKeyId = params.get('AccessKeyId');
    const seconds = params.get('Seconds');
    check(required(accessKeyId, 'accessKeyId'), required(seconds, 'seconds'), range(seconds, 'seconds', 1, WEEK));
    return { accessKeyId: accessKeyId!, seconds: Number(seconds) };
  },
  access: anywhere('AgeCredentials'),
  invoke({ accessKeyId, seconds }, { state, principal }) {
    const session = state.store.sessions.get(accessKeyId);
    if (!session || session.accountId !== principal.account.id) {
      throw new AwsError('NoSuchEntity', `No temporary credentials with the access key id ${accessKeyId} in this account.`, 404);
    }
    session.issuedAt -= seconds * 1000;
    session.expiresAt -= seconds * 1000;
    return { AccessKeyId: session.accessKeyId, Expiration: new Date(session.expiresAt) };
  },
  example: { AccessKeyId: 'ASIAIOSFODNN7EXAMPLE', Seconds: '900' },
});

const advanceClock = queryOperation({
  input(params) {
    const seconds = params.get('Seconds');
    check(required(seconds, 'seconds'), range(seconds, 'seconds', 1, WEEK));
    return { seconds: Number(seconds) };
  },
  access: shared('AdvanceClock'),
  invoke({ seconds }, { state }) {
    state.clock.advance(seconds * 1000);
    return clockOutput(state);
  },
  example: { Seconds: '60' },
});

/** Twelve random digits, not starting with 0, for a new account id. */
const accountDigits = (state: SandboxState) => () => String(100_000_000_000n + (BigInt(`0x${state.ids.hex(8)}`) % 900_000_000_000n));

const getPartnerAccount = queryOperation({
  input: () => ({}),
  access: anywhere('GetPartnerAccount'),
  invoke(_input, { state, principal }) {
    const partner = partnerAccount(state, principal.account.id, accountDigits(state));
    if (!partner) throw validationError(`Account ${principal.account.id} is itself a partner account; it has no partner of its own.`);
    return { AccountId: partner.accountId, RoleArn: partner.roleArn };
  },
  example: {},
});

export const sandboxControl = queryService(
  'sandbox',
  'https://sts-workshop.invalid/sandbox/2026-11-01/',
  { GetFaults: getFaults, SetFaults: setFaults, GetClock: getClock, AgeCredentials: ageCredentials, AdvanceClock: advanceClock, MintWebIdentityToken: mintWebIdentityTokenOperation, MintSAMLAssertion: mintSamlAssertionOperation, GetStats: getStats, GetPartnerAccount: getPartnerAccount },
  { faults: false },
);
