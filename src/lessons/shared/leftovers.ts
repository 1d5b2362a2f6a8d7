/**
 * Finds what earlier runs left behind, and removes it. Two sources, as the ledger design asks:
 * the ledger's outstanding records (which also catch a resource whose create call was sent but
 * never answered), then IAM's own list calls under the `/sts-workshop/` path, keeping only what
 * carries our `sts-workshop:run` tag (never a name pattern alone); OIDC and SAML identity
 * providers, which have no path, by that tag alone. A ledger record whose resource
 * IAM does not have (its create call never arrived, or the account was a sandbox that has since
 * been reset) is closed in the ledger rather than reported; one that cannot be checked is left
 * as it is and reported through `onProblem`, never blocking the others. It removes nothing:
 * teardown.ts does. A record of another account (`inAccount`, other-accounts.ts) is checked
 * there, through `iamIn`, and closed when that account is gone. A run's files on this machine
 * (kind 'file') are known from the ledger alone and checked on disk. Pure SDK code: the clean-up
 * lesson shows and runs it. `groupUnderParents` and `describeLeftover` only present what was
 * found (children under their user or role).
 */
import {
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetSAMLProviderCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  ListPoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  ListSAMLProvidersCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  ListVirtualMFADevicesCommand,
  GetPolicyCommand,
} from '@aws-sdk/client-iam';
import type { Ledger, LedgerResource } from '../lesson.ts';
import { localFileStanding } from './local-files.ts';
import type { IamIn } from './other-accounts.ts';
import { gone, parentKindOf, RUN_TAG, unreachable } from './teardown.ts';

export { RUN_TAG };
export const WORKSHOP_PATH = '/sts-workshop/';

export interface Leftover extends LedgerResource {
  /** Where it was found: the ledger, IAM's list calls, or both. */
  source: 'ledger' | 'iam' | 'both';
  runId?: string;
}

export interface FindOptions {
  /** Close (record as deleted) ledger records whose resource IAM does not have. Off for a plain look. */
  closeGone?: boolean;
  /** Told about a ledger record that could not be checked (it is kept, neither listed nor closed). */
  onProblem?: (text: string) => void;
  /** The IAM client for a record's other account (`inAccount`); without it such records cannot be checked. */
  iamIn?: IamIn;
}

