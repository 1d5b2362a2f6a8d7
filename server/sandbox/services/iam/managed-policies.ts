/**
 * Managed policies as whole entities: CreatePolicy (document parsed as an identity policy, names
 * unique in the account), GetPolicy (attachment and boundary counts computed from the account's
 * users and roles), DeletePolicy (refused while attached or while older versions remain; AWS
 * managed policies cannot be changed), ListPolicies (Scope, OnlyAttached, PathPrefix) and the
 * policy tag operations. Versions are in policy-versions.ts, attaching in attachments.ts.
 */
import { deniedMessage } from '../../auth/authorize.ts';
import { accessDenied, deleteConflict, entityAlreadyExists } from '../../errors.ts';
import { check, length, oneOf } from '../../protocol/validate.ts';
import type { ManagedPolicy } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { parseDocument } from './documents.ts';
import { allow, attachmentCount, boundaryUsageCount, findManagedPolicy, policyNotFound } from './lookup.ts';
import { arnClauses, checkPolicyPathPrefix, documentClauses, nameClauses, policyArn, policyPathClauses, sameName } from './names.ts';
import { paginate } from './paging.ts';
import { policyOutput } from './shapes.ts';
import { listTagsResult, mergeTags, readTagKeys, readTags, rejectDuplicateKeys, removeTags, tagContext } from './tags.ts';

/**
 * Authorizes `action` on the policy ARN, then finds the policy. With `modify`, an AWS managed
 * policy is refused as AWS refuses it: the caller's account does not own it.
 */
export function authorizedPolicy(call: QueryCall, action: string, arn: string, modify = false): ManagedPolicy {
  allow(call, action, arn);
  const policy = findManagedPolicy(call.state, call.principal.account, arn);
  if (!policy) throw policyNotFound(arn);
  if (modify && policy.awsManaged) {
    throw accessDenied(deniedMessage(call.principal, action, arn, { decision: 'ImplicitlyDenied', deniedBy: 'resource', warnings: [] }, 'iam'));
  }
  return policy;
}

export function createPolicy(call: QueryCall) {
  const { state, principal, params } = call;
  const name = params.get('PolicyName');
  const path = params.get('Path') ?? '/';
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
  const account = principal.account;
  const arn = policyArn(account.id, path, name!);
  allow(call, 'iam:CreatePolicy', arn, tagContext(tags));
  rejectDuplicateKeys(tags);
  const document = parseDocument(text!, 'identity');
  if ([...account.policies.values()].some((p) => sameName(p.name, name!))) {
    throw entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
  }
  const now = new Date(state.clock.now());
  const policy: ManagedPolicy = {
    name: name!,
    path,
    id: state.ids.uniqueId('ANPA'),
    arn,
    description,
    createDate: now,
    updateDate: now,
    defaultVersionId: 'v1',
    versions: new Map([['v1', { versionId: 'v1', document, createDate: now }]]),
    nextVersion: 2,
    tags,
    awsManaged: false,
  };
  account.policies.set(arn, policy);
  return { Policy: policyOutput(account, policy, 'full') };
}

export function getPolicy(call: QueryCall) {
  const arn = call.params.get('PolicyArn');
  check(...arnClauses(arn, 'policyArn'));
  const policy = authorizedPolicy(call, 'iam:GetPolicy', arn!);
  return { Policy: policyOutput(call.principal.account, policy, 'full') };
}

export function deletePolicy(call: QueryCall) {
  const arn = call.params.get('PolicyArn');
  check(...arnClauses(arn, 'policyArn'));
  const policy = authorizedPolicy(call, 'iam:DeletePolicy', arn!, true);
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
}

export function listPolicies(call: QueryCall) {
  const { state, params } = call;
  const scope = params.get('Scope') ?? 'All';
  const onlyAttached = params.get('OnlyAttached');
  const usage = params.get('PolicyUsageFilter');
  const prefix = params.get('PathPrefix') ?? '/';
  check(
    oneOf(params.get('Scope'), 'scope', ['All', 'AWS', 'Local']),
    oneOf(onlyAttached, 'onlyAttached', ['true', 'false']),
    oneOf(usage, 'policyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary']),
  );
  checkPolicyPathPrefix(params.get('PathPrefix'));
  const account = call.principal.account;
  // ListPolicies has no resource type; AWS names the resource `policy path <prefix>` in its denial.
  allow(call, 'iam:ListPolicies', `policy path ${prefix}`);
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
}

export function tagPolicy(call: QueryCall) {
  const arn = call.params.get('PolicyArn');
  const { tags, clauses } = readTags(call.params, true);
  check(...arnClauses(arn, 'policyArn'), ...clauses);
  const policy = authorizedPolicy(call, 'iam:TagPolicy', arn!, true);
  policy.tags = mergeTags(policy.tags, tags);
  return undefined;
}

export function untagPolicy(call: QueryCall) {
  const arn = call.params.get('PolicyArn');
  const { keys, clauses } = readTagKeys(call.params);
  check(...arnClauses(arn, 'policyArn'), ...clauses);
  const policy = authorizedPolicy(call, 'iam:UntagPolicy', arn!, true);
  policy.tags = removeTags(policy.tags, keys);
  return undefined;
}

export function listPolicyTags(call: QueryCall) {
  const arn = call.params.get('PolicyArn');
  check(...arnClauses(arn, 'policyArn'));
  return listTagsResult(authorizedPolicy(call, 'iam:ListPolicyTags', arn!).tags, call.params);
}
