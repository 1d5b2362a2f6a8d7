/**
 * Versions of customer managed policies: CreatePolicyVersion (at most five, optionally made the
 * default), GetPolicyVersion (the document URL-encoded), ListPolicyVersions (newest first,
 * without documents), DeletePolicyVersion (never the default) and SetDefaultPolicyVersion.
 * The default version is what the evaluator applies; AWS managed policies can be read here but
 * not changed.
 */
import { deleteConflict, limitExceeded, noSuchEntity } from '../../errors.ts';
import { check, oneOf } from '../../protocol/validate.ts';
import type { ManagedPolicy, PolicyVersion } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { encodeDocument, parseDocument } from './documents.ts';
import { authorizedPolicy } from './managed-policies.ts';
import { arnClauses, documentClauses, versionClauses } from './names.ts';
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

export function createPolicyVersion(call: QueryCall) {
  const { state, params } = call;
  const arn = params.get('PolicyArn');
  const text = params.get('PolicyDocument');
  const setAsDefault = params.get('SetAsDefault');
  check(...arnClauses(arn, 'policyArn'), ...documentClauses(text, 'policyDocument'), oneOf(setAsDefault, 'setAsDefault', ['true', 'false']));
  const policy = authorizedPolicy(call, 'iam:CreatePolicyVersion', arn!, true);
  const document = parseDocument(text!, 'identity');
  if (policy.versions.size >= MAX_VERSIONS) {
    throw limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
  }
  const now = new Date(state.clock.now());
  const created: PolicyVersion = { versionId: `v${policy.nextVersion}`, document, createDate: now };
  policy.nextVersion += 1;
  policy.versions.set(created.versionId, created);
  if (setAsDefault === 'true') {
    policy.defaultVersionId = created.versionId;
    policy.updateDate = now;
  }
  return { PolicyVersion: versionOutput(policy, created, false) };
}

export function getPolicyVersion(call: QueryCall) {
  const arn = call.params.get('PolicyArn');
  const versionId = call.params.get('VersionId');
  check(...arnClauses(arn, 'policyArn'), ...versionClauses(versionId));
  const policy = authorizedPolicy(call, 'iam:GetPolicyVersion', arn!);
  return { PolicyVersion: versionOutput(policy, version(policy, versionId!), true) };
}

export function listPolicyVersions(call: QueryCall) {
  const arn = call.params.get('PolicyArn');
  check(...arnClauses(arn, 'policyArn'));
  const policy = authorizedPolicy(call, 'iam:ListPolicyVersions', arn!);
  // Newest first: the key sorts higher version numbers earlier.
  const key = (v: PolicyVersion) => String(1e9 - Number(v.versionId.slice(1).split('.')[0])).padStart(10, '0');
  const { items, truncation } = paginate([...policy.versions.values()], key, call.params);
  return { Versions: items.map((v) => versionOutput(policy, v, false)), ...truncation };
}

export function deletePolicyVersion(call: QueryCall) {
  const arn = call.params.get('PolicyArn');
  const versionId = call.params.get('VersionId');
  check(...arnClauses(arn, 'policyArn'), ...versionClauses(versionId));
  const policy = authorizedPolicy(call, 'iam:DeletePolicyVersion', arn!, true);
  const found = version(policy, versionId!);
  if (found.versionId === policy.defaultVersionId) throw deleteConflict('Cannot delete the default version of a policy.');
  policy.versions.delete(found.versionId);
  return undefined;
}

export function setDefaultPolicyVersion(call: QueryCall) {
  const arn = call.params.get('PolicyArn');
  const versionId = call.params.get('VersionId');
  check(...arnClauses(arn, 'policyArn'), ...versionClauses(versionId));
  const policy = authorizedPolicy(call, 'iam:SetDefaultPolicyVersion', arn!, true);
  const found = version(policy, versionId!);
  policy.defaultVersionId = found.versionId;
  policy.updateDate = new Date(call.state.clock.now());
  return undefined;
}
