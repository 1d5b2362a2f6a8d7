/**
 * STS AssumeRole: validates the request as AWS does (§7.1), checks MFA when a SerialNumber and
 * TokenCode are sent, evaluates the role's trust policy together with the caller's identity
 * policies (trust policies must always allow; an account principal delegates to IAM policies),
 * enforces MaxSessionDuration and the one-hour role-chaining cap, and issues role-session
 * credentials with any session policies, tags and source identity (which the trust policy must
 * allow with sts:TagSession and sts:SetSourceIdentity, as AWS requires). Transitive session tags
 * (TransitiveTagKeys) pass on down a role chain: the next session inherits them, they cannot be
 * passed again (InvalidParameterValue), and inheriting them needs sts:TagSession too. Every denial (also of
 * GetFederationToken credentials, which may not assume roles) is AWS's
 * `User: … is not authorized to perform: sts:AssumeRole on resource: …`, from the authorize stage:
 * the refusals AWS makes first (root, GetFederationToken credentials, the MFA code, a role that
 * does not exist or whose trust policy has not propagated) are the access declaration's `before`.
 */
import { deniedMessage } from '../../auth/evaluate-access.ts';
import { contextKeys } from '../../auth/context-keys.ts';
import { verifyStsMfa } from '../../auth/mfa.ts';
import { assumedRoleArn, type Principal } from '../../auth/principal.ts';
import { accessDenied, AwsError, validationError } from '../../errors.ts';
import type { ContextKeys } from '../../policy/types.ts';
import { check, length, maxItems, pattern, range, required } from '../../protocol/validate.ts';
import type { Session, Tag } from '../../store.ts';
import { queryOperation } from '../operation.ts';
import { credentialsOutput, issueCredentials } from './issue-credentials.ts';
import { packedPolicySize, packsPolicies, sessionPoliciesFrom } from './session-policies.ts';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

/** AWS's AssumeRole denial, with no policy to blame. */
function denied(principal: Principal, roleArn: string) {
  return accessDenied(deniedMessage(principal, 'sts:AssumeRole', roleArn, { decision: 'ImplicitlyDenied', warnings: [] }, 'assume-role'));
}

const invalidParameterValue = (message: string) => new AwsError('InvalidParameterValue', message, 400);

/** AWS's checks of Tags and TransitiveTagKeys beyond their lengths: keys are case-insensitive. */
function checkSessionTags(tags: Tag[], transitiveTagKeys: string[]): void {
  const keys = new Set(tags.map((t) => t.Key.toLowerCase()));
  if (keys.size < tags.length) throw invalidParameterValue('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  if (transitiveTagKeys.some((key) => !keys.has(key.toLowerCase()))) {
    throw invalidParameterValue('The specified transitive tag key must be included in the requested tags.');
  }
}

/**
 * The new session's tags: those passed, and the transitive tags of the calling session (role
 * chaining), which stay transitive; keys named transitive now join them.
 */
function sessionTags(tags: Tag[], transitiveTagKeys: string[], caller: Session | undefined): Pick<Session, 'tags' | 'transitiveTagKeys'> {
  const inheritedKeys = caller?.transitiveTagKeys ?? [];
  const inherited = (caller?.tags ?? []).filter((t) => inheritedKeys.includes(t.Key.toLowerCase()));
  const keys = [...new Set([...inheritedKeys, ...transitiveTagKeys.map((k) => k.toLowerCase())])];
  return { tags: [...inherited, ...tags], ...(keys.length > 0 ? { transitiveTagKeys: keys } : {}) };
}

