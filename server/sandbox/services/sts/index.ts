/**
 * The STS operation table, keyed by the AWS action name. STS needs no permission for
 * GetCallerIdentity and GetSessionToken; AssumeRole authorizes itself against the trust policy,
 * GetFederationToken against the caller's identity policies.
 */
import type { QueryOperations } from '../query-call.ts';
import { assumeRole } from './assume-role.ts';
import { getCallerIdentity } from './get-caller-identity.ts';
import { getFederationToken } from './get-federation-token.ts';
import { getSessionToken } from './get-session-token.ts';

export const stsOperations: QueryOperations = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
  GetSessionToken: getSessionToken,
  GetFederationToken: getFederationToken,
};
