/**
 * Shared bits for the browser tests: the printed start URL, the API seen by a script holding the
 * token (to check what the server recorded), a step locator, and for the MFA lessons the
 * authenticator's codes, the sandbox clock and running a step to a given status.
 */
import { expect, type Page } from '@playwright/test';
import { E2E_PORT, E2E_TOKEN } from '../../playwright.config.ts';
import type { AuthenticatorCodes } from '../../src/api/contract.ts';

/** The authenticator's answer for a lesson whose device exists (the API contract's). */
export type { AuthenticatorCodes };

export const BASE = `http://127.0.0.1:${E2E_PORT}`;
export const START_URL = `${BASE}/?token=${E2E_TOKEN}`;

export async function api(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${E2E_TOKEN}`);
  if (init.method === 'POST') headers.set('content-type', 'application/json');
  return fetch(BASE + path, { ...init, headers });
}

/**
 * Forgets a lesson on the server (`POST …/reset`), so a spec starts from a fresh lesson whatever
 * ran before it on the shared server; when its run still has resources, its teardown runs first.
 */
export async function resetLesson(lesson: string) {
  const reset = () => api(`/api/lessons/${lesson}/reset`, { method: 'POST', body: '{}' });
  let res = await reset();
  if (res.status === 409 && (await res.clone().json()).error?.code === 'NotTornDown') {
    const body = await (await api('/api/lessons')).json();
    const teardown = body.lessons.find((l: any) => l.slug === lesson).steps.filter((s: any) => s.phase === 'teardown');
    for (const s of teardown) await (await api(`/api/lessons/${lesson}/steps/${s.id}/run`, { method: 'POST', body: '{}' })).text();
    res = await reset();
  }
  expect(res.status, await res.clone().text()).toBe(200);
}

export async function stepStatus(lesson: string, step: string): Promise<string> {
  const body = await (await api('/api/lessons')).json();
  return body.lessons.find((l: any) => l.slug === lesson).steps.find((s: any) => s.id === step).status;
}

/** Opens the start URL (which trades the token for a cookie) and then `path`. */
export async function signIn(page: Page, path = '/') {
  await page.goto(START_URL);
  await page.waitForURL((url) => !url.search.includes('token='));
  if (path !== '/') await page.goto(BASE + path);
}

export function step(page: Page, id: string) {
  return page.locator(`[data-step="${id}"]`);
}

// ── for the lessons with a virtual MFA device ─────────────────────────────────────────────────

/** Moves the sandbox clock (which the authenticator follows) forward. */
export async function advanceClock(seconds: number) {
  const res = await api('/api/sandbox/clock', { method: 'POST', body: JSON.stringify({ seconds }) });
  expect(res.status).toBe(200);
}

/** The lesson's authenticator codes, as the page's panel gets them. */
export async function authenticatorCodes(lesson: string): Promise<AuthenticatorCodes> {
  const res = await api(`/api/lessons/${lesson}/authenticator`);
  expect(res.status).toBe(200);
  return res.json();
}

/** Moves the sandbox clock to the start of the next 30-second window unless plenty of this one is left. */
export async function freshCodeWindow(lesson: string) {
  const now = await authenticatorCodes(lesson);
  if (now.secondsLeft < 20) await advanceClock(now.secondsLeft);
}

/** Clicks the step's Run button and waits for its status (exact text) to become `status`. */
export async function runStep(page: Page, id: string, status = 'succeeded') {
  const s = step(page, id);
  await s.locator('[data-testid="run"]').click();
  await expect(s.locator('[data-testid="status"]')).toHaveText(status, { timeout: 30_000 });
  return s;
}
