/**
 * Shared bits for the browser tests: the printed start URL, the API seen by a script holding the
 * token (to check what the server recorded), and a step locator.
 */
import type { Page } from '@playwright/test';
import { E2E_PORT, E2E_TOKEN } from '../../playwright.config.ts';

export const BASE = `http://127.0.0.1:${E2E_PORT}`;
export const START_URL = `${BASE}/?token=${E2E_TOKEN}`;

export async function api(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${E2E_TOKEN}`);
  if (init.method === 'POST') headers.set('content-type', 'application/json');
  return fetch(BASE + path, { ...init, headers });
}

export async function stepStatus(lesson: string, step: string): Promise<string> {
  const body = await (await api('/api/lessons')).json();
  return body.lessons.find((l: any) => l.slug === lesson).steps.find((s: any) => s.id === step).status;
}

/** Opens the start URL (which trades the token for a cookie) and then `path`. */
export async function signIn(page: Page, path = '/') {
  await page.goto(START_URL);
  if (path !== '/') await page.goto(BASE + path);
}

export function step(page: Page, id: string) {
  return page.locator(`[data-step="${id}"]`);
}
