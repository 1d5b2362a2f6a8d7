/**
 * Sandbox-only operations that have no AWS equivalent, on their own signed service `sandbox`
 * (SigV4 scope `…/sandbox/aws4_request`): AdvanceClock moves the simulated clock forward so a
 * lesson can show ExpiredToken without waiting; GetClock reports it. They need the
 * `sandbox:AdvanceClock` permission (administrators have it). The clock is the sandbox's, shared
 * by all its accounts; the `Date` header keeps real time.
 */
import { requireAllowed } from '../auth/authorize.ts';
import { check, range, required } from '../protocol/validate.ts';
import type { QueryCall, QueryOperations } from './query-call.ts';

function clockOutput({ state }: QueryCall) {
  return { Now: new Date(state.clock.now()), OffsetSeconds: Math.round(state.clock.offset() / 1000) };
}

export const sandboxOperations: QueryOperations = {
  GetClock: (call) => clockOutput(call),
  AdvanceClock(call) {
    const seconds = call.params.get('Seconds');
    check(required(seconds, 'seconds'), range(seconds, 'seconds', 1, 7 * 24 * 3600));
    requireAllowed(call.state, call.principal, call.region, { action: 'sandbox:AdvanceClock', resource: '*' });
    call.state.clock.advance(Number(seconds) * 1000);
    return clockOutput(call);
  },
};