export const assumeRole = queryOperation({
  input(params, { state }) {
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
    const transitiveTagKeys = params.strings('TransitiveTagKeys');
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
      maxItems(transitiveTagKeys.length, 'transitiveTagKeys', 50),
    );
    checkSessionTags(tags, transitiveTagKeys);
    const arnMatch = ROLE_ARN.exec(roleArn!);
    const roleAccount = arnMatch ? state.store.accounts.get(arnMatch[1]) : undefined;
    const role = arnMatch ? roleAccount?.roles.get(arnMatch[2]) : undefined;
    return {
      roleArn: roleArn!, sessionName: sessionName!, duration, serialNumber, tokenCode, externalId, sourceIdentity, policyText, policyArns, tags, transitiveTagKeys, role, roleAccount,
      /** Set by `before` once the MFA code (if any) is accepted. */
      mfaVerified: false,
    };
  },
  access: {
    action: 'sts:AssumeRole',
    before(input, { state, principal }) {
      if (principal.type === 'Root') throw accessDenied('Roles may not be assumed by root accounts.');
      // GetFederationToken credentials may call no STS operation but GetCallerIdentity (AWS docs);
      // AWS's exact text here is unconfirmed, so the standard AssumeRole denial is used.
      if (principal.type === 'FederatedUser') throw denied(principal, input.roleArn);
      // MFA is validated before the trust policy, so a wrong code gets the MFA message.
      input.mfaVerified = verifyStsMfa(state, principal, input.serialNumber, input.tokenCode);
      const { role } = input;
      if (!role || role.arn !== input.roleArn || state.clock.now() < role.trustUsableAt) throw denied(principal, input.roleArn);
      // Transitive tags the calling session passes on cannot be set again (case-insensitively).
      const inherited = new Set(principal.session?.transitiveTagKeys ?? []);
      if (input.tags.some((t) => inherited.has(t.Key.toLowerCase()))) {
        throw invalidParameterValue("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
      }
    },
    resource: ({ roleArn }) => roleArn,
    context(input) {
      const context: ContextKeys = Object.create(null);
      context['sts:RoleSessionName'] = input.sessionName;
      if (input.externalId !== undefined) context['sts:ExternalId'] = input.externalId;
      if (input.sourceIdentity !== undefined) context['sts:SourceIdentity'] = input.sourceIdentity;
      if (input.mfaVerified) {
        context['aws:MultiFactorAuthPresent'] = 'true';
        context['aws:MultiFactorAuthAge'] = '0';
      }
      for (const tag of input.tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
      if (input.tags.length) context['aws:TagKeys'] = input.tags.map((t) => t.Key);
      if (input.transitiveTagKeys.length) context['sts:TransitiveTagKeys'] = input.transitiveTagKeys;
      return context;
    },
    resourcePolicy: ({ role, roleAccount }) => ({ policy: role!.trustPolicy.parsed, kind: 'trust', accountId: roleAccount!.id }),
    // Session tags (passed, or transitive ones the calling session carries on) need
    // sts:TagSession and a source identity (given, or carried on by role chaining)
    // sts:SetSourceIdentity, in the trust policy and the caller's policies alike.
    alsoRequires: ({ tags, transitiveTagKeys, sourceIdentity }, { principal }) => [
      ...(tags.length > 0 || transitiveTagKeys.length > 0 || (principal.session?.transitiveTagKeys?.length ?? 0) > 0 ? ['sts:TagSession'] : []),
      ...(sourceIdentity !== undefined || principal.session?.sourceIdentity ? ['sts:SetSourceIdentity'] : []),
    ],
    denial: 'assume-role',
  },
  invoke(input, { state, principal, region }) {
    const { role, roleAccount, sessionName, sourceIdentity, policyText, policyArns, tags } = input;
    const callerKeys = contextKeys(state, principal, region);
    const seconds = input.duration === undefined ? 3600 : Number(input.duration);
    const chained = principal.session !== undefined;
    if (seconds > role!.maxSessionDuration) {
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
        roleName: role!.name,
        roleId: role!.id,
        roleArn: role!.arn,
        sessionName,
        mfaPresent: callerKeys['aws:MultiFactorAuthPresent'] === 'true',
        mfaAuthAt: input.mfaVerified ? state.clock.now() : inherited?.mfaAuthAt,
        chained,
        fromLongTermUser: principal.type === 'User' && !chained,
        sessionPolicies: sessionPolicies.length ? sessionPolicies : undefined,
        sourceIdentity: sourceIdentity ?? inherited?.sourceIdentity,
        ...sessionTags(tags, input.transitiveTagKeys, inherited),
      },
      seconds,
    );
    return {
      Credentials: credentialsOutput(session),
      AssumedRoleUser: { AssumedRoleId: `${role!.id}:${sessionName}`, Arn: assumedRoleArn(roleAccount!.id, role!.name, sessionName) },
      PackedPolicySize: packsPolicies(policyText, policyArns, tags) ? packedPolicySize(policyText, policyArns, tags) : undefined,
      SourceIdentity: session.sourceIdentity,
    };
  },
  example: { RoleArn: 'arn:aws:iam::123456789012:role/reader', RoleSessionName: 'example' },
});
