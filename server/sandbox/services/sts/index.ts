/**
 * STS, on the query protocol, its operation table keyed by AWS action name. GetCallerIdentity
 * and GetSessionToken need no permission; AssumeRole is authorized by the role's trust policy
 * together with the caller's identity policies, GetFederationToken by the caller's;
 * DecodeAuthorizationMessage opens what a refusal encoded, for the refused caller's account.
 */
import { queryService } from '../query-service.ts';
import { anyEnabledRegion } from '../signing-regions.ts';
import { assumeRole } from './assume-role.ts';
import { assumeRoleWithSaml } from './assume-role-with-saml.ts';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.ts';
import { decodeAuthorizationMessage } from './decode-authorization-message.ts';
import { getAccessKeyInfo } from './get-access-key-info.ts';
import { getCallerIdentity } from './get-caller-identity.ts';
import { getFederationToken } from './get-federation-token.ts';
import { getSessionToken } from './get-session-token.ts';

export const sts = queryService('sts', 'https://sts.amazonaws.com/doc/2011-06-15/', {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  AssumeRoleWithSAML: assumeRoleWithSaml,
  GetSessionToken: getSessionToken,
  GetFederationToken: getFederationToken,
  GetAccessKeyInfo: getAccessKeyInfo,
  DecodeAuthorizationMessage: decodeAuthorizationMessage,
}, { checkRegion: anyEnabledRegion });
