/**
 * Throws arbitrary requests at a workshop room in process, as each of its callers: nobody, two
 * learners, and (reading only) the facilitator. Paths come from the app's own route table (so a
 * new room route is fuzzed without editing this file) with ids swapped for the other learner's,
 * garbage or encodings, plus the lesson routes; bodies are any JSON or none. Properties: never a
 * 5xx; every /api error is `{ error: { code, message } }`; nobody gets a 2xx beyond the public
 * join routes and health; a learner never gets a 2xx on a facilitator route; no answer to a
 * learner carries the other learner's account id, the launch token or any registered secret;
 * afterwards both learners are still in the room (no fuzzed request removed or ended anything it
 * had no right to) and each still runs a step on their own account. ROOM_FUZZ_SEED replays.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TOKEN } from './support/notebook.ts';
import { anonymous, testRoom, type Learner } from './support/room.ts';

let nb: Awaited<ReturnType<typeof testRoom>>;
let ada: Learner;
let bob: Learner;
before(async () => {
  nb = await testRoom();
  ada = await nb.join('Ada');
  bob = await nb.join('Bob');
});
after(() => nb.close());

const PUBLIC = new Set(['/api/health', '/api/room/join-info', '/api/room/join']);
const LEARNER_OK = /^\/api\/(room\/me|room\/leave|session|lessons|cleanup|report|lessons\/.*)$/;

test('room API fuzz: roles hold, nothing leaks, nothing breaks', async () => {
  const roomRoutes = [...new Set(nb.app.routes.filter((r) => r.path.startsWith('/api/room') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].map((r) => {
    const [method, path] = r.split(' ');
    return { method, path };
  }).filter((r) => r.path !== '/api/room/leave'); // a learner's leaving is legitimate (room.test.ts covers it)
  const idPart = fc.oneof(fc.constant(() => bob.id), fc.constant(() => ada.id), fc.constantFrom('x', '%2e%2e', '..', 'a'.repeat(300), TOKEN).map((v) => () => v));
  const lessonPaths = fc.constantFrom('/api/lessons', '/api/session', '/api/lessons/who-am-i/steps/get-caller-identity/last-run', '/api/lessons/assume-role/reset', '/api/cleanup', '/api/sandbox/clock', '/api/lessons/nope/steps/x/run');
  const path = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...roomRoutes), idPart).map(([r, id]) => ({ method: r.method, path: () => r.path.replace(':id', encodeURIComponent(id())) })) },
    { weight: 1, arbitrary: lessonPaths.map((p) => ({ method: 'GET', path: () => p })) },
  );
  const method = fc.oneof({ weight: 4, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT') });
  const body = fc.oneof(fc.constant(undefined), fc.jsonValue().map((v) => JSON.stringify(v)), fc.constantFrom('{', '', 'null', '{"code":"x","name":""}', '{"lesson":"who-am-i","step":"get-caller-identity"}', '{"mode":"paced","open":["__proto__"]}', '{"text":"' + 'x'.repeat(600) + '"}'));
  const caller = fc.constantFrom('nobody', 'ada', 'bob', 'facilitator-get');
  const secrets = () => [TOKEN, ...[ada, bob].map((l) => (nb.room.room.learner(l.id).seat.target.credentials as { secretAccessKey: string }).secretAccessKey)];
  const seed = process.env.ROOM_FUZZ_SEED ? Number(process.env.ROOM_FUZZ_SEED) : Date.now() % 2 ** 31;
  console.log(`room fuzz seed ${seed}`);
  await fc.assert(
    fc.asyncProperty(path, method, body, caller, async (route, forced, payload, who) => {
      const p = route.path();
      const m = who === 'facilitator-get' ? 'GET' : (forced ?? route.method);
      const init: RequestInit = { method: m, ...(payload !== undefined && m !== 'GET' ? { body: payload } : {}) };
      const res = who === 'nobody' ? await anonymous(nb, p, init) : who === 'ada' ? await ada.request(p, init) : who === 'bob' ? await bob.request(p, init) : await nb.facilitator(p, init);
      const text = await res.text();
      assert.ok(res.status < 500, `${who} ${m} ${p}: ${res.status} ${text}`);
      if (res.status >= 400 && p.startsWith('/api')) assert.match(JSON.parse(text).error.code, /^\w+$/, text);
      const bare = p.split('?')[0];
      if (who === 'nobody' && res.status < 300) assert.ok(PUBLIC.has(bare), `nobody reached ${m} ${p}`);
      if ((who === 'ada' || who === 'bob') && res.status < 300) assert.ok(LEARNER_OK.test(bare) || PUBLIC.has(bare), `${who} reached ${m} ${p}`);
      if (who === 'ada') assert.ok(!text.includes(bob.accountId), `Ada saw Bob's account in ${m} ${p}`);
      if (who === 'bob') assert.ok(!text.includes(ada.accountId), `Bob saw Ada's account in ${m} ${p}`);
      for (const secret of secrets()) assert.ok(!text.includes(secret), `a secret in ${who} ${m} ${p}`);
    }),
    { numRuns: Number(process.env.ROOM_FUZZ_RUNS) || 300, seed, includeErrorInReport: true, examples: [] },
  );
  for (const learner of [ada, bob]) {
    assert.equal(nb.room.room.learner(learner.id).accountId, learner.accountId);
    const run = await learner.request('/api/lessons/who-am-i/steps/get-caller-identity/run', { method: 'POST', body: '{}' });
    assert.equal(run.status, 200);
    assert.match(await run.text(), new RegExp(learner.accountId));
  }
});
