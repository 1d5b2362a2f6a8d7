/**
 * Deletes what the lessons create, in the order IAM requires (a user's access keys, MFA
 * devices, inline and attached policies before the user; a role's policies before the role;
 * a managed policy's attachments and old versions before the policy), tolerating what is
 * already gone (NoSuchEntity). Every delete is recorded in the ledger. The one place that knows
 * IAM's delete order: lesson teardown steps, the runner's rollback of a failed step and the
 * clean-up sweeper all delete through it. A resource recorded in another account (`inAccount`,
 * other-accounts.ts) is deleted there, with the IAM client `iamIn` gives. OIDC and SAML identity
 * providers have no path, so they are deleted only when they carry the workshop's run tag. A
 * 'file' (a run's directory on this machine) is deleted by local-files.ts. It finds nothing
 * (leftovers.ts does).
 */
import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteOpenIDConnectProviderCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteSAMLProviderCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import type { Ledger, LedgerResource } from '../lesson.ts';
import { removeLocalFile } from './local-files.ts';
import { markedLedger, type IamIn } from './other-accounts.ts';

export async function gone<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    if (name === 'NoSuchEntityException' || name === 'NoSuchEntity') return undefined;
    throw error;
  }
}

/** Deletes an IAM user and everything hanging off it. */
export async function deleteUser(iam: IAMClient, ledger: Ledger, userName: string): Promise<void> {
  const keys = await gone(iam.send(new ListAccessKeysCommand({ UserName: userName })));
  if (!keys) return ledger.deleted({ kind: 'user', name: userName });
  for (const key of keys.AccessKeyMetadata ?? []) {
    await gone(iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.AccessKeyId })));
    await ledger.deleted({ kind: 'access-key', name: key.AccessKeyId!, parent: userName });
  }
  const devices = await gone(iam.send(new ListMFADevicesCommand({ UserName: userName })));
  for (const device of devices?.MFADevices ?? []) await deleteMfaDevice(iam, ledger, device.SerialNumber!);
  const inline = await gone(iam.send(new ListUserPoliciesCommand({ UserName: userName })));
  for (const policyName of inline?.PolicyNames ?? []) {
    await gone(iam.send(new DeleteUserPolicyCommand({ UserName: userName, PolicyName: policyName })));
    await ledger.deleted({ kind: 'user-policy', name: policyName, parent: userName });
  }
  const attached = await gone(iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName })));
  for (const policy of attached?.AttachedPolicies ?? []) {
    await gone(iam.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policy.PolicyArn })));
    await ledger.deleted({ kind: 'attachment', name: policy.PolicyArn!, parent: userName, parentKind: 'user' });
  }
  await gone(iam.send(new DeleteUserCommand({ UserName: userName })));
  await ledger.deleted({ kind: 'user', name: userName });
}

/** Deactivates a virtual MFA device if it is assigned to a user, then deletes it. */
export async function deleteMfaDevice(iam: IAMClient, ledger: Ledger, serialNumber: string): Promise<void> {
  const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
  const user = assigned.VirtualMFADevices?.find((d) => d.SerialNumber === serialNumber)?.User?.UserName;
  if (user) await gone(iam.send(new DeactivateMFADeviceCommand({ UserName: user, SerialNumber: serialNumber })));
  await gone(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber })));
  await ledger.deleted({ kind: 'mfa-device', name: serialNumber });
}

/** Deletes an IAM role and its inline and attached policies (never the managed policies themselves). */
export async function deleteRole(iam: IAMClient, ledger: Ledger, roleName: string): Promise<void> {
  const inline = await gone(iam.send(new ListRolePoliciesCommand({ RoleName: roleName })));
  if (!inline) return ledger.deleted({ kind: 'role', name: roleName });
  for (const policyName of inline.PolicyNames ?? []) {
    await gone(iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })));
    await ledger.deleted({ kind: 'role-policy', name: policyName, parent: roleName });
  }
  const attached = await gone(iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })));
  for (const policy of attached?.AttachedPolicies ?? []) {
    await gone(iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policy.PolicyArn })));
    await ledger.deleted({ kind: 'attachment', name: policy.PolicyArn!, parent: roleName, parentKind: 'role' });
  }
  await gone(iam.send(new DeleteRoleCommand({ RoleName: roleName })));
  await ledger.deleted({ kind: 'role', name: roleName });
}

