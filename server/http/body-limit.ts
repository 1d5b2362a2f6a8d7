/**
 * The API's request body cap: Hono's bodyLimit, which counts bytes as a chunked body streams and
 * stops reading at the limit (a declared Content-Length over it is refused unread), so no body
 * is held whole before the 413. Around it: the project's JSON error shape, and a body that
 * cannot be read (the client closed the connection mid-body) answers 400 instead of reaching
 * the API's error handler as an unexpected server failure. It does not check the content type
 * (origin-check.ts does) and must run after the token check, so strangers cost no reading.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { GuardEnv } from './guard-env.ts';

export function apiBodyLimit(maxSize: number): MiddlewareHandler<GuardEnv> {
  const limit = bodyLimit({ maxSize, onError: (c) => c.json({ error: { code: 'TooLarge', message: 'The request body is too large.' } }, 413) });
  return async (c, next) => {
    let passed = false;
    try {
      return await limit(c, () => {
        passed = true;
        return next();
      });
    } catch (error) {
      if (passed) throw error; // a later handler's error, not the body's
      return c.json({ error: { code: 'BadRequest', message: 'The request body could not be read: the connection closed before it ended.' } }, 400);
    }
  };
}
