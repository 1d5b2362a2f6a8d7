/**
 * The start-up check on a real account, before anything is created: asks IAM's policy
 * simulator (`iam:SimulatePrincipalPolicy`) whether the notebook's own principal may do each
 * action that docs/workshop-policy.json (what the lessons need, least privilege) allows, on a
 * resource of the workshop's path, with the run tag the lessons send, and lists in plain words
 * what it lacks. It changes nothing and never refuses to start: a principal that may not run
 * the simulator, or the root user, gets a note instead.
 */
import { readFileSync } from 'node:fs';
import { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand, type ContextEntry } from '@aws-sdk/client-iam';

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export const WORKSHOP_POLICY_PATH = new URL('../../docs/workshop-policy.json', import.meta.url);

/** What each statement of the policy lets the lessons do, for the report. */
const WORDS: Record<string, string> = {
  CreateTaggedWorkshopUsers: 'create IAM users under /sts-workshop/',
  TagWorkshopUsersOnCreate: 'create IAM users under /sts-workshop/ with their tags (tagging on create needs the tag action)',
  CreateTaggedWorkshopRoles: 'create IAM roles under /sts-workshop/',
  TagWorkshopRolesOnCreate: 'create IAM roles under /sts-workshop/ with their tags (tagging on create needs the tag action)',
  CreateTaggedWorkshopPolicies: 'create customer managed policies under /sts-workshop/',
  TagWorkshopPoliciesOnCreate: 'create customer managed policies under /sts-workshop/ with their tags (tagging on create needs the tag action)',
  CreateTaggedWorkshopMfaDevices: 'create virtual MFA devices under /sts-workshop/',
  TagWorkshopMfaDevicesOnCreate: 'create virtual MFA devices under /sts-workshop/ with their tags (tagging on create needs the tag action)',
  CreateTaggedWorkshopOidcProviders: "create the OpenID Connect provider for GitHub Actions' issuer (or the sandbox's)",
  TagWorkshopOidcProvidersOnCreate: 'create the OpenID Connect provider with its tags (tagging on create needs the tag action)',
  CreateTaggedWorkshopSamlProviders: 'create SAML providers named stsw-…',
  TagWorkshopSamlProvidersOnCreate: 'create SAML providers named stsw-… with their tags (tagging on create needs the tag action)',
  ManageWorkshopUsers: "manage the workshop's users (keys, inline policies, MFA devices)",
  ManageWorkshopRoles: "read, change and delete the workshop's roles, their trust policies and their policies",
  AttachOnlyWorkshopAndS3ReadOnlyPolicies: "attach AmazonS3ReadOnlyAccess, IAMReadOnlyAccess or the workshop's own policies to its roles",
  BoundWorkshopRolesToS3ReadOnly: "put AmazonS3ReadOnlyAccess as a permissions boundary on the workshop's roles",
  FindWhoseKeys: 'find the account of an access key id (sts:GetAccessKeyInfo)',
  ManageWorkshopPolicies: "read and delete the workshop's policies",
  DeleteWorkshopMfaDevices: "delete the workshop's virtual MFA devices",
  ReadIdentityProviders: 'read OIDC and SAML providers (to find the tagged ones)',
  DeleteWorkshopIdentityProviders: "delete the workshop's OIDC and SAML providers (only those with its run tag)",
  ListToFindLeftovers: 'list users, roles, policies, MFA devices and identity providers to find leftovers',
  AssumeWorkshopRoles: "assume the workshop's roles, with session tags",
  GetSessionTokens: 'get session tokens',
  ListBuckets: 'list S3 buckets',
  CheckOwnPermissions: 'check its own permissions (this preflight)',
};

export interface Missing {
  action: string;
  resource: string;
  /** Plain words: what the lessons cannot do without it. */
  why: string;
  decision: string;
}

