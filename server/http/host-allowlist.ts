/**
 * DNS-rebinding defence, the one Host check both listeners use: refuses, before any route or
 * static file, every request whose Host header (or absolute-form request target, `GET
 * http://evil.test/ HTTP/1.1`) is not on the listener's list, which is localhost, 127.0.0.1 and
 * [::1] on its own port. Comparison is case-insensitive and ignores one trailing dot on the
 * name; an absolute target without a port means the scheme's default port. Each listener
 * words its own refusal (the notebook answers JSON, the sandbox text). `hostAndTargetAllowed` is
 * the same check for a listener served from `node:http` directly (the sandbox). It authenticates
 * no one.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { NodeEnv } from './node-env.ts';

export function loopbackHosts(port: number): string[] {
  return [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`];
}

export function isAllowedHost(host: string | undefined, allowed: string[]): boolean {
  if (!host) return false;
  const normalized = host.toLowerCase().replace(/\.(?=:\d+$)/, '');
  return allowed.includes(normalized);
}

/** The Host header and, for an absolute-form request target, the target's host: both on the list. */
export function hostAndTargetAllowed(host: string | undefined, target: string, allowed: string[]): boolean {
  if (!isAllowedHost(host, allowed)) return false;
  const absolute = target.charCodeAt(0) !== 47 /* '/' */ && /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? targetHost(target) : undefined;
  return absolute === undefined || isAllowedHost(absolute, allowed);
}

export function hostAllowlist<E extends NodeEnv>(allowed: () => string[], refuse: (c: Context<E>) => Response): MiddlewareHandler<E> {
  return async (c, next) => {
    if (!hostAndTargetAllowed(c.req.header('host'), c.env?.incoming?.url ?? '', allowed())) return refuse(c);
    await next();
  };
}

/** `host:port` of an absolute-form target, the port defaulted from the scheme; '' when unparsable. */
function targetHost(target: string): string {
  const url = URL.parse(target);
  if (!url) return '';
  return url.port ? url.host : `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`;
}