export async function findLeftovers(iam: IAMClient, ledger: Ledger, { closeGone = true, onProblem = () => {}, iamIn }: FindOptions = {}): Promise<Leftover[]> {
  const found = new Map<string, Leftover>();
  const add = (r: LedgerResource, source: 'ledger' | 'iam', runId?: string) => {
    const key = `${r.inAccount ?? ''}|${r.kind}|${r.parent ?? ''}|${r.name}`;
    const seen = found.get(key);
    const arn = seen?.arn ?? r.arn;
    found.set(key, seen ? { ...seen, ...(arn ? { arn } : {}), source: seen.source === source ? source : 'both' } : { ...r, source, runId });
  };

  for (const record of await ledger.outstanding()) {
    const { runId, lesson: _lesson, ...resource } = record;
    add(resource, 'ledger', runId);
  }

  let marker: string | undefined;
  do {
    const page = await iam.send(new ListUsersCommand({ PathPrefix: WORKSHOP_PATH, Marker: marker }));
    for (const user of page.Users ?? []) {
      const tags = await gone(iam.send(new ListUserTagsCommand({ UserName: user.UserName })));
      const run = tags?.Tags?.find((t) => t.Key === RUN_TAG)?.Value;
      if (run) add({ kind: 'user', name: user.UserName!, arn: user.Arn }, 'iam', run);
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);

  do {
    const page = await iam.send(new ListRolesCommand({ PathPrefix: WORKSHOP_PATH, Marker: marker }));
    for (const role of page.Roles ?? []) {
      const tags = await gone(iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName })));
      const run = tags?.Tags?.find((t) => t.Key === RUN_TAG)?.Value;
      if (run) add({ kind: 'role', name: role.RoleName!, arn: role.Arn }, 'iam', run);
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);

  // Every local policy under our path by name: a ledger record written before CreatePolicy
  // answered knows the name only, and IAM deletes policies by ARN.
  const policyArns = new Map<string, string>();
  do {
    const page = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: WORKSHOP_PATH, Marker: marker }));
    for (const policy of page.Policies ?? []) {
      policyArns.set(policy.PolicyName!, policy.Arn!);
      const full = await gone(iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn })));
      const run = full?.Policy?.Tags?.find((t) => t.Key === RUN_TAG)?.Value;
      if (run) add({ kind: 'policy', name: policy.PolicyName!, arn: policy.Arn }, 'iam', run);
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);

  const devices = await ourDevices(iam, (device, run) => add({ kind: 'mfa-device', name: device }, 'iam', run));

  // Identity providers have no path (and no paging): ours are those with our run tag.
  const oidc = await iam.send(new ListOpenIDConnectProvidersCommand({}));
  for (const { Arn } of oidc.OpenIDConnectProviderList ?? []) {
    const run = (await oidcProvider(iam, Arn!))?.Tags?.find((t) => t.Key === RUN_TAG)?.Value;
    if (run) add({ kind: 'oidc-provider', name: Arn!, arn: Arn }, 'iam', run);
  }
  const saml = await iam.send(new ListSAMLProvidersCommand({}));
  for (const { Arn } of saml.SAMLProviderList ?? []) {
    const run = (await samlProvider(iam, Arn!))?.Tags?.find((t) => t.Key === RUN_TAG)?.Value;
    if (run) add({ kind: 'saml-provider', name: Arn!, arn: Arn }, 'iam', run);
  }

  // What only the ledger knows about: keep it only when IAM has it under our path with our run
  // tag (never delete on a ledger line alone); close the record when IAM does not have it.
  // A record of another account is checked there; an account that is gone took it along.
  const elsewhere = new Map<string, Promise<{ iam: IAMClient; devices: Map<string, boolean> } | undefined>>();
  const reach = (account: string) => {
    if (!elsewhere.has(account)) {
      if (!iamIn) throw new Error(`It is in account ${account}, and no way to sign in there was given.`);
      elsewhere.set(account, iamIn(account).then(async (there) => there && { iam: there, devices: await ourDevices(there) }));
    }
    return elsewhere.get(account)!;
  };
  const leftovers: Leftover[] = [];
  for (const found_ of found.values()) {
    const leftover = found_.kind === 'policy' && !found_.arn?.startsWith('arn:') ? withPolicyArn(found_, policyArns) : found_;
    let state: Standing;
    try {
      if (leftover.source !== 'ledger') state = 'ours';
      else if (leftover.inAccount === undefined) state = await ledgerOnly(iam, leftover, devices);
      else {
        const there = await reach(leftover.inAccount);
        state = there ? await ledgerOnly(there.iam, leftover, there.devices) : 'gone';
      }
    } catch (error) {
      // One record that cannot be checked must not block the others.
      if (unreachable(error)) throw error;
      onProblem(`Could not check ${describeLeftover(leftover)} from the ledger (${(error as Error).name}: ${(error as Error).message}); left as it is.`);
      continue;
    }
    if (state === 'ours') leftovers.push(leftover);
    else if (state === 'gone' && closeGone) await ledger.deleted(leftover);
  }
  return leftovers;
}

/**
 * Every virtual MFA device, by serial number: true when it is ours (our path and run tag). Each
 * of ours is also handed to `onOurs` with its run.
 */
async function ourDevices(iam: IAMClient, onOurs: (serial: string, run: string) => void = () => {}): Promise<Map<string, boolean>> {
  const devices = new Map<string, boolean>();
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any', Marker: marker }));
    for (const device of page.VirtualMFADevices ?? []) {
      const run = device.Tags?.find((t) => t.Key === RUN_TAG)?.Value;
      const ours = Boolean(run) && device.SerialNumber!.includes(`:mfa${WORKSHOP_PATH}`);
      devices.set(device.SerialNumber!, ours);
      if (ours) onOurs(device.SerialNumber!, run!);
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return devices;
}

/** A policy record without an ARN gets the one IAM lists under our path for its name, if any. */
function withPolicyArn(leftover: Leftover, policyArns: Map<string, string>): Leftover {
  const { arn: _unknown, ...rest } = leftover;
  const arn = policyArns.get(leftover.name);
  return arn ? { ...rest, arn } : rest;
}

type Standing = 'ours' | 'foreign' | 'gone';

const oidcProvider = (iam: IAMClient, arn: string) => gone(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
const samlProvider = (iam: IAMClient, arn: string) => gone(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })));
const ourTag = (tags: { Key?: string }[] | undefined): Standing => (tags?.some((t) => t.Key === RUN_TAG) ? 'ours' : 'foreign');

const ourPathAndTag = (path: string | undefined, tags: { Key?: string }[] | undefined): Standing =>
  path?.startsWith(WORKSHOP_PATH) && tags?.some((t) => t.Key === RUN_TAG) ? 'ours' : 'foreign';

