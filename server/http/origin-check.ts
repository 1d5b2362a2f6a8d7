/**
 * CSRF defence for state-changing requests: the Origin header must be one of the listener's
 * exact origins (never any IP, never derived from the request's own Host), and, when the
 * listener asks for it, the body must be of one content type (the notebook's API takes JSON
 * only, which a cross-origin page cannot send without a preflight that is never answered). A
 * missing Origin passes only where the listener allows it (scripts with a bearer token);
 * `originAllowed` is the same rule for a form handler that checks on its own (the sandbox
 * console, where Chromium sends `Origin: null` and a CSRF token decides). Read-only methods
 * pass untouched; no CORS header is ever set. Each listener words its own refusal.
 */
import type { Context, Env, MiddlewareHandler } from 'hono';

export function loopbackOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

export interface OriginRule {
  /** A request without an Origin header passes. */
  missing?: boolean;
  /** `Origin: null` (an opaque origin) passes. */
  opaque?: boolean;
}

export function originAllowed(origin: string | undefined, origins: string[], rule: OriginRule = {}): boolean {
  if (origin === undefined) return rule.missing === true;
  if (origin === 'null') return rule.opaque === true;
  return origins.includes(origin);
}

export interface OriginCheckOptions<E extends Env> {
  origins: () => string[];
  /** Whether this request may omit Origin (the notebook: callers with the bearer token). */
  mayOmitOrigin?: (c: Context<E>) => boolean;
  /** The only content type accepted (compared without parameters, case-insensitively). */
  contentType?: string;
  refuse: (c: Context<E>, problem: 'origin' | 'content-type') => Response;
}

export function originCheck<E extends Env>(options: OriginCheckOptions<E>): MiddlewareHandler<E> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (!originAllowed(c.req.header('origin'), options.origins(), { missing: options.mayOmitOrigin?.(c) ?? false })) return options.refuse(c, 'origin');
    if (options.contentType !== undefined) {
      const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type !== options.contentType) return options.refuse(c, 'content-type');
    }
    await next();
  };
}
