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

export interface ToolDeps {
  workshop: Workshop;
  target: Target;
  log: Log;
}

export function mountTools(api: Hono<GuardEnv>, { workshop, target, log }: ToolDeps): void {
  api.get('/lessons/:lesson/authenticator', async (c) => {
    await workshop.syncClock();
    const view = workshop.authenticators.view(c.req.param('lesson'));
    if (!view) throw new WorkshopError(404, 'NoDevice', 'This lesson has no MFA device yet: run the setup step that creates it.');
    return c.json(view);
  });

  api.post('/lessons/:lesson/authenticator/qr', async (c) => {
    const dataUrl = await workshop.authenticators.qr(c.req.param('lesson'));
    if (!dataUrl) throw new WorkshopError(404, 'NoDevice', 'This lesson has no MFA device yet: run the setup step that creates it.');
    c.header('Cache-Control', 'no-store');
    return c.body(JSON.stringify({ dataUrl, warning: 'This QR code is the device secret: anyone who scans it can make codes. Do not share or screenshot it.' }), 200, {
      'content-type': 'application/json',
    });
  });

  api.post('/lessons/:lesson/offers/:name/reveal', (c) => {
    const revealed = workshop.reveal(c.req.param('lesson'), c.req.param('name'));
    c.header('Cache-Control', 'no-store');
    return c.body(JSON.stringify(revealed), 200, { 'content-type': 'application/json' });
  });

  api.post('/account/confirm', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    workshop.confirmAccount(body !== null && typeof body === 'object' ? (body as { accountId?: unknown }).accountId : undefined);
    return c.json({ accountId: target.accountId, confirmed: true });
  });

  api.post('/sandbox/clock', async (c) => {
    if (target.kind !== 'sandbox') throw new WorkshopError(409, 'NotSandbox', 'Only the offline sandbox has a clock to fast-forward.');
    const body: unknown = await c.req.json().catch(() => undefined);
    const seconds = body !== null && typeof body === 'object' ? Number((body as { seconds?: unknown }).seconds) : NaN;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 7 * 24 * 3600) throw new WorkshopError(400, 'BadInput', 'seconds must be a whole number from 1 to 604800.');
    return c.json(await workshop.advanceClock(seconds));
  });
}
