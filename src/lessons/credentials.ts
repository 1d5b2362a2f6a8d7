/**
 * What the credentials panel knows about the credentials a lesson holds, shared by the runner
 * (server/runner/credential-view.ts answers `GET /api/lessons/:lesson/credentials` with it) and
 * the page (src/components/credentials/). A step lists credentials it keeps in the lesson state
 * with `ctx.credentials.hold(credentials, { label, principal })`; the kind follows from the
 * principal's ARN and whether there is a session token. Types and one pure function; never a
 * secret: an access key id is an identifier, the secret key and the session token stay on the
 * server.
 */

export type CredentialKind = 'notebook' | 'access-key' | 'role-session' | 'session-token' | 'federated-user';

/** What a step tells about credentials it keeps in the lesson state. */
export interface HoldAbout {
  /** How the page names them: "Role session", "Session token with MFA". */
  label: string;
  /** Whom they act as: the user's, the assumed role's or the federated user's ARN. */
  principal: string;
}

/** One credential as the page sees it. */
export interface CredentialView {
  /** The lesson state field that holds it, or `notebook` for the notebook's own identity. */
  name: string;
  label: string;
  kind: CredentialKind;
  principal: string;
  /** Not a secret (AKIA… long-term, ASIA… temporary); absent when the notebook's come from a provider. */
  accessKeyId?: string;
  /** On the target's clock (the sandbox's may run ahead of the wall): ISO time. */
  expiration?: string;
  /** Seconds from the target's now to the expiration; negative once expired. */
  secondsLeft?: number;
  expired: boolean;
  /** The step that made it, and the steps that build on that step (they sign with it). */
  heldBy?: { id: string; title: string };
  neededBy: { id: string; title: string }[];
}

export interface CredentialsAnswer {
  lesson: string;
  /** The target's clock when the answer was made. */
  now: string;
  credentials: CredentialView[];
}

/** Words for each kind, as the panel and the try-it cell show them. */
export const KIND_LABEL: Record<CredentialKind, string> = {
  notebook: "the notebook's own identity",
  'access-key': 'long-term access key',
  'role-session': 'role session',
  'session-token': 'session token',
  'federated-user': 'federated user session',
};

/** The kind of credentials that act as `principal`; `temporary`: they carry a session token. */
export function credentialKind(principal: string, temporary: boolean): Exclude<CredentialKind, 'notebook'> {
  if (/:assumed-role\//.test(principal)) return 'role-session';
  if (/:federated-user\//.test(principal)) return 'federated-user';
  return temporary ? 'session-token' : 'access-key';
}