/** Deletes a customer managed policy: its non-default versions, then the policy. Detach it first. */
export async function deletePolicy(iam: IAMClient, ledger: Ledger, policyArn: string, name = policyArn): Promise<void> {
  if (policyArn.startsWith('arn:aws:iam::aws:policy/')) throw new Error('Refusing to delete an AWS managed policy');
  const versions = await gone(iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn })));
  for (const version of versions?.Versions ?? []) {
    if (!version.IsDefaultVersion) await gone(iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: version.VersionId })));
  }
  await gone(iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })));
  await ledger.deleted({ kind: 'policy', name, arn: policyArn });
}

/** The tag every resource a lesson creates carries (leftovers.ts finds them by it). */
export const RUN_TAG = 'sts-workshop:run';

/**
 * Deletes an IAM OpenID Connect or SAML identity provider (by ARN), but only one that carries the
 * workshop's run tag: providers have no path, and an account's one provider for an issuer (GitHub
 * Actions', say) may be what its own pipelines use. One without the tag is left alone; its record
 * is closed (the workshop never created it) and an error says so.
 */
export async function deleteIdentityProvider(iam: IAMClient, ledger: Ledger, kind: 'oidc-provider' | 'saml-provider', arn: string): Promise<void> {
  const found =
    kind === 'oidc-provider'
      ? await gone(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })))
      : await gone(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })));
  const ours = found?.Tags?.some((t) => t.Key === RUN_TAG) ?? false;
  if (found && ours) {
    if (kind === 'oidc-provider') await gone(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
    else await gone(iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })));
  }
  await ledger.deleted({ kind, name: arn, arn });
  if (found && !ours) throw new Error(`${arn} has no ${RUN_TAG} tag, so it is not the workshop's: left alone.`);
}

/** Deletes an IAM OIDC provider the workshop created (see deleteIdentityProvider). */
export const deleteOidcProvider = (iam: IAMClient, ledger: Ledger, arn: string) => deleteIdentityProvider(iam, ledger, 'oidc-provider', arn);

/** Deletes an IAM SAML provider the workshop created (see deleteIdentityProvider). */
export const deleteSamlProvider = (iam: IAMClient, ledger: Ledger, arn: string) => deleteIdentityProvider(iam, ledger, 'saml-provider', arn);

const ORDER: LedgerResource['kind'][] = ['attachment', 'role-policy', 'user-policy', 'access-key', 'mfa-device', 'role', 'user', 'policy', 'oidc-provider', 'saml-provider', 'bucket', 'file'];

/** A child (access key, inline policy, attachment) hangs off a user or a role. */
export function parentKindOf(child: LedgerResource): 'user' | 'role' | undefined {
  if (!child.parent) return undefined;
  if (child.kind === 'access-key' || child.kind === 'user-policy') return 'user';
  if (child.kind === 'role-policy') return 'role';
  if (child.kind === 'attachment') return child.parentKind ?? 'user';
  return undefined;
}

/** ` in account …` for a resource of another account, else nothing. */
const where = (r: LedgerResource) => (r.inAccount ? ` in account ${r.inAccount}` : '');

/** What could not be removed, and why; the rest was removed all the same. */
export class RemovalError extends Error {
  readonly failures: { resource: LedgerResource; error: Error }[];
  constructor(failures: { resource: LedgerResource; error: Error }[]) {
    const list = failures.map((f) => `${f.resource.kind} ${f.resource.name}${where(f.resource)} (${f.error.name}: ${f.error.message})`).join('; ');
    super(`Could not remove ${failures.length === 1 ? 'one resource' : `${failures.length} resources`}: ${list}`);
    this.name = 'RemovalError';
    this.failures = failures;
  }
}

export interface RemoveOptions {
  /** The IAM client for another account (resources with `inAccount`); undefined: that account is gone. */
  iamIn?: IamIn;
}

type Failure = { resource: LedgerResource; error: Error };

/**
 * Removes a list of recorded resources in IAM's order: children whose user or role is in the
 * list go with it (their records are closed after it), roles and users (with everything on
 * them) before the managed policies and MFA devices that may still be attached to them. One
 * resource that cannot be removed never stops the others: each is tried, and a RemovalError
 * listing the failures is thrown at the end. An error that means the target cannot be reached
 * at all stops at once (nothing else would get through either). Resources of another account
 * (`inAccount`) are removed there through `iamIn`; an account it says is gone took them along.
 */
