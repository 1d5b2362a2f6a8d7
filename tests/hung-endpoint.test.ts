/**
 * A hung endpoint: the standalone sandbox (`npm run sandbox`) is stopped with SIGSTOP, so it
 * accepts connections and never answers. A step must not sit silent: it streams that it waits
 * for AWS (progress events naming the call and the endpoint), and fails with a clear
 * TimeoutError within the configured limit (--aws-timeout), retries included. Once the sandbox
 * is continued, the same step works again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStandaloneSandbox, type StandaloneSandbox } from './support/processes.ts';
import { run, testNotebook } from './support/notebook.ts';
import type { StepEvent } from '../src/lessons/events.ts';

const LIMIT_SECONDS = 4;
let sandbox: StandaloneSandbox;
let nb: Awaited<ReturnType<typeof testNotebook>>;

before(async () => {
  sandbox = await startStandaloneSandbox();
  nb = await testNotebook({ env: { ...sandbox.env, SANDBOX_URL: sandbox.env.AWS_ENDPOINT_URL, WORKSHOP_AWS_TIMEOUT: String(LIMIT_SECONDS) } });
});
after(async () => {
  sandbox.child.kill('SIGCONT');
  await nb.close();
  sandbox.stop();
});

/** Reads a run's NDJSON stream as it arrives, noting when each event came. */
async function timedEvents(response: Response, started: number) {
  const seen: { at: number; event: StepEvent }[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines.filter(Boolean)) seen.push({ at: Date.now() - started, event: JSON.parse(line) });
  }
  return seen;
}

test('a stopped sandbox: the step says it is waiting, then fails with TimeoutError within the limit', async () => {
  sandbox.child.kill('SIGSTOP');
  const started = Date.now();
  const response = await run(nb, 'who-am-i', 'get-caller-identity');
  assert.equal(response.status, 200);
  const seen = await timedEvents(response, started);
  const elapsed = Date.now() - started;

  const waits = seen.filter((s) => s.event.type === 'progress');
  assert.ok(waits.length >= 1, `a progress event while waiting: ${JSON.stringify(seen)}`);
  const first = waits[0];
  assert.ok(first.at < 3500, `the first wait notice came after ${first.at} ms`);
  const progress = first.event as Extract<StepEvent, { type: 'progress' }>;
  assert.match(progress.label, new RegExp(`^Waiting for STS GetCallerIdentity at ${sandbox.env.AWS_ENDPOINT_URL.replace(/[.:/]/g, '\\$&')} to answer$`));
  assert.equal(progress.total, LIMIT_SECONDS);

  const error = seen.find((s) => s.event.type === 'error')?.event as Extract<StepEvent, { type: 'error' }>;
  assert.equal(error.name, 'TimeoutError');
  assert.match(error.message, new RegExp(`did not answer within ${LIMIT_SECONDS} s`));
  const end = seen.at(-1)!.event as Extract<StepEvent, { type: 'end' }>;
  assert.equal(end.type, 'end');
  assert.equal(end.status, 'failed');
  assert.ok(elapsed < (LIMIT_SECONDS + 3) * 1000, `gave up after ${elapsed} ms (limit ${LIMIT_SECONDS} s, retries included)`);
});

test('once the sandbox is continued, the same step works again', async () => {
  sandbox.child.kill('SIGCONT');
  const response = await run(nb, 'who-am-i', 'get-caller-identity');
  const seen = await timedEvents(response, Date.now());
  assert.equal((seen.at(-1)!.event as { status?: string }).status, 'succeeded', JSON.stringify(seen));
});

test('--aws-timeout outside 1-600 seconds is refused at start', async () => {
  const { readConfig, ConfigError } = await import('../server/config.ts');
  for (const bad of ['0', '601', '1.5', 'soon']) assert.throws(() => readConfig(['--aws-timeout', bad], {}), ConfigError, bad);
  assert.equal(readConfig(['--aws-timeout', '45'], {}).callTimeoutMs, 45_000);
  assert.equal(readConfig([], {}).callTimeoutMs, 30_000);
});
