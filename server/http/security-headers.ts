/**
 * The security headers every page and API answer a browser can see carries, from
 * `hono/secure-headers` with the project's choices on top of its defaults (nosniff, same-origin
 * resource and opener policies, and the rest): no framing at all (`X-Frame-Options: DENY`), no
 * referrer, and the listener's own Content-Security-Policy (the notebook's site, the sandbox's
 * script-free console). It sets no caching or content type; the handlers do.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

type Csp = NonNullable<NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']>;

export function securityHeaders(contentSecurityPolicy: Csp): MiddlewareHandler {
  return secureHeaders({ xFrameOptions: 'DENY', referrerPolicy: 'no-referrer', contentSecurityPolicy });
}
