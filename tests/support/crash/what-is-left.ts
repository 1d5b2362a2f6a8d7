/**
 * Crash-test support: what the workshop left in an account, seen from the outside only, through
 * the real IAM and S3 SDK clients against the sandbox (never its internals): users under
 * /sts-workshop/ with their access keys, roles, local policies, virtual MFA devices, OIDC and SAML
 * identity providers tagged sts-workshop:run (providers have no path), and stsw- buckets; in the
 * sandbox's partner account of the admin's (where the cross-account lesson's vendor lives, reached
 * through its OrganizationAccountAccessRole), the users and roles under /sts-workshop/. It
 * reads and describes; removing is scrub.ts's, and what the ledger says is
 * ledger-file.ts's.
 */
import {
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListOpenIDConnectProvidersCommand,
  ListPoliciesCommand,
  ListRolesCommand,
  ListSAMLProvidersCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { iamInOtherAccounts, type IamIn } from '../../../src/lessons/shared/other-accounts.ts';
import { signedFetch } from '../signed-fetch.ts';

export const WORKSHOP_PATH = '/sts-workshop/';
const RUN_TAG = 'sts-workshop:run';
/** Names the lessons give what they create (`stsw-<run>-<kind>`): how a bucket is recognised. */
const NAME_PREFIX = 'stsw-';

export interface Clients {
  iam: IAMClient;
  s3: S3Client;
  /** The partner account's id (opened if need be) and an IAM client as its administrator. */
  partner(): Promise<{ accountId: string; iam: IAMClient }>;
  /** For removeResources: IAM in the partner account (a fresh session each time). */
  iamIn: IamIn;
}

/** SDK clients with the sandbox's admin keys, from the `export …` variables a sandbox printed. */
export function clientsFor(sandboxEnv: Record<string, string>): Clients {
  const config = {
    region: 'us-east-1',
    endpoint: sandboxEnv.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: sandboxEnv.AWS_ACCESS_KEY_ID, secretAccessKey: sandboxEnv.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
  const partnerId = async () => {
    const answer = await signedFetch({ url: config.endpoint, service: 'sandbox', body: 'Version=2026-11-01&Action=GetPartnerAccount', credentials: config.credentials });
    const accountId = /<AccountId>(\d{12})<\/AccountId>/.exec(await answer.text())?.[1];
    if (!accountId) throw new Error(`GetPartnerAccount answered ${answer.status}`);
    return { accountId };
  };
  const iamIn: IamIn = (accountId) => iamInOtherAccounts((credentials) => ({ ...config, credentials: credentials ?? config.credentials }), { partner: partnerId })(accountId);
  const partner = async () => {
    const { accountId } = await partnerId();
    return { accountId, iam: (await iamIn(accountId))! };
  };
  return { iam: new IAMClient(config), s3: new S3Client({ ...config, forcePathStyle: true }), partner, iamIn };
}

export interface Left {
  users: string[];
  /** `<user>/<access key id>` for the users under the path. */
  accessKeys: string[];
  roles: string[];
  policies: string[];
  mfaDevices: string[];
  /** OIDC and SAML identity providers (ARNs) that carry the run tag. */
  oidcProviders: string[];
  samlProviders: string[];
  buckets: string[];
  /** In the partner account: `role <name>` and `user <name>` under the path. */
  inPartner: string[];
}

async function pages<T>(fetchPage: (marker: string | undefined) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetchPage(marker);
    all.push(...page.items);
    marker = page.next;
  } while (marker);
  return all;
}

/** Users (with their access keys), roles, local policies and virtual MFA devices under /sts-workshop/, our tagged identity providers, stsw- buckets, and what is under the path in the partner account. */
export async function whatIsLeft({ iam, s3, partner }: Clients): Promise<Left> {
  const users = await pages(async (Marker) => {
    const p = await iam.send(new ListUsersCommand({ PathPrefix: WORKSHOP_PATH, Marker }));
    return { items: (p.Users ?? []).map((u) => u.UserName!), next: p.IsTruncated ? p.Marker : undefined };
  });
  const accessKeys: string[] = [];
  for (const user of users) {
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: user })).catch(() => undefined);
    for (const k of keys?.AccessKeyMetadata ?? []) accessKeys.push(`${user}/${k.AccessKeyId}`);
  }
  const roles = await pages(async (Marker) => {
    const p = await iam.send(new ListRolesCommand({ PathPrefix: WORKSHOP_PATH, Marker }));
    return { items: (p.Roles ?? []).map((r) => r.RoleName!), next: p.IsTruncated ? p.Marker : undefined };
  });
  const policies = await pages(async (Marker) => {
    const p = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: WORKSHOP_PATH, Marker }));
    return { items: (p.Policies ?? []).map((x) => x.Arn!), next: p.IsTruncated ? p.Marker : undefined };
  });
  const devices = await pages(async (Marker) => {
    const p = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any', Marker }));
    return { items: (p.VirtualMFADevices ?? []).map((d) => d.SerialNumber!), next: p.IsTruncated ? p.Marker : undefined };
  });
  const mfaDevices = devices.filter((serial) => serial.includes(`:mfa${WORKSHOP_PATH}`));
  const tagged = (tags: { Key?: string }[] | undefined) => tags?.some((t) => t.Key === RUN_TAG) ?? false;
  const oidcProviders: string[] = [];
  for (const { Arn } of (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList ?? []) {
    const provider = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: Arn })).catch(() => undefined);
    if (tagged(provider?.Tags)) oidcProviders.push(Arn!);
  }
  const samlProviders: string[] = [];
  for (const { Arn } of (await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList ?? []) {
    const provider = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: Arn })).catch(() => undefined);
    if (tagged(provider?.Tags)) samlProviders.push(Arn!);
  }
  const buckets = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name!).filter((name) => name.startsWith(NAME_PREFIX));
  const there = (await partner()).iam;
  const inPartner = [
    ...((await there.send(new ListRolesCommand({ PathPrefix: WORKSHOP_PATH }))).Roles ?? []).map((r) => `role ${r.RoleName}`),
    ...((await there.send(new ListUsersCommand({ PathPrefix: WORKSHOP_PATH }))).Users ?? []).map((u) => `user ${u.UserName}`),
  ];
  return { users, accessKeys, roles, policies, mfaDevices, oidcProviders, samlProviders, buckets, inPartner };
}

export function isNothing(left: Left): boolean {
  return Object.values(left).every((list) => list.length === 0);
}

/** `users stsw-…-user; roles stsw-…-role`, or `nothing`. */
export function describeLeft(left: Left): string {
  const parts = Object.entries(left)
    .filter(([, list]) => list.length > 0)
    .map(([kind, list]) => `${kind} ${list.join(', ')}`);
  return parts.join('; ') || 'nothing';
}
