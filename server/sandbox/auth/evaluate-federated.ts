/**
 * Authorization for a caller that signed nothing: a web identity token's or SAML assertion's
 * subject, named in trust policies by its provider (`"Federated": "arn:aws:iam::…:oidc-provider/…"`).
 * It has no identity policies, so the role's trust policy alone must allow the action, with the
 * provider's claims (`<issuer>:sub`, `saml:aud`, …) beside the request's global keys as the
 * condition context; an explicit Deny there wins as always. A refusal is AWS's fixed text
 * (`Not authorized to perform sts:AssumeRoleWithWebIdentity`), naming no principal. The
 * authorize stage calls it for operations whose access declares a `caller`.
 */
import { accessDenied } from '../errors.ts';
import { evaluate } from '../policy/evaluate.ts';
import type { ContextKeys } from '../policy/types.ts';
import type { Access, Call } from '../services/operation.ts';

export function authorizeFederated<In>(access: Access<In>, input: In, call: Call, resource: string): void {
  const caller = access.caller!(input, call);
  const policy = access.resourcePolicy?.(input, call);
  if (!policy) throw accessDenied(caller.denial);
  const result = evaluate({
    request: { principal: caller.principal, action: access.action, resource, keys: { ...requestKeys(call, caller.principal.federated), ...caller.keys, ...access.context?.(input, call) } },
    identityPolicies: [],
    resourcePolicy: policy.policy,
    resourcePolicyKind: policy.kind,
    resourceAccountId: policy.accountId,
  });
  if (result.decision !== 'Allowed') throw accessDenied(caller.denial);
}

/** The global keys an unsigned request carries: the time, the transport, the region, the provider. */
function requestKeys(call: Call, provider: string | undefined): ContextKeys {
  const now = call.state.clock.now();
  const keys: ContextKeys = Object.create(null);
  keys['aws:CurrentTime'] = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  keys['aws:EpochTime'] = String(Math.floor(now / 1000));
  keys['aws:SecureTransport'] = 'false';
  keys['aws:RequestedRegion'] = call.region;
  if (provider !== undefined) keys['aws:FederatedProvider'] = provider;
  return keys;
}
