/**
 * CSRF defence for state-changing API requests: the Origin header must be one of our exact
 * origins (never any IP, never derived from the request's own Host), and the body must be
 * JSON, which a cross-origin page cannot send without a preflight we never answer. Requests
 * without Origin are allowed only for scripts that authenticated with a bearer token. Read-only
 * methods pass untouched; no CORS headers are ever set.
 */
import type { MiddlewareHandler } from 'hono';
import type { GuardEnv } from './guard-env.ts';

export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

export function originCheck(origins: () => string[]): MiddlewareHandler<GuardEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const origin = c.req.header('origin');
    const viaBearer = c.get('authVia') === 'bearer';
    if (origin === undefined ? !viaBearer : !origins().includes(origin)) {
      return c.json({ error: { code: 'ForbiddenOrigin', message: 'Cross-origin requests are refused.' } }, 403);
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      return c.json({ error: { code: 'UnsupportedMediaType', message: 'Send the request body as application/json.' } }, 415);
    }
    await next();
  };
}
