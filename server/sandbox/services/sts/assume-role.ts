/**
 * STS AssumeRole: validates the request as AWS does (§7.1), checks MFA when a SerialNumber and
 * TokenCode are sent, evaluates the role's trust policy together with the caller's identity
 * policies (trust policies must always allow; an account principal delegates to IAM policies),
 * enforces MaxSessionDuration and the one-hour role-chaining cap, and issues role-session
 * credentials with any session policies, tags and source identity. Every denial (also of
 * GetFederationToken credentials, which may not assume roles) is AWS's
 * `User: … is not authorized to perform: sts:AssumeRole on resource: …`.
 */
import { authorize, deniedMessage } from '../../auth/authorize.ts';
import { contextKeys } from '../../auth/context-keys.ts';
import { verifyStsMfa } from '../../auth/mfa.ts';
import { assumedRoleArn } from '../../auth/principal.ts';
import { accessDenied, validationError } from '../../errors.ts';
import type { ContextKeys } from '../../policy/types.ts';
import { check, length, maxItems, pattern, range, required } from '../../protocol/validate.ts';
import type { Tag } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { credentialsOutput, issueCredentials } from './issue-credentials.ts';
import { packedPolicySize, packsPolicies, sessionPoliciesFrom } from './session-policies.ts';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

export function assumeRole({ state, principal, params, region }: QueryCall) {
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const duration = params.get('DurationSeconds');
  const serialNumber = params.get('SerialNumber');
  const tokenCode = params.get('TokenCode');
  const externalId = params.get('ExternalId');
  const sourceIdentity = params.get('SourceIdentity');
  const policyText = params.get('Policy');
  const policyArns = params.members('PolicyArns').map((m) => m.arn ?? '');
  const tags: Tag[] = params.members('Tags').map((m) => ({ Key: m.Key ?? '', Value: m.Value ?? '' }));
  check(
    required(roleArn, 'roleArn'),
    length(roleArn, 'roleArn', 20, 2048),
    required(sessionName, 'roleSessionName'),
    length(sessionName, 'roleSessionName', 2, 64),
    pattern(sessionName, 'roleSessionName', '[\\w+=,.@-]*'),
    range(duration, 'durationSeconds', 900, 43200),
    length(serialNumber, 'serialNumber', 9, 256),
    pattern(serialNumber, 'serialNumber', '[\\w+=/:,.@-]*'),
    length(tokenCode, 'tokenCode', 6, 6),
    pattern(tokenCode, 'tokenCode', '[\\d]*'),
    length(externalId, 'externalId', 2, 1224),
    pattern(externalId, 'externalId', '[\\w+=,.@:\\/-]*'),
    length(sourceIdentity, 'sourceIdentity', 2, 64),
    pattern(sourceIdentity, 'sourceIdentity', '[\\w+=,.@-]*'),
    length(policyText, 'policy', 1, 2048),
    maxItems(policyArns.length, 'policyArns', 10),
    maxItems(tags.length, 'tags', 50),
    ...tags.flatMap((t, i) => [length(t.Key, `tags.${i + 1}.member.key`, 1, 128), length(t.Value, `tags.${i + 1}.member.value`, 0, 256)]),
  );
  if (principal.type === 'Root') throw accessDenied('Roles may not be assumed by root accounts.');

  const denied = () => accessDenied(deniedMessage(principal, 'sts:AssumeRole', roleArn!, { decision: 'ImplicitlyDenied', warnings: [] }, 'assume-role'));
  // GetFederationToken credentials may call no STS operation but GetCallerIdentity (AWS docs);
  // AWS's exact text here is unconfirmed, so the standard AssumeRole denial is used.
  if (principal.type === 'FederatedUser') throw denied();
  const arnMatch = ROLE_ARN.exec(roleArn!);
  const roleAccount = arnMatch ? state.store.accounts.get(arnMatch[1]) : undefined;
  const role = arnMatch ? roleAccount?.roles.get(arnMatch[2]) : undefined;

  // MFA is validated before the trust policy, so a wrong code gets the MFA message.
  const mfaNow = verifyStsMfa(state, principal, serialNumber, tokenCode);
  if (!role || role.arn !== roleArn || state.clock.now() < role.trustUsableAt) throw denied();

  const callerKeys = contextKeys(state, principal, region);
  const context: ContextKeys = Object.create(null);
  context['sts:RoleSessionName'] = sessionName;
  if (externalId !== undefined) context['sts:ExternalId'] = externalId;
  if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
  if (mfaNow) {
    context['aws:MultiFactorAuthPresent'] = 'true';
    context['aws:MultiFactorAuthAge'] = '0';
  }
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  if (tags.length) context['aws:TagKeys'] = tags.map((t) => t.Key);
  const result = authorize(state, principal, region, {
    action: 'sts:AssumeRole',
    resource: role.arn,
    context,
    resourcePolicy: { policy: role.trustPolicy.parsed, kind: 'trust', accountId: roleAccount!.id },
  });
  if (result.decision !== 'Allowed') throw accessDenied(deniedMessage(principal, 'sts:AssumeRole', role.arn, result, 'assume-role'));

  const seconds = duration === undefined ? 3600 : Number(duration);
  const chained = principal.session !== undefined;
  if (seconds > role.maxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  if (chained && seconds > 3600) {
    throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  const inherited = principal.session;
  if (inherited?.sourceIdentity && sourceIdentity !== undefined && sourceIdentity !== inherited.sourceIdentity) {
    throw accessDenied('SourceIdentity cannot be changed once it is set by a role session.');
  }

  const sessionPolicies = sessionPoliciesFrom(state, roleAccount!.policies, policyText, policyArns);
  const session = issueCredentials(
    state,
    {
      accountId: roleAccount!.id,
      source: 'AssumeRole',
      roleName: role.name,
      roleId: role.id,
      roleArn: role.arn,
      sessionName,
      mfaPresent: callerKeys['aws:MultiFactorAuthPresent'] === 'true',
      mfaAuthAt: mfaNow ? state.clock.now() : inherited?.mfaAuthAt,
      chained,
      fromLongTermUser: principal.type === 'User' && !chained,
      sessionPolicies: sessionPolicies.length ? sessionPolicies : undefined,
      sourceIdentity: sourceIdentity ?? inherited?.sourceIdentity,
      tags,
    },
    seconds,
  );
  return {
    Credentials: credentialsOutput(session),
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${sessionName}`, Arn: assumedRoleArn(roleAccount!.id, role.name, sessionName!) },
    PackedPolicySize: packsPolicies(policyText, policyArns, tags) ? packedPolicySize(policyText, policyArns, tags) : undefined,
    SourceIdentity: session.sourceIdentity,
  };
}
