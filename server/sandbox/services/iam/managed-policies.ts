/**
 * Managed policies as whole entities: CreatePolicy (document parsed as an identity policy, names
 * unique in the account), GetPolicy (attachment and boundary counts computed from the account's
 * users and roles), DeletePolicy (refused while attached or while older versions remain; AWS
 * managed policies cannot be changed), ListPolicies (Scope, OnlyAttached, PathPrefix) and the
 * policy tag operations. Versions are in policy-versions.ts, attaching in attachments.ts.
 */
import { deniedMessage } from '../../auth/evaluate-access.ts';
import { accessDenied, deleteConflict, entityAlreadyExists } from '../../errors.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { check, length, oneOf } from '../../protocol/validate.ts';
import type { ManagedPolicy } from '../../store.ts';
import { queryOperation, type Access, type Call } from '../operation.ts';
import { parseDocument } from './documents.ts';
import { attachmentCount, boundaryUsageCount, findManagedPolicy, policyNotFound } from './lookup.ts';
import { arnClauses, checkPolicyPathPrefix, documentClauses, nameClauses, policyArn, policyPathClauses, sameName } from './names.ts';
import { paginate } from './paging.ts';
import { policyOutput } from './shapes.ts';
import { listTagsResult, mergeTags, readTagKeys, readTags, rejectDuplicateKeys, removeTags, tagContext, tagOnCreate } from './tags.ts';

export const EXAMPLE_POLICY_ARN = 'arn:aws:iam::123456789012:policy/example';
export const EXAMPLE_DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });

/** PolicyArn, checked with `more` clauses, as every operation on one managed policy takes it. */
export function policyArnInput(params: QueryParams, ...more: (string | undefined)[]) {
  const arn = params.get('PolicyArn');
  check(...arnClauses(arn, 'policyArn'), ...more);
  return { arn: arn!, params };
}

/** `action` on the policy's ARN. */
export function policyAccess(action: string): Access<{ arn: string }> {
  return { action, resource: ({ arn }) => arn };
}

/**
 * The policy, or NoSuchEntity. With `modify`, an AWS managed policy is refused as AWS refuses it:
 * the caller's account does not own it.
 */
export function existingPolicy(call: Call, action: string, arn: string, modify = false): ManagedPolicy {
  const policy = findManagedPolicy(call.state, call.principal.account, arn);
  if (!policy) throw policyNotFound(arn);
  if (modify && policy.awsManaged) {
    throw accessDenied(deniedMessage(call.principal, action, arn, { decision: 'ImplicitlyDenied', deniedBy: 'resource', warnings: [] }, 'iam'));
  }
  return policy;
}

export const createPolicy = queryOperation({
  input(params) {
    const name = params.get('PolicyName');
    const text = params.get('PolicyDocument');
    const description = params.get('Description');
    const { tags, clauses } = readTags(params);
    check(
      ...nameClauses(name, 'policyName', 128),
      ...policyPathClauses(params.get('Path')),
      ...documentClauses(text, 'policyDocument'),
      length(description, 'description', 0, 1000),
      ...clauses,
    );
    return { name: name!, path: params.get('Path') ?? '/', text: text!, description, tags };
  },
  access: {
    action: 'iam:CreatePolicy',
    resource: ({ name, path }, { principal }) => policyArn(principal.account.id, path, name),
    context: ({ tags }) => tagContext(tags),
    alsoRequires: tagOnCreate('iam:TagPolicy'),
  },
  invoke({ name, path, text, description, tags }, { state, principal }) {
    const account = principal.account;
    rejectDuplicateKeys(tags);
    const document = parseDocument(text, 'identity');
    if ([...account.policies.values()].some((p) => sameName(p.name, name))) {
      throw entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
    }
    const now = new Date(state.clock.now());
    const policy: ManagedPolicy = {
      name,
      path,
      id: state.ids.uniqueId('ANPA'),
      arn: policyArn(account.id, path, name),
      description,
      createDate: now,
      updateDate: now,
      defaultVersionId: 'v1',
      versions: new Map([['v1', { versionId: 'v1', document, createDate: now }]]),
      nextVersion: 2,
      tags,
      awsManaged: false,
    };
    account.policies.set(policy.arn, policy);
    return { Policy: policyOutput(account, policy, 'full') };
  },
  example: { PolicyName: 'example-new', PolicyDocument: EXAMPLE_DOCUMENT },
});

