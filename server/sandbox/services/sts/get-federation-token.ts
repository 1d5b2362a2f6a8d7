/**
 * STS GetFederationToken: temporary credentials for a federated user named by the caller
 * (aws-wire-protocol.md §7.1, §7.4, §7.5). Validation as AWS words it (`name` 2–32 characters,
 * `[\w+=,.@-]*`; durations 900–129600 s, default 43200, silently capped at one hour for the
 * root user; policy, PolicyArns ≤ 10, Tags ≤ 50). Only long-term credentials of an IAM user or
 * the root user may call it; the user needs `sts:GetFederationToken` on
 * `arn:aws:sts::ACCT:federated-user/<Name>`. The credentials' permissions are the intersection
 * of the calling user's policies and the session policies passed here, and nothing at all when
 * none are passed (auth/evaluate-access.ts); they carry no MFA. Tags become principal tags of the session.
 */
import { federatedUserArn, federatedUserId } from '../../auth/principal.ts';
import { accessDenied } from '../../errors.ts';
import { check, length, maxItems, pattern, range, required } from '../../protocol/validate.ts';
import type { Tag } from '../../store.ts';
import { tagContext } from '../iam/tags.ts';
import { queryOperation } from '../operation.ts';
import { credentialsOutput, issueCredentials } from './issue-credentials.ts';
import { packedPolicySize, packsPolicies, sessionPoliciesFrom } from './session-policies.ts';

export const getFederationToken = queryOperation({
  input(params) {
    const name = params.get('Name');
    const duration = params.get('DurationSeconds');
    const policyText = params.get('Policy');
    const policyArns = params.members('PolicyArns').map((m) => m.arn ?? '');
    const tags: Tag[] = params.members('Tags').map((m) => ({ Key: m.Key ?? '', Value: m.Value ?? '' }));
    check(
      required(name, 'name'),
      length(name, 'name', 2, 32),
      pattern(name, 'name', '[\\w+=,.@-]*'),
      length(policyText, 'policy', 1, 2048),
      pattern(policyText, 'policy', '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+'),
      maxItems(policyArns.length, 'policyArns', 10),
      range(duration, 'durationSeconds', 900, 129600),
      maxItems(tags.length, 'tags', 50),
      ...tags.flatMap((t, i) => [length(t.Key, `tags.${i + 1}.member.key`, 1, 128), length(t.Value, `tags.${i + 1}.member.value`, 0, 256)]),
    );
    return { name: name!, duration, policyText, policyArns, tags };
  },
  access: {
    action: 'sts:GetFederationToken',
    before(_input, { principal }) {
      if (principal.session || principal.type === 'AssumedRole' || principal.type === 'FederatedUser') {
        throw accessDenied('Cannot call GetFederationToken with session credentials');
      }
    },
    resource: ({ name }, { principal }) => federatedUserArn(principal.account.id, name),
    context: ({ tags }) => tagContext(tags),
  },
  invoke({ name, duration, policyText, policyArns, tags }, { state, principal }) {
    const sessionPolicies = sessionPoliciesFrom(state, principal.account.policies, policyText, policyArns);
    let seconds = duration === undefined ? 43200 : Number(duration);
    if (principal.type === 'Root') seconds = Math.min(seconds, 3600);
    const session = issueCredentials(
      state,
      {
        accountId: principal.account.id,
        source: 'GetFederationToken',
        userName: principal.type === 'User' ? principal.user.name : undefined,
        userId: principal.type === 'User' ? principal.user.id : undefined,
        federatedName: name,
        mfaPresent: false,
        chained: false,
        fromLongTermUser: false,
        sessionPolicies: sessionPolicies.length ? sessionPolicies : undefined,
        tags,
      },
      seconds,
    );
    return {
      Credentials: credentialsOutput(session),
      FederatedUser: { FederatedUserId: federatedUserId(principal.account.id, name), Arn: federatedUserArn(principal.account.id, name) },
      PackedPolicySize: packsPolicies(policyText, policyArns, tags) ? packedPolicySize(policyText, policyArns, tags) : undefined,
    };
  },
  example: { Name: 'example' },
});
