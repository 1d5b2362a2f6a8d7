/**
 * API routes around the steps: the built-in authenticator (current code computed on the
 * server; the QR code only on an explicit POST, never redacted and never cached, because it is
 * the deliberate reveal of the seed), the one-time reveal of an offered secret (a console
 * sign-in URL) and the sandbox clock fast-forward. Clean-up has its own routes (cleanup.ts).
 */
import type { Hono } from 'hono';
import type { GuardEnv } from '../guard/guard-env.ts';
import type { Log } from '../log.ts';
import type { Target } from '../runner/target.ts';
import type { Workshop } from '../runner/workshop.ts';
import { WorkshopError } from '../runner/workshop-error.ts';
import type { AuthenticatorCodes, ClockAnswer, ConfirmAnswer, QrAnswer, RevealAnswer } from '../../src/api/contract.ts';

export interface ToolDeps {
  workshop: Workshop;
  target: Target;
  log: Log;
  /** Refuses a move of the sandbox clock this caller may not make (a room's learners share it). */
  checkClock?: (seconds: number) => void;
  /** Maps a revealed value to what the caller's browser can open (a room's console sign-in URL). */
  rewriteOffer?: (value: string, requestOrigin: string) => string;
}

export function mountTools(api: Hono<GuardEnv>, { workshop, target, log, checkClock, rewriteOffer }: ToolDeps): void {
  // Before setup created the lesson's device there is nothing to show: 204, not an error (the
  // page asks about once a second, from the moment the lesson opens).
  api.get('/lessons/:lesson/authenticator', async (c) => {
    const lesson = c.req.param('lesson');
    if (!workshop.stateOf(lesson)) throw new WorkshopError(404, 'NoSuchLesson', `There is no lesson "${lesson}".`);
    await workshop.syncClock();
    const view = workshop.authenticators.view(lesson);
    if (!view) return c.body(null, 204);
    const ahead = workshop.clockAheadSeconds();
    return c.json({ ...view, ...(ahead >= 30 ? { clockAheadSeconds: ahead } : {}) } satisfies AuthenticatorCodes);
  });

  api.post('/lessons/:lesson/authenticator/qr', async (c) => {
    const dataUrl = await workshop.authenticators.qr(c.req.param('lesson'));
    if (!dataUrl) throw new WorkshopError(404, 'NoDevice', 'This lesson has no MFA device yet: run the setup step that creates it.');
    c.header('Cache-Control', 'no-store');
    const answer: QrAnswer = { dataUrl, warning: 'This QR code is the device secret: anyone who scans it can make codes. Do not share or screenshot it.' };
    return c.body(JSON.stringify(answer), 200, {
      'content-type': 'application/json',
    });
  });

  api.post('/lessons/:lesson/offers/:name/reveal', (c) => {
    const revealed: RevealAnswer = workshop.reveal(c.req.param('lesson'), c.req.param('name'));
    if (rewriteOffer) revealed.value = rewriteOffer(revealed.value, new URL(c.req.url).origin);
    c.header('Cache-Control', 'no-store');
    return c.body(JSON.stringify(revealed), 200, { 'content-type': 'application/json' });
  });

  api.post('/account/confirm', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    workshop.confirmAccount(body !== null && typeof body === 'object' ? (body as { accountId?: unknown }).accountId : undefined);
    return c.json({ accountId: target.accountId, confirmed: true } satisfies ConfirmAnswer);
  });

  api.post('/sandbox/clock', async (c) => {
    if (target.kind !== 'sandbox') throw new WorkshopError(409, 'NotSandbox', 'Only the offline sandbox has a clock to fast-forward.');
    const body: unknown = await c.req.json().catch(() => undefined);
    const seconds = body !== null && typeof body === 'object' ? Number((body as { seconds?: unknown }).seconds) : NaN;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 7 * 24 * 3600) throw new WorkshopError(400, 'BadInput', 'seconds must be a whole number from 1 to 604800.');
    checkClock?.(seconds);
    return c.json((await workshop.advanceClock(seconds)) satisfies ClockAnswer);
  });
}
