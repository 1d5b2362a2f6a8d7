/**
 * Resources in a second account. A lesson with two parties (cross-account: a customer and a
 * vendor) may create some of them in another account than the notebook's; their ledger records
 * carry that account (`inAccount`), and whatever removes them (the lesson's teardown, a failed
 * step's rollback, the Clean up lesson and the server's sweeper) signs in there the way an AWS
 * Organizations management account reaches a member account: AssumeRole into the member's
 * `OrganizationAccountAccessRole` with the notebook's own credentials. The sandbox gives every
 * account one such partner account (sandbox:GetPartnerAccount); on a real account the lessons
 * use one account for both parties, so nothing there carries `inAccount`. Plain SDK code: it
 * decides nothing about what is removed (teardown.ts and leftovers.ts do).
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Ledger, LedgerResource } from '../lesson.ts';

/** The role AWS Organizations creates in each member account it creates, for the management account. */
export const ORGANIZATION_ROLE = 'OrganizationAccountAccessRole';

export type AccountSession = AwsCredentialIdentity & { expiration: Date };

/** The configuration of an SDK client, signed with `credentials` or, without, the notebook's own. */
export type ConfigFor = (credentials?: AwsCredentialIdentity) => NonNullable<ConstructorParameters<typeof IAMClient>[0]> & NonNullable<ConstructorParameters<typeof STSClient>[0]>;

/**
 * A 15-minute session as the administrator of `accountId`, through its
 * OrganizationAccountAccessRole, signed by `sts` (the management side's credentials).
 */
export async function sessionInAccount(sts: STSClient, accountId: string, sessionName: string): Promise<AccountSession> {
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${ORGANIZATION_ROLE}`,
      RoleSessionName: sessionName,
      DurationSeconds: 900,
    }),
  );
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken!, expiration: c!.Expiration! };
}

/**
 * The IAM client for another account, as removeResources and findLeftovers take it (`iamIn`);
 * undefined when that account no longer exists (what it held went with it).
 */
export type IamIn = (accountId: string) => Promise<IAMClient | undefined>;

export interface OtherAccountsOptions {
  /**
   * The sandbox's partner account (AwsContext.sandbox.partnerAccount), the one other account the
   * lessons use: a record of any other account is of one that is gone (a partner closed with its
   * owner, or a sandbox since restarted). Without it (a real account), another account cannot be
   * reached, and its records are reported, never dropped.
   */
  partner?: () => Promise<{ accountId: string }>;
  /** The runner's redaction, told each session's secrets before anything can echo them. */
  secret?: (value: string) => void;
}

/**
 * `iamIn` for one clean-up, rollback or teardown: one session per account, made on first use.
 * Sessions last 15 minutes, so make a new `iamIn` for each removal rather than keeping one.
 */
export function iamInOtherAccounts(config: ConfigFor, { partner, secret = () => {} }: OtherAccountsOptions = {}): IamIn {
  const sessions = new Map<string, Promise<AccountSession | undefined>>();
  const reach = async (accountId: string) => {
    if (!partner) throw new Error(`Account ${accountId} is not one this notebook can sign in to.`);
    if ((await partner()).accountId !== accountId) return undefined;
    const session = await sessionInAccount(new STSClient(config()), accountId, 'sts-workshop-clean-up');
    secret(session.secretAccessKey);
    secret(session.sessionToken!);
    return session;
  };
  return async (accountId) => {
    if (!sessions.has(accountId)) {
      const made = reach(accountId);
      made.catch(() => sessions.delete(accountId));
      sessions.set(accountId, made);
    }
    const session = await sessions.get(accountId)!;
    return session && new IAMClient(config(session));
  };
}

/**
 * The ledger for what a step creates in `accountId`: every record carries the account, so that the
 * rollback, the Clean up lesson and the sweeper remove it there. The notebook's own account needs
 * no mark: the ledger is returned as it is.
 */
export function ledgerInAccount(ledger: Ledger, accountId: string, notebookAccount: string): Ledger {
  return accountId === notebookAccount ? ledger : markedLedger(ledger, accountId);
}

/** `ledger` with every record it writes marked `inAccount: accountId`, and only those outstanding. */
export function markedLedger(ledger: Ledger, accountId: string): Ledger {
  const mark = (r: LedgerResource): LedgerResource => ({ ...r, inAccount: accountId });
  return {
    intend: (r) => ledger.intend(mark(r)),
    created: (r) => ledger.created(mark(r)),
    deleted: (r) => ledger.deleted(mark(r)),
    outstanding: async () => (await ledger.outstanding()).filter((r) => r.inAccount === accountId),
  };
}
