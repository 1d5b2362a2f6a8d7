/**
 * The sandbox's unsigned routes, mounted before the SigV4 pipeline: the console federation
 * endpoint and the small console page (being written).
 */
import { Hono } from 'hono';
import type { SandboxState } from '../state.ts';

export function createSandboxExtras(_state: SandboxState): Hono {
  return new Hono();
}
