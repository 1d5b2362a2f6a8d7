/**
 * What @hono/node-server hands a Hono app besides the Fetch Request: the raw Node request as
 * `incoming`, whose `url` is the exact request target (absolute-form included) and whose
 * `socket` is the connection. Shared by the notebook's and the sandbox's apps; in-process tests
 * (`app.request()`) have neither, and every reader must cope with that.
 */
export type NodeEnv = {
  Bindings: { incoming?: { url?: string; socket?: { destroy(): void; remoteAddress?: string } } };
};