export const getPolicy = queryOperation({
  input: (params) => policyArnInput(params),
  access: policyAccess('iam:GetPolicy'),
  invoke: ({ arn }, call) => ({ Policy: policyOutput(call.principal.account, existingPolicy(call, 'iam:GetPolicy', arn), 'full') }),
  example: { PolicyArn: EXAMPLE_POLICY_ARN },
});

export const deletePolicy = queryOperation({
  input: (params) => policyArnInput(params),
  access: policyAccess('iam:DeletePolicy'),
  invoke({ arn }, call) {
    const policy = existingPolicy(call, 'iam:DeletePolicy', arn, true);
    const account = call.principal.account;
    if (attachmentCount(account, policy.arn) > 0 || boundaryUsageCount(account, policy.arn) > 0) {
      throw deleteConflict('Cannot delete a policy attached to entities.');
    }
    if (policy.versions.size > 1) {
      throw deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    account.policies.delete(policy.arn);
    return undefined;
  },
  example: { PolicyArn: EXAMPLE_POLICY_ARN },
});

export const listPolicies = queryOperation({
  input(params) {
    const onlyAttached = params.get('OnlyAttached');
    const usage = params.get('PolicyUsageFilter');
    check(
      oneOf(params.get('Scope'), 'scope', ['All', 'AWS', 'Local']),
      oneOf(onlyAttached, 'onlyAttached', ['true', 'false']),
      oneOf(usage, 'policyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary']),
    );
    checkPolicyPathPrefix(params.get('PathPrefix'));
    return { scope: params.get('Scope') ?? 'All', onlyAttached, usage, prefix: params.get('PathPrefix') ?? '/', params };
  },
  // ListPolicies has no resource type; AWS names the resource `policy path <prefix>` in its denial.
  access: { action: 'iam:ListPolicies', resource: ({ prefix }) => `policy path ${prefix}` },
  invoke({ scope, onlyAttached, usage, prefix, params }, { state, principal }) {
    const account = principal.account;
    const candidates = [
      ...(scope === 'Local' ? [] : state.store.awsManagedPolicies.values()),
      ...(scope === 'AWS' ? [] : account.policies.values()),
    ];
    const policies = candidates.filter((p) => {
      if (!p.path.startsWith(prefix)) return false;
      const attached = attachmentCount(account, p.arn) > 0;
      const boundary = boundaryUsageCount(account, p.arn) > 0;
      if (usage === 'PermissionsPolicy' && !attached) return false;
      if (usage === 'PermissionsBoundary' && !boundary) return false;
      return onlyAttached !== 'true' || attached || boundary;
    });
    const { items, truncation } = paginate(policies, (p) => `${p.name.toLowerCase()}/${p.arn}`, params);
    return { Policies: items.map((p) => policyOutput(account, p, 'list')), ...truncation };
  },
  example: { Scope: 'Local' },
});

export const tagPolicy = queryOperation({
  input(params) {
    const { tags, clauses } = readTags(params, true);
    return { ...policyArnInput(params, ...clauses), tags };
  },
  access: policyAccess('iam:TagPolicy'),
  invoke({ arn, tags }, call) {
    const policy = existingPolicy(call, 'iam:TagPolicy', arn, true);
    policy.tags = mergeTags(policy.tags, tags);
    return undefined;
  },
  example: { PolicyArn: EXAMPLE_POLICY_ARN, Tags: [{ Key: 'team', Value: 'example' }] },
});

export const untagPolicy = queryOperation({
  input(params) {
    const { keys, clauses } = readTagKeys(params);
    return { ...policyArnInput(params, ...clauses), keys };
  },
  access: policyAccess('iam:UntagPolicy'),
  invoke({ arn, keys }, call) {
    const policy = existingPolicy(call, 'iam:UntagPolicy', arn, true);
    policy.tags = removeTags(policy.tags, keys);
    return undefined;
  },
  example: { PolicyArn: EXAMPLE_POLICY_ARN, TagKeys: ['team'] },
});

export const listPolicyTags = queryOperation({
  input: (params) => policyArnInput(params),
  access: policyAccess('iam:ListPolicyTags'),
  invoke: ({ arn, params }, call) => listTagsResult(existingPolicy(call, 'iam:ListPolicyTags', arn).tags, params),
  example: { PolicyArn: EXAMPLE_POLICY_ARN },
});