export async function removeResources(
  iam: IAMClient,
  ledger: Ledger,
  resources: LedgerResource[],
  log: (text: string) => void = () => {},
  { iamIn }: RemoveOptions = {},
): Promise<void> {
  const byAccount = new Map<string | undefined, LedgerResource[]>();
  for (const r of resources) byAccount.set(r.inAccount, [...(byAccount.get(r.inAccount) ?? []), r]);
  const failures: Failure[] = [];
  for (const [account, list] of byAccount) {
    if (account === undefined) {
      await removeIn(iam, ledger, list, log, failures);
      continue;
    }
    const marked = markedLedger(ledger, account);
    let there: IAMClient | undefined;
    try {
      if (!iamIn) throw new Error(`No way to sign in to account ${account} was given.`);
      there = await iamIn(account);
    } catch (error) {
      if (unreachable(error)) throw error;
      for (const resource of list) failures.push({ resource, error: error as Error });
      log(`Could not reach account ${account}: ${(error as Error).name}: ${(error as Error).message}`);
      continue;
    }
    if (there) {
      await removeIn(there, marked, list, log, failures);
      continue;
    }
    for (const r of list) await marked.deleted(r);
    log(`Account ${account} no longer exists, and what it held went with it: ${list.map((r) => `${r.kind} ${r.name}`).join(', ')}`);
  }
  if (failures.length > 0) throw new RemovalError(failures);
}

/** removeResources in one account: what fails is added to `failures`. */
async function removeIn(iam: IAMClient, ledger: Ledger, resources: LedgerResource[], log: (text: string) => void, failures: Failure[]): Promise<void> {
  const parents = new Set(resources.filter((r) => r.kind === 'user' || r.kind === 'role').map((r) => `${r.kind}|${r.name}`));
  const withParent = (r: LedgerResource) => parents.has(`${parentKindOf(r)}|${r.parent}`);
  const own = resources.filter((r) => !withParent(r)).sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const before = failures.length;
  for (const r of own) {
    try {
      await removeOne(iam, ledger, r);
      log(`Removed ${r.kind} ${r.name}${where(r)}`);
    } catch (error) {
      if (unreachable(error)) throw error;
      failures.push({ resource: r, error: error as Error });
      log(`Could not remove ${r.kind} ${r.name}${where(r)}: ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  // Records of children that went with their parent are closed too.
  for (const child of resources.filter(withParent)) {
    const parentFailed = failures.slice(before).some((f) => f.resource.name === child.parent && f.resource.kind === parentKindOf(child));
    if (!parentFailed) await ledger.deleted(child);
  }
}

async function removeOne(iam: IAMClient, ledger: Ledger, r: LedgerResource): Promise<void> {
  switch (r.kind) {
    case 'attachment':
      if (r.parentKind === 'role') await gone(iam.send(new DetachRolePolicyCommand({ RoleName: r.parent, PolicyArn: r.name })));
      else await gone(iam.send(new DetachUserPolicyCommand({ UserName: r.parent, PolicyArn: r.name })));
      return ledger.deleted(r);
    case 'role-policy':
      await gone(iam.send(new DeleteRolePolicyCommand({ RoleName: r.parent, PolicyName: r.name })));
      return ledger.deleted(r);
    case 'user-policy':
      await gone(iam.send(new DeleteUserPolicyCommand({ UserName: r.parent, PolicyName: r.name })));
      return ledger.deleted(r);
    case 'access-key':
      await gone(iam.send(new DeleteAccessKeyCommand({ UserName: r.parent, AccessKeyId: r.name })));
      return ledger.deleted(r);
    case 'mfa-device':
      return deleteMfaDevice(iam, ledger, r.name);
    case 'role':
      return deleteRole(iam, ledger, r.name);
    case 'user':
      return deleteUser(iam, ledger, r.name);
    case 'policy':
      if (!r.arn?.startsWith('arn:')) throw new Error(`No ARN is known for policy ${r.name}, so it cannot be deleted by name.`);
      return deletePolicy(iam, ledger, r.arn, r.name);
    case 'oidc-provider':
    case 'saml-provider':
      return deleteIdentityProvider(iam, ledger, r.kind, r.arn ?? r.name);
    case 'bucket':
      return;
    case 'file':
      return removeLocalFile(ledger, r.name);
  }
}

/** The target did not answer at all (refused, reset, timed out): no other call would get through. */
export function unreachable(error: unknown): boolean {
  const e = error as { code?: string; name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(e?.code ?? '') ||
    e?.name === 'TimeoutError' ||
    e?.name === 'RequestTimeout'
  );
}
