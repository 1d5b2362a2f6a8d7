/**
 * Versions of customer managed policies: CreatePolicyVersion (at most five, optionally made the
 * default), GetPolicyVersion (the document URL-encoded), ListPolicyVersions (newest first,
 * without documents), DeletePolicyVersion (never the default) and SetDefaultPolicyVersion.
 * The default version is what the evaluator applies; AWS managed policies can be read here but
 * not changed.
 */
import { deleteConflict, limitExceeded, noSuchEntity } from '../../errors.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { oneOf } from '../../protocol/validate.ts';
import type { ManagedPolicy, PolicyVersion } from '../../store.ts';
import { queryOperation } from '../operation.ts';
import { encodeDocument, parseDocument } from './documents.ts';
import { EXAMPLE_DOCUMENT, EXAMPLE_POLICY_ARN, existingPolicy, policyAccess, policyArnInput } from './managed-policies.ts';
import { documentClauses, versionClauses } from './names.ts';
import { paginate } from './paging.ts';

const MAX_VERSIONS = 5;

function version(policy: ManagedPolicy, versionId: string): PolicyVersion {
  const found = policy.versions.get(versionId);
  if (!found) throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
  return found;
}

function versionOutput(policy: ManagedPolicy, v: PolicyVersion, withDocument: boolean) {
  return {
    Document: withDocument ? encodeDocument(v.document.text) : undefined,
    VersionId: v.versionId,
    IsDefaultVersion: v.versionId === policy.defaultVersionId,
    CreateDate: v.createDate,
  };
}

/** PolicyArn and VersionId. */
function versionInput(params: QueryParams) {
  const versionId = params.get('VersionId');
  return { ...policyArnInput(params, ...versionClauses(versionId)), versionId: versionId! };
}

export const createPolicyVersion = queryOperation({
  input(params) {
    const text = params.get('PolicyDocument');
    const setAsDefault = params.get('SetAsDefault');
    return { ...policyArnInput(params, ...documentClauses(text, 'policyDocument'), oneOf(setAsDefault, 'setAsDefault', ['true', 'false'])), text: text!, setAsDefault };
  },
  access: policyAccess('iam:CreatePolicyVersion'),
  invoke({ arn, text, setAsDefault }, call) {
    const policy = existingPolicy(call, 'iam:CreatePolicyVersion', arn, true);
    const document = parseDocument(text, 'identity');
    if (policy.versions.size >= MAX_VERSIONS) {
      throw limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    }
    const now = new Date(call.state.clock.now());
    const created: PolicyVersion = { versionId: `v${policy.nextVersion}`, document, createDate: now };
    policy.nextVersion += 1;
    policy.versions.set(created.versionId, created);
    if (setAsDefault === 'true') {
      policy.defaultVersionId = created.versionId;
      policy.updateDate = now;
    }
    return { PolicyVersion: versionOutput(policy, created, false) };
  },
  example: { PolicyArn: EXAMPLE_POLICY_ARN, PolicyDocument: EXAMPLE_DOCUMENT, SetAsDefault: true },
});

export const getPolicyVersion = queryOperation({
  input: versionInput,
  access: policyAccess('iam:GetPolicyVersion'),
  invoke({ arn, versionId }, call) {
    const policy = existingPolicy(call, 'iam:GetPolicyVersion', arn);
    return { PolicyVersion: versionOutput(policy, version(policy, versionId), true) };
  },
  example: { PolicyArn: EXAMPLE_POLICY_ARN, VersionId: 'v1' },
});

export const listPolicyVersions = queryOperation({
  input: (params) => policyArnInput(params),
  access: policyAccess('iam:ListPolicyVersions'),
  invoke({ arn, params }, call) {
    const policy = existingPolicy(call, 'iam:ListPolicyVersions', arn);
    // Newest first: the key sorts higher version numbers earlier.
    const key = (v: PolicyVersion) => String(1e9 - Number(v.versionId.slice(1).split('.')[0])).padStart(10, '0');
    const { items, truncation } = paginate([...policy.versions.values()], key, params);
    return { Versions: items.map((v) => versionOutput(policy, v, false)), ...truncation };
  },
  example: { PolicyArn: EXAMPLE_POLICY_ARN },
});

export const deletePolicyVersion = queryOperation({
  input: versionInput,
  access: policyAccess('iam:DeletePolicyVersion'),
  invoke({ arn, versionId }, call) {
    const policy = existingPolicy(call, 'iam:DeletePolicyVersion', arn, true);
    const found = version(policy, versionId);
    if (found.versionId === policy.defaultVersionId) throw deleteConflict('Cannot delete the default version of a policy.');
    policy.versions.delete(found.versionId);
    return undefined;
  },
  example: { PolicyArn: EXAMPLE_POLICY_ARN, VersionId: 'v2' },
});

export const setDefaultPolicyVersion = queryOperation({
  input: versionInput,
  access: policyAccess('iam:SetDefaultPolicyVersion'),
  invoke({ arn, versionId }, call) {
    const policy = existingPolicy(call, 'iam:SetDefaultPolicyVersion', arn, true);
    policy.defaultVersionId = version(policy, versionId).versionId;
    policy.updateDate = new Date(call.state.clock.now());
    return undefined;
  },
  example: { PolicyArn: EXAMPLE_POLICY_ARN, VersionId: 'v2' },
});
