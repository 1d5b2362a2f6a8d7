/**
 * The fault injector on its own: rate and kinds as asked, the same seed the same faults, the
 * seed source used only when no seed is given, bad settings refused, and AWS's codes per
 * protocol. The pipeline and the SDK's retries are tested in tests/sandbox-faults.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SLOW_MS, FAULT_KINDS, FaultInjector, faultError, faultSettingsProblem, mulberry32, type FaultKind } from './faults.ts';

const noSeedSource = () => assert.fail('a seed was given: the seed source must not be used');
const draws = (injector: FaultInjector, n: number) => Array.from({ length: n }, () => injector.next());

test('mulberry32 is a reproducible stream in [0, 1)', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const values = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(values, Array.from({ length: 1000 }, () => b()));
  assert.ok(values.every((v) => v >= 0 && v < 1));
  assert.notDeepEqual(values.slice(0, 10), Array.from({ length: 10 }, mulberry32(43)));
});

test('rate 0 never faults and rate 1 always does, choosing only the kinds asked for', () => {
  assert.ok(draws(new FaultInjector({ rate: 0, seed: 1 }, noSeedSource), 1000).every((f) => f === undefined));
  const always = draws(new FaultInjector({ rate: 1, seed: 1, kinds: ['throttle', 'drop'] }, noSeedSource), 1000);
  assert.ok(always.every((f) => f === 'throttle' || f === 'drop'));
  assert.ok(always.includes('throttle') && always.includes('drop'));
});

test('a rate of 0.3 faults about 30 % of requests, the kinds about equally', () => {
  const faults = draws(new FaultInjector({ rate: 0.3, seed: 7 }, noSeedSource), 20_000);
  const faulted = faults.filter((f) => f !== undefined);
  assert.ok(Math.abs(faulted.length / faults.length - 0.3) < 0.02, `${faulted.length} of ${faults.length}`);
  for (const kind of FAULT_KINDS) {
    const share = faulted.filter((f) => f === kind).length / faulted.length;
    assert.ok(Math.abs(share - 1 / FAULT_KINDS.length) < 0.03, `${kind}: ${share}`);
  }
});

test('the same seed gives the same faults; another seed others', () => {
  const run = (seed: number) => draws(new FaultInjector({ rate: 0.5, seed }, noSeedSource), 200);
  assert.deepEqual(run(42), run(42));
  assert.notDeepEqual(run(42), run(41));
});

test('without a seed the injector takes one from its source, once, and reports it', () => {
  let calls = 0;
  const injector = new FaultInjector({ rate: 0.5 }, () => (calls++, 1234));
  assert.equal(calls, 1);
  assert.deepEqual(injector.settings, { rate: 0.5, seed: 1234, kinds: [...FAULT_KINDS], slowMs: DEFAULT_SLOW_MS });
  assert.deepEqual(draws(injector, 100), draws(new FaultInjector({ rate: 0.5, seed: 1234 }, noSeedSource), 100));
});

test('settings are a copy and kinds are deduplicated', () => {
  const injector = new FaultInjector({ rate: 1, seed: 0, kinds: ['slow', 'slow'], slowMs: 10 }, noSeedSource);
  const settings = injector.settings;
  settings.kinds.push('drop');
  settings.rate = 0;
  assert.deepEqual(injector.settings, { rate: 1, seed: 0, kinds: ['slow'], slowMs: 10 });
});

test('bad settings are refused with a sentence', () => {
  const bad: [object, RegExp][] = [
    [{ rate: 1.5 }, /rate must be a number from 0 to 1/],
    [{ rate: -0.1 }, /rate must be/],
    [{ rate: Number.NaN }, /rate must be/],
    [{ rate: 0.1, seed: -1 }, /seed must be an integer from 0 to 4294967295/],
    [{ rate: 0.1, seed: 2 ** 32 }, /seed must be/],
    [{ rate: 0.1, seed: 1.5 }, /seed must be/],
    [{ rate: 0.1, kinds: [] }, /at least one fault kind/],
    [{ rate: 0.1, kinds: ['boom'] }, /Unknown fault kind "boom"/],
    [{ rate: 0.1, slowMs: -1 }, /0-60000 ms/],
    [{ rate: 0.1, slowMs: 60_001 }, /0-60000 ms/],
  ];
  for (const [input, message] of bad) {
    assert.match(faultSettingsProblem(input as { rate: number }) ?? '', message);
    assert.throws(() => new FaultInjector(input as { rate: number }, () => 0), (e: Error) => e instanceof RangeError && message.test(e.message));
  }
  assert.equal(faultSettingsProblem({ rate: 0.1, seed: 0, kinds: ['slow'], slowMs: 0 }), undefined);
});

test('each error fault has AWS code, status and message for the query services and for S3', () => {
  const shape = (kind: Exclude<FaultKind, 'drop' | 'slow'>, protocol: 'query' | 'rest-xml') => {
    const e = faultError(kind, protocol);
    return [e.code, e.status, e.message];
  };
  assert.deepEqual(shape('throttle', 'query'), ['Throttling', 400, 'Rate exceeded']);
  assert.deepEqual(shape('unavailable', 'query'), ['ServiceUnavailable', 503, 'The request has failed due to a temporary failure of the server.']);
  assert.deepEqual(shape('internal', 'query'), ['InternalFailure', 500, 'The request processing has failed because of an unknown error, exception or failure.']);
  assert.deepEqual(shape('throttle', 'rest-xml'), ['SlowDown', 503, 'Please reduce your request rate.']);
  assert.deepEqual(shape('unavailable', 'rest-xml'), ['ServiceUnavailable', 503, 'Service is unable to handle request.']);
  assert.deepEqual(shape('internal', 'rest-xml'), ['InternalError', 500, 'We encountered an internal error. Please try again.']);
});
