/**
 * The lesson registry, in course order: one import line per lesson. The runner and the site
 * both read it; nothing else registers lessons.
 */
import type { Lesson } from './lesson.ts';
import howThisWorks from './how-this-works/steps.ts';
import whoAmI from './who-am-i/steps.ts';
import assumeRole from './assume-role/steps.ts';
import assumeRoleMfa from './assume-role-mfa/steps.ts';
import sessionTokenMfa from './session-token-mfa/steps.ts';
import federatedConsole from './federated-console/steps.ts';
import sessionDuration from './session-duration/steps.ts';
import sessionPolicies from './session-policies/steps.ts';
import crossAccount from './cross-account/steps.ts';
import sessionTags from './session-tags/steps.ts';
import webIdentity from './web-identity/steps.ts';
import samlFederation from './saml-federation/steps.ts';
import revokeCredentials from './revoke-credentials/steps.ts';
import proveIdentity from './prove-identity/steps.ts';
import profiles from './profiles/steps.ts';
import cleanUp from './clean-up/steps.ts';

export const lessons: Lesson[] = [howThisWorks, whoAmI, assumeRole, assumeRoleMfa, sessionTokenMfa, federatedConsole, sessionDuration, sessionPolicies, crossAccount, sessionTags, webIdentity, samlFederation, revokeCredentials, proveIdentity, profiles, cleanUp];

export function findLesson(slug: string): Lesson | undefined {
  return lessons.find((lesson) => lesson.slug === slug);
}
