/**
 * DNS-rebinding defence: refuses, before any route or static file, every request whose Host
 * header (or absolute-form request target) is not exactly localhost, 127.0.0.1 or [::1] on our
 * own port. Comparison is case-insensitive and ignores one trailing dot on the name. It does
 * not authenticate anyone (launch-token.ts does).
 */
import type { MiddlewareHandler } from 'hono';
import type { GuardEnv } from './guard-env.ts';

export function allowedHosts(port: number): string[] {
  return [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`];
}

export function isAllowedHost(host: string | undefined, allowed: string[]): boolean {
  if (!host) return false;
  const normalized = host.toLowerCase().replace(/\.(?=:\d+$)/, '');
  return allowed.includes(normalized);
}

export function hostAllowlist(allowed: () => string[]): MiddlewareHandler<GuardEnv> {
  return async (c, next) => {
    const list = allowed();
    const target = c.env?.incoming?.url ?? '';
    const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? safeHost(target) : undefined;
    if (!isAllowedHost(c.req.header('host'), list) || (absolute !== undefined && !isAllowedHost(absolute, list))) {
      return c.json({ error: { code: 'ForbiddenHost', message: 'This server only answers to localhost, 127.0.0.1 and [::1] on its own port.' } }, 403);
    }
    await next();
  };
}

function safeHost(target: string): string {
  try {
    const url = new URL(target);
    return url.port ? url.host : `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`;
  } catch {
    return '';
  }
}