/** Whether a resource only the ledger names exists, and if so whether it is ours (path and tag). */
async function ledgerOnly(iam: IAMClient, r: LedgerResource, devices: Map<string, boolean>): Promise<Standing> {
  switch (r.kind) {
    case 'user': {
      const user = await gone(iam.send(new GetUserCommand({ UserName: r.name })));
      return user ? ourPathAndTag(user.User?.Path, user.User?.Tags) : 'gone';
    }
    case 'role': {
      const role = await gone(iam.send(new GetRoleCommand({ RoleName: r.name })));
      return role ? ourPathAndTag(role.Role?.Path, role.Role?.Tags) : 'gone';
    }
    case 'policy': {
      // No ARN: IAM lists no policy of that name under our path (names are unique in an account).
      if (r.arn === undefined) return 'gone';
      const policy = await gone(iam.send(new GetPolicyCommand({ PolicyArn: r.arn })));
      return policy ? ourPathAndTag(policy.Policy?.Path, policy.Policy?.Tags) : 'gone';
    }
    case 'mfa-device':
      return devices.has(r.name) ? (devices.get(r.name) ? 'ours' : 'foreign') : 'gone';
    case 'oidc-provider': {
      const provider = await oidcProvider(iam, r.arn ?? r.name);
      return provider ? ourTag(provider.Tags) : 'gone';
    }
    case 'saml-provider': {
      const provider = await samlProvider(iam, r.arn ?? r.name);
      return provider ? ourTag(provider.Tags) : 'gone';
    }
    case 'file':
      // A run's files on this machine: only the ledger knows them.
      return localFileStanding(r.name);
    default: {
      // A child counts only when its parent is ours, and only while it still exists.
      const parentKind = parentKindOf(r);
      if (!parentKind || !r.parent) return 'foreign';
      const parent = await ledgerOnly(iam, { kind: parentKind, name: r.parent }, devices);
      if (parent !== 'ours') return parent;
      return (await childExists(iam, r)) ? 'ours' : 'gone';
    }
  }
}

async function childExists(iam: IAMClient, r: LedgerResource): Promise<boolean> {
  switch (r.kind) {
    case 'access-key': {
      const keys = await gone(iam.send(new ListAccessKeysCommand({ UserName: r.parent })));
      return keys?.AccessKeyMetadata?.some((k) => k.AccessKeyId === r.name) ?? false;
    }
    case 'user-policy':
      return (await gone(iam.send(new GetUserPolicyCommand({ UserName: r.parent, PolicyName: r.name })))) !== undefined;
    case 'role-policy':
      return (await gone(iam.send(new GetRolePolicyCommand({ RoleName: r.parent, PolicyName: r.name })))) !== undefined;
    case 'attachment': {
      const attached =
        r.parentKind === 'role'
          ? await gone(iam.send(new ListAttachedRolePoliciesCommand({ RoleName: r.parent })))
          : await gone(iam.send(new ListAttachedUserPoliciesCommand({ UserName: r.parent })));
      return attached?.AttachedPolicies?.some((p) => p.PolicyArn === r.name) ?? false;
    }
    default:
      return false;
  }
}

/** A leftover as presented: a user, role, policy or device with the children found under it. */
export interface LeftoverGroup {
  leftover: Leftover;
  /** Its access keys, inline policies and attachments, which are removed with it. */
  children: Leftover[];
}

/**
 * Presentation only: each child whose user or role is itself a leftover goes under that parent
 * (it is removed with it, and IAM's list calls never list children on their own, so "where it
 * was found" says nothing about it); a child whose parent is not listed stays a group of its own.
 */
export function groupUnderParents(leftovers: Leftover[]): LeftoverGroup[] {
  const groups = new Map<string, LeftoverGroup>();
  const keyOf = (kind: string, name: string, account?: string) => `${account ?? ''}|${kind}|${name}`;
  for (const l of leftovers) {
    if (l.kind === 'user' || l.kind === 'role') groups.set(keyOf(l.kind, l.name, l.inAccount), { leftover: l, children: [] });
  }
  const result: LeftoverGroup[] = [];
  for (const l of leftovers) {
    const parentKind = parentKindOf(l);
    const parent = parentKind && groups.get(keyOf(parentKind, l.parent!, l.inAccount));
    if (parent) parent.children.push(l);
    else if (l.kind === 'user' || l.kind === 'role') result.push(groups.get(keyOf(l.kind, l.name, l.inAccount))!);
    else result.push({ leftover: l, children: [] });
  }
  return result;
}

/** "role stsw-…-role", for a child "access-key AKIA… of stsw-…-user", and " in account …" for another account's. */
export function describeLeftover(l: LedgerResource): string {
  return `${l.kind} ${l.name}${l.parent ? ` of ${l.parent}` : ''}${l.inAccount ? ` in account ${l.inAccount}` : ''}`;
}
