/**
 * The request body cap every listener uses: Hono's bodyLimit, which counts bytes as a chunked
 * body streams and stops reading at the limit (a declared Content-Length over it is refused
 * unread, and Node never delivers more than a declared length), so no body is held whole
 * before the 413 (with a body read whole in memory, at most the limit). The limit may depend on the request (the sandbox reads more for a caller it
 * knows). A body that cannot be read (the client closed the connection mid-body) goes to
 * `onUnreadable` when the listener gives one, instead of reaching its error handler as a server
 * failure. Each listener words its own answers. It checks no content type.
 */
import type { Context, Env, MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

export interface BodyLimitOptions<E extends Env> {
  /** Bytes; a function picks the limit per request. */
  maxSize: number | ((c: Context<E>) => number);
  onTooLarge: (c: Context<E>) => Response;
  onUnreadable?: (c: Context<E>) => Response;
}

export function bodyLimit<E extends Env>(options: BodyLimitOptions<E>): MiddlewareHandler<E> {
  const limits = new Map<number, MiddlewareHandler<E>>();
  const limitOf = (size: number) => {
    let limit = limits.get(size);
    if (!limit) limits.set(size, (limit = honoBodyLimit({ maxSize: size, onError: options.onTooLarge })));
    return limit;
  };
  return async (c, next) => {
    const limit = limitOf(typeof options.maxSize === 'number' ? options.maxSize : options.maxSize(c));
    const raw = c.req.raw;
    if (raw.body && (raw.headers.has('transfer-encoding') || !raw.headers.has('content-length'))) c.req.raw = standardRequest(raw);
    if (!options.onUnreadable) return limit(c, next);
    let passed = false;
    try {
      return await limit(c, () => {
        passed = true;
        return next();
      });
    } catch (error) {
      if (passed) throw error; // a later handler's error, not the body's
      return options.onUnreadable(c);
    }
  };
}

/**
 * For a streamed body, hono's bodyLimit copies the request with `new Request(request, init)`,
 * which the global Request cannot do from @hono/node-server's lazy request object (unless it
 * replaced the globals, which the notebook avoids): a standard Request over the same stream.
 */
function standardRequest(raw: Request): Request {
  return new Request(raw.url, { method: raw.method, headers: raw.headers, body: raw.body, signal: raw.signal, duplex: 'half' } as RequestInit);
}
