import type { NodeEnv } from '../http/node-env.ts';

/**
 * The Hono environment the guards share: how the request proved who it is (the launch token
 * as a bearer or a browser session: the facilitator, or the one user outside a room), and in a
 * room a learner's id when a learner's session signed the request instead.
 */
export type GuardEnv = {
  Bindings: NodeEnv['Bindings'];
  Variables: { authVia: 'bearer' | 'cookie'; learner?: string };
};
