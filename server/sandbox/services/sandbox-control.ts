/**
 * Sandbox-only operations that have no AWS equivalent, on their own signed service `sandbox`
 * (SigV4 scope `…/sandbox/aws4_request`). AgeCredentials fast-forwards one session of the
 * caller's account (its issue time and expiry move back), so a lesson can show ExpiredToken
 * without waiting and without disturbing anything else. AdvanceClock moves the whole sandbox's
 * simulated clock (credentials, TOTP windows: mainly for tests); GetClock reports it. SetFaults
 * replaces the fault injection (faults.ts: Rate 0..1, Seed, Kinds.member.N, SlowMs; the PRNG
 * restarts from the seed), GetFaults reports it. They need the `sandbox:<Action>` permission
 * (administrators have it), except GetClock. The `Date` header keeps real time.
 */
import { requireAllowed } from '../auth/authorize.ts';
import { AwsError } from '../errors.ts';
import { FAULT_KINDS, FaultInjector, MAX_SEED, MAX_SLOW_MS, type FaultKind } from '../faults.ts';
import { check, oneOf, range, required, type Clause } from '../protocol/validate.ts';
import type { QueryCall, QueryOperations } from './query-call.ts';

function clockOutput({ state }: QueryCall) {
  return { Now: new Date(state.clock.now()), OffsetSeconds: Math.round(state.clock.offset() / 1000) };
}

function faultsOutput({ state }: QueryCall) {
  const { rate, seed, kinds, slowMs } = state.options.faults.settings;
  return { Rate: rate, Seed: seed, Kinds: kinds, SlowMs: slowMs };
}

/** A decimal from 0 to 1, in validate.ts's wording. */
function share(value: string | undefined, field: string): Clause {
  if (value === undefined) return undefined;
  const prefix = `Value '${value}' at '${field}' failed to satisfy constraint: Member must`;
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(value)) return `${prefix} be a number`;
  if (Number(value) > 1) return `${prefix} have value less than or equal to 1`;
  return undefined;
}

export const sandboxOperations: QueryOperations = {
  GetFaults(call) {
    requireAllowed(call.state, call.principal, call.region, { action: 'sandbox:GetFaults', resource: '*' });
    return faultsOutput(call);
  },
  SetFaults(call) {
    const { params } = call;
    const [rate, seed, slowMs] = [params.get('Rate'), params.get('Seed'), params.get('SlowMs')];
    const kinds = params.strings('Kinds');
    check(
      required(rate, 'rate'),
      share(rate, 'rate'),
      range(seed, 'seed', 0, MAX_SEED),
      range(slowMs, 'slowMs', 0, MAX_SLOW_MS),
      ...kinds.map((kind, i) => oneOf(kind, `kinds.${i + 1}.member`, [...FAULT_KINDS])),
    );
    requireAllowed(call.state, call.principal, call.region, { action: 'sandbox:SetFaults', resource: '*' });
    call.state.options.faults = new FaultInjector(
      {
        rate: Number(rate),
        seed: seed === undefined ? undefined : Number(seed),
        kinds: kinds.length > 0 ? (kinds as FaultKind[]) : undefined,
        slowMs: slowMs === undefined ? undefined : Number(slowMs),
      },
      () => parseInt(call.state.ids.hex(4), 16),
    );
    return faultsOutput(call);
  },
  GetClock: (call) => clockOutput(call),
  AgeCredentials(call) {
    const accessKeyId = call.params.get('AccessKeyId');
    const seconds = call.params.get('Seconds');
    check(required(accessKeyId, 'accessKeyId'), required(seconds, 'seconds'), range(seconds, 'seconds', 1, 7 * 24 * 3600));
    requireAllowed(call.state, call.principal, call.region, { action: 'sandbox:AgeCredentials', resource: '*' });
    const session = call.state.store.sessions.get(accessKeyId!);
    if (!session || session.accountId !== call.principal.account.id) {
      throw new AwsError('NoSuchEntity', `No temporary credentials with the access key id ${accessKeyId} in this account.`, 404);
    }
    session.issuedAt -= Number(seconds) * 1000;
    session.expiresAt -= Number(seconds) * 1000;
    return { AccessKeyId: session.accessKeyId, Expiration: new Date(session.expiresAt) };
  },
  AdvanceClock(call) {
    const seconds = call.params.get('Seconds');
    check(required(seconds, 'seconds'), range(seconds, 'seconds', 1, 7 * 24 * 3600));
    requireAllowed(call.state, call.principal, call.region, { action: 'sandbox:AdvanceClock', resource: '*' });
    call.state.clock.advance(Number(seconds) * 1000);
    return clockOutput(call);
  },
};
