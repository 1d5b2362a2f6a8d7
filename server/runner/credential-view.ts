/**
 * The credentials panel's answer for one lesson: the notebook's own identity, then each
 * credential a step held (`ctx.credentials.hold`) that the lesson state still holds, as the same
 * object in one of its fields (a teardown that forgets a key, or the end of a run-through,
 * takes it off the list). Each with its principal, kind, access key id, and expiry on the
 * target's clock (a sandbox may run ahead of the wall). Steps that build on the step that made a
 * credential are named, so the page can say they need it again once it has expired. Pure: it
 * reads what it is given and never a secret field.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { credentialKind, type CredentialView, type CredentialsAnswer, type HoldAbout } from '../../src/lessons/credentials.ts';
import type { Lesson } from '../../src/lessons/lesson.ts';

/** What the Workshop keeps about held credentials: the step's words and the step that held them. */
export interface Held extends HoldAbout {
  step: string;
}

export interface CredentialViewInput {
  lesson: Lesson;
  state: Record<string, unknown>;
  held(value: object): Held | undefined;
  notebook: { arn: string; credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider };
  /** The target's clock, ms. */
  now: number;
}

export function credentialView({ lesson, state, held, notebook, now }: CredentialViewInput): CredentialsAnswer {
  const own = typeof notebook.credentials === 'function' ? undefined : notebook.credentials;
  const list: CredentialView[] = [
    {
      name: 'notebook',
      label: 'The notebook',
      kind: 'notebook',
      principal: notebook.arn,
      ...(own ? { accessKeyId: own.accessKeyId } : {}),
      ...expiry(own?.expiration, now),
      neededBy: [],
    },
  ];
  for (const [name, value] of Object.entries(state)) {
    if (value === null || typeof value !== 'object') continue;
    const about = held(value);
    if (!about) continue;
    const credentials = value as AwsCredentialIdentity;
    const step = lesson.steps.find((s) => s.id === about.step);
    list.push({
      name,
      label: about.label,
      kind: credentialKind(about.principal, Boolean(credentials.sessionToken)),
      principal: about.principal,
      accessKeyId: credentials.accessKeyId,
      ...expiry(credentials.expiration, now),
      ...(step ? { heldBy: { id: step.id, title: step.title } } : {}),
      neededBy: step ? lesson.steps.filter((s) => s.requires?.includes(step.id)).map((s) => ({ id: s.id, title: s.title })) : [],
    });
  }
  return { lesson: lesson.slug, now: new Date(now).toISOString(), credentials: list };
}

function expiry(expiration: Date | string | undefined, now: number): Pick<CredentialView, 'expiration' | 'secondsLeft' | 'expired'> {
  const at = expiration instanceof Date ? expiration.getTime() : typeof expiration === 'string' ? Date.parse(expiration) : Number.NaN;
  if (!Number.isFinite(at)) return { expired: false };
  const secondsLeft = Math.floor((at - now) / 1000);
  return { expiration: new Date(at).toISOString(), secondsLeft, expired: at <= now };
}
