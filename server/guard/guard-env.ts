/** The Hono environment the guards share: how the request proved it holds the launch token. */
export type GuardEnv = {
  Bindings: { incoming?: { url?: string } };
  Variables: { authVia: 'bearer' | 'cookie' };
};