export interface PreflightReport {
  principal: string;
  missing: Missing[];
  /** Set when the check could not run (root user, no permission to simulate). */
  note?: string;
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/** The policy statement's resource pattern made concrete: this account, a workshop-like name. */
function concrete(pattern: string, accountId: string): string {
  return pattern.replace(/^(arn:aws:[a-z0-9-]+:[a-z0-9-]*:)\*:/, `$1${accountId}:`).replace(/\*$/, 'stsw-preflight');
}

/** The condition context that the lessons' own requests carry (their run tag, the policy attached). */
function contextFor(statement: Statement, accountId: string): ContextEntry[] {
  const entries: ContextEntry[] = [];
  const condition = statement.Condition ?? {};
  if (condition.Null?.['aws:RequestTag/sts-workshop:run'] !== undefined) {
    entries.push({ ContextKeyName: 'aws:RequestTag/sts-workshop:run', ContextKeyValues: ['preflight'], ContextKeyType: 'string' });
    entries.push({ ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['sts-workshop:run', 'sts-workshop:lesson'], ContextKeyType: 'stringList' });
  }
  // Any other condition on a single key (iam:PolicyARN, iam:PermissionsBoundary, …): the value the lessons send, its first pattern made concrete.
  for (const operator of ['ArnLike', 'ArnEquals', 'StringEquals', 'StringLike'] as const) {
    for (const [key, values] of Object.entries(condition[operator] ?? {})) {
      if (key.startsWith('aws:RequestTag/') || entries.some((e) => e.ContextKeyName === key)) continue;
      entries.push({ ContextKeyName: key, ContextKeyValues: [concrete(list(values)[0], accountId)], ContextKeyType: 'string' });
    }
  }
  return entries;
}

/** The IAM ARN the simulator takes for the caller: a user or role (an assumed-role session's role). */
async function principalArn(iam: IAMClient, callerArn: string): Promise<string | undefined> {
  const session = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(callerArn);
  if (session) {
    const role = await iam.send(new GetRoleCommand({ RoleName: session[3] })).catch(() => undefined);
    return role?.Role?.Arn ?? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
  }
  return /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\//.test(callerArn) ? callerArn : undefined;
}

export async function preflight(iam: IAMClient, caller: { arn: string; accountId: string }): Promise<PreflightReport> {
  const principal = await principalArn(iam, caller.arn);
  if (!principal) {
    return {
      principal: caller.arn,
      missing: [],
      note: `${caller.arn} is not an IAM user or role, so its permissions cannot be simulated. Prefer an IAM principal with docs/workshop-policy.json over the root user.`,
    };
  }
  const policy = JSON.parse(readFileSync(WORKSHOP_POLICY_PATH, 'utf8')) as { Statement: Statement[] };
  const missing: Missing[] = [];
  try {
    for (const statement of policy.Statement) {
      for (const pattern of list(statement.Resource)) {
        const resource = pattern === '*' ? '*' : concrete(pattern, caller.accountId);
        let marker: string | undefined;
        do {
          const page = await iam.send(
            new SimulatePrincipalPolicyCommand({
              PolicySourceArn: principal,
              ActionNames: list(statement.Action),
              ResourceArns: [resource],
              ContextEntries: contextFor(statement, caller.accountId),
              Marker: marker,
            }),
          );
          for (const result of page.EvaluationResults ?? []) {
            if (result.EvalDecision === 'allowed') continue;
            missing.push({ action: result.EvalActionName!, resource, why: WORDS[statement.Sid] ?? statement.Sid, decision: result.EvalDecision! });
          }
          marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker);
      }
    }
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'AccessDenied' && name !== 'AccessDeniedException') throw error;
    return {
      principal,
      missing: [],
      note: `${principal} may not call iam:SimulatePrincipalPolicy, so its permissions were not checked. The lessons need what docs/workshop-policy.json allows.`,
    };
  }
  return { principal, missing };
}

/** The report as terminal lines: one per statement that lacks something. */
export function describePreflight(report: PreflightReport): string[] {
  if (report.note) return [`Permissions: ${report.note}`];
  if (report.missing.length === 0) return [`Permissions: ${report.principal} may do everything the lessons need.`];
  const byWhy = new Map<string, Missing[]>();
  for (const m of report.missing) byWhy.set(m.why, [...(byWhy.get(m.why) ?? []), m]);
  return [
    `Permissions: ${report.principal} lacks ${report.missing.length === 1 ? 'one action' : `${report.missing.length} actions`} the lessons need (docs/workshop-policy.json grants them all):`,
    ...[...byWhy].map(([why, ms]) => `  - cannot ${why}: ${ms.map((m) => `${m.action} (${m.decision})`).join(', ')}`),
  ];
}
