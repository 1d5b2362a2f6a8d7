/**
 * Crash-test support: removals the test makes itself, never through the notebook: `scrub`
 * empties /sts-workshop/ (and stsw- buckets) so that a case that left something behind does not
 * fail the cases after it, and `undoCreate` removes the one resource a ledger record names, to
 * put IAM where a kill before the create call would have left it. Both delete through the
 * lessons' own teardown module (src/lessons/shared/teardown.ts, the one place that knows IAM's
 * delete order) with a ledger that records nothing, so the ledger file stays as the crash left
 * it. Neither judges anything: what must be gone is checked by clean-up-and-check.ts, from the
 * outside.
 */
import { ListPoliciesCommand } from '@aws-sdk/client-iam';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import type { Ledger, LedgerResource } from '../../../src/lessons/lesson.ts';
import { RemovalError, removeResources } from '../../../src/lessons/shared/teardown.ts';
import { WORKSHOP_PATH, whatIsLeft, type Clients } from './what-is-left.ts';

/** The test's removals are not the notebook's: nothing of them goes into its ledger. */
const NO_LEDGER: Ledger = { intend: async () => {}, created: async () => {}, deleted: async () => {}, outstanding: async () => [] };

/**
 * Removes everything under /sts-workshop/ (users and roles with all that hangs off them, local
 * policies, virtual MFA devices; in the partner account too), the identity providers tagged
 * sts-workshop:run, and stsw- buckets. Returns what it could not remove.
 */
export async function scrub(clients: Clients): Promise<string[]> {
  const { iam, s3 } = clients;
  const left = await whatIsLeft(clients);
  const resources: LedgerResource[] = [
    ...left.users.map((name) => ({ kind: 'user' as const, name })),
    ...left.roles.map((name) => ({ kind: 'role' as const, name })),
    ...left.policies.map((arn) => ({ kind: 'policy' as const, name: arn, arn })),
    ...left.mfaDevices.map((name) => ({ kind: 'mfa-device' as const, name })),
    ...left.oidcProviders.map((arn) => ({ kind: 'oidc-provider' as const, name: arn, arn })),
    ...left.samlProviders.map((arn) => ({ kind: 'saml-provider' as const, name: arn, arn })),
  ];
  if (left.inPartner.length > 0) {
    const { accountId } = await clients.partner();
    for (const entry of left.inPartner) {
      const [kind, name] = entry.split(' ') as ['role' | 'user', string];
      resources.push({ kind, name, inAccount: accountId });
    }
  }
  const failures: string[] = [];
  try {
    await removeResources(iam, NO_LEDGER, resources, () => {}, { iamIn: clients.iamIn });
  } catch (error) {
    if (error instanceof RemovalError) failures.push(...error.failures.map((f) => `${f.resource.kind} ${f.resource.name}: ${f.error.name}`));
    else failures.push(`${(error as Error).name}: ${(error as Error).message}`);
  }
  for (const bucket of left.buckets) {
    await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch((error: Error) => failures.push(`bucket ${bucket}: ${error.name}`));
  }
  return failures;
}

/**
 * Removes the one resource a ledger record names, as if its create call had never reached IAM:
 * what a kill between the intent's fsync and the request leaves. A policy recorded without its
 * ARN is found by name; a bucket (which the teardown module leaves alone) goes with the S3 SDK;
 * one recorded in the partner account is removed there.
 */
export async function undoCreate({ iam, s3, iamIn }: Clients, r: LedgerResource): Promise<void> {
  if (r.kind === 'bucket') {
    await s3.send(new DeleteBucketCommand({ Bucket: r.name }));
    return;
  }
  let arn = r.arn;
  if (r.kind === 'policy' && !arn) {
    const policies = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: WORKSHOP_PATH }));
    arn = policies.Policies?.find((p) => p.PolicyName === r.name)?.Arn;
    if (!arn) throw new Error(`no policy ${r.name} to undo`);
  }
  await removeResources(iam, NO_LEDGER, [{ ...r, arn }], () => {}, { iamIn });
}
