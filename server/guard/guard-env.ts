import type { NodeEnv } from '../http/node-env.ts';

/** The Hono environment the guards share: how the request proved it holds the launch token. */
export type GuardEnv = {
  Bindings: NodeEnv['Bindings'];
  Variables: { authVia: 'bearer' | 'cookie' };
};
