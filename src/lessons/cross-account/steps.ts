/**
 * Lesson "Cross-account access and the confused deputy": you (a customer) let a vendor's service
 * into your account through a role that trusts the vendor's account only with the external id
 * the vendor gave you (`sts:ExternalId`). The vendor's service, the deputy, assumes it with your
 * id and lists your buckets; without an id, or with the id of Mallory, another customer who
 * handed the vendor your role's ARN, AssumeRole is denied. On the sandbox the vendor has an
 * account of its own (the partner account of yours, reached through its
 * OrganizationAccountAccessRole: `asVendor`); on a real account yours plays both parties. The
 * teardown deletes the role in each account. Credentials stay in the lesson state (server
 * memory); steps return ARNs, account ids and external ids, never a secret.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { defineLesson, type ClientConfig, type Ledger, type StepContext } from '../lesson.ts';
import { ledgerInAccount, sessionInAccount } from '../shared/other-accounts.ts';
import { untilPropagated } from '../shared/propagation.ts';
import { deleteRole } from '../shared/teardown.ts';
import { tracked } from '../shared/tracked.ts';

type Session = AwsCredentialIdentity & { expiration: Date };

export interface CrossAccountState {
  /** The vendor's account: the sandbox's partner account of yours, or yours on a real account. */
  vendorAccountId?: string;
  /** The external ids the vendor gave its customers: you, and Mallory. */
  externalIds?: { you: string; mallory: string };
  /** In the vendor's account: the role its service runs as (the deputy). */
  serviceRoleName?: string;
  serviceRoleArn?: string;
  /** In your account: the role you let the vendor assume. */
  customerRoleName?: string;
  customerRoleArn?: string;
  /** The vendor's service session, and its session in your account. */
  service?: Session;
  deputy?: Session;
}

type Ctx = StepContext<CrossAccountState>;

const READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

/**
 * The vendor's side, signed as the vendor's administrator. When the vendor has an account of its
 * own (on the sandbox: the partner account of yours), the notebook signs in there as an AWS
 * Organizations management account reaches a member account, with AssumeRole into its
 * OrganizationAccountAccessRole, and what it creates there is recorded as being in that account.
 * When your account plays both parties (a real account), it is the notebook's own credentials
 * and ledger.
 */
async function asVendor(ctx: Ctx): Promise<{ config: ClientConfig; ledger: Ledger }> {
  const { aws, state } = ctx;
  const accountId = state.vendorAccountId!;
  if (accountId === aws.accountId) return { config: aws.config(), ledger: ctx.ledger };
  const sts = new STSClient(aws.config());
  const admin = await sessionInAccount(sts, accountId, ctx.name('vendor-admin'));
  ctx.secret(admin.secretAccessKey, 'SecretAccessKey');
  ctx.secret(admin.sessionToken, 'SessionToken');
  return { config: aws.config(admin), ledger: ledgerInAccount(ctx.ledger, accountId, aws.accountId) };
}

/** The parts of an AssumeRole answer a step keeps, its secrets registered for redaction. */
function sessionFrom(ctx: Ctx, c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date }): Session {
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: ctx.secret(c.SecretAccessKey!, 'SecretAccessKey'),
    sessionToken: ctx.secret(c.SessionToken!, 'SessionToken'),
    expiration: c.Expiration!,
  };
}

export default defineLesson<CrossAccountState>({
  slug: 'cross-account',
  title: 'Cross-account access and the confused deputy',
  summary: "A vendor's service assumes a role in your account, only with the external id the vendor gave you: without it, or with another customer's, AssumeRole is denied.",
  steps: [
    {
      id: 'find-vendor-account',
      title: "Find the vendor's account",
      phase: 'setup',
      // #region find-vendor-account
      async run(ctx) {
        const { aws, state } = ctx;
        // The sandbox gives your account a partner account to play the
        // vendor. A real account has none here: it plays both parties.
        state.vendorAccountId = aws.sandbox
          ? (await aws.sandbox.partnerAccount()).accountId
          : aws.accountId;

        // Who the vendor's administrator is (see "Two accounts" above).
        const vendor = await asVendor(ctx);
        const sts = new STSClient(vendor.config);
        const { Account, Arn } = await sts.send(new GetCallerIdentityCommand({}));
        return {
          YourAccount: aws.accountId,
          VendorAccount: Account,
          VendorAdmin: Arn,
          SameAccount: Account === aws.accountId,
        };
      },
      // #endregion
    },
    {
      id: 'create-service-role',
      title: "The vendor: a role for its service, and an external id per customer",
      phase: 'setup',
      requires: ['find-vendor-account'],
      // #region create-service-role
      async run(ctx) {
        const { state } = ctx;
        // When a customer signs up, the vendor makes up an external id for
        // them and shows it on its sign-up page. The customer cannot choose it.
        state.externalIds ??= {
          you: `customer-${crypto.randomUUID()}`,
          mallory: `customer-${crypto.randomUUID()}`,
        };
        if (state.serviceRoleArn) {
          ctx.log(`The vendor's role ${state.serviceRoleName} exists; using it.`);
          return { RoleArn: state.serviceRoleArn, ExternalIds: state.externalIds };
        }
        const vendor = await asVendor(ctx);
        const iam = new IAMClient(vendor.config);

        // The vendor's service runs as this role; the vendor's own account
        // (its administrators, its compute) may assume it.
        const RoleName = ctx.name('vendor-service');
        const trustPolicy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${state.vendorAccountId}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        };
        const { Role } = await tracked(
          { ledger: vendor.ledger },
          { kind: 'role', name: RoleName },
          () =>
            iam.send(
              new CreateRoleCommand({
                RoleName,
                AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
                Description: "STS workshop: the vendor's service (the deputy)",
                Path: ctx.ownership.path,
                Tags: ctx.ownership.tags,
              }),
            ),
          (created) => created.Role?.Arn,
        );

        // What the service may do: assume its customers' roles, in any
        // account. (A real vendor writes arn:aws:iam::*:role/*; the
        // workshop keeps to its own path.)
        const assumeCustomerRoles = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: 'arn:aws:iam::*:role/sts-workshop/*',
            },
          ],
        };
        const PolicyName = 'AssumeCustomerRoles';
        await tracked(
          { ledger: vendor.ledger },
          { kind: 'role-policy', name: PolicyName, parent: RoleName },
          () =>
            iam.send(
              new PutRolePolicyCommand({
                RoleName,
                PolicyName,
                PolicyDocument: JSON.stringify(assumeCustomerRoles),
              }),
            ),
        );
        state.serviceRoleName = RoleName;
        state.serviceRoleArn = Role!.Arn;
        return { RoleArn: Role!.Arn, ExternalIds: state.externalIds };
      },
      // #endregion
    },
    {
      id: 'create-customer-role',
      title: 'You: a role the vendor may assume with your external id',
      phase: 'setup',
      requires: ['create-service-role'],
      // #region create-customer-role
      async run(ctx) {
        const { aws, state } = ctx;
        if (state.customerRoleArn) {
          ctx.log(`Your role ${state.customerRoleName} exists; using it.`);
          return { RoleArn: state.customerRoleArn, PolicyArn: READ_ONLY };
        }
        const iam = new IAMClient(aws.config());
        const RoleName = ctx.name('vendor-access');
        // Trust the vendor's account, and only with the id it gave you.
        const trustPolicy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${state.vendorAccountId}:root` },
              Action: 'sts:AssumeRole',
              Condition: {
                StringEquals: { 'sts:ExternalId': state.externalIds!.you },
              },
            },
          ],
        };
        const { Role } = await tracked(
          ctx,
          { kind: 'role', name: RoleName },
          () =>
            iam.send(
              new CreateRoleCommand({
                RoleName,
                AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
                Description: 'STS workshop: the vendor reads your S3',
                Path: ctx.ownership.path,
                Tags: ctx.ownership.tags,
              }),
            ),
          (created) => created.Role?.Arn,
        );
        // What the vendor may do in your account: read S3, nothing else.
        await tracked(
          ctx,
          {
            kind: 'attachment',
            name: READ_ONLY,
            parent: RoleName,
            parentKind: 'role',
          },
          () =>
            iam.send(
              new AttachRolePolicyCommand({ RoleName, PolicyArn: READ_ONLY }),
            ),
        );
        state.customerRoleName = RoleName;
        state.customerRoleArn = Role!.Arn;
        // You paste this ARN into the vendor's sign-up page.
        return { RoleArn: Role!.Arn, PolicyArn: READ_ONLY };
      },
      // #endregion
    },
    {
      id: 'start-service',
      title: "The vendor's service starts its session",
      phase: 'usage',
      requires: ['create-service-role'],
      // #region start-service
      async run(ctx) {
        const { state } = ctx;
        // Stands in for the vendor's compute, which runs as the service role.
        const vendor = await asVendor(ctx);
        const sts = new STSClient(vendor.config);
        const assume = new AssumeRoleCommand({
          RoleArn: state.serviceRoleArn,
          RoleSessionName: 'vendor-service',
          DurationSeconds: 3600,
        });
        const { Credentials: c, AssumedRoleUser } = await untilPropagated(
          ctx,
          'AssumeRole',
          () => sts.send(assume),
          { retryOn: ['AccessDenied'] },
        );
        state.service = sessionFrom(ctx, c!);
        ctx.credentials.hold(state.service, {
          label: "Vendor's service",
          principal: AssumedRoleUser!.Arn!,
        });
        return { Arn: AssumedRoleUser!.Arn, Expiration: c!.Expiration };
      },
      // #endregion
    },
    {
      id: 'deputy-for-you',
      title: 'The vendor acts for you, with your external id',
      phase: 'usage',
      requires: ['start-service', 'create-customer-role'],
      // #region deputy-for-you
      async run(ctx) {
        const { aws, state } = ctx;
        // The vendor looks up the customer it is working for: you. It sends
        // the role ARN you gave it and the external id it gave you.
        const sts = new STSClient(aws.config(state.service));
        const assume = new AssumeRoleCommand({
          RoleArn: state.customerRoleArn,
          RoleSessionName: 'vendor-for-you',
          ExternalId: state.externalIds!.you,
          DurationSeconds: 900,
        });
        const { Credentials: c, AssumedRoleUser } = await untilPropagated(
          ctx,
          'AssumeRole',
          () => sts.send(assume),
          { retryOn: ['AccessDenied'] },
        );
        state.deputy = sessionFrom(ctx, c!);
        ctx.credentials.hold(state.deputy, {
          label: 'Vendor in your account',
          principal: AssumedRoleUser!.Arn!,
        });

        // Now it is in your account, with your role's permissions.
        const s3 = new S3Client(aws.config(state.deputy));
        const { Buckets } = await untilPropagated(
          ctx,
          'ListBuckets',
          () => s3.send(new ListBucketsCommand({})),
          { retryOn: ['AccessDenied'] },
        );
        return {
          Arn: AssumedRoleUser!.Arn,
          Buckets: Buckets?.map((b) => b.Name),
        };
      },
      // #endregion
    },
    {
      id: 'deputy-without-external-id',
      title: 'A deputy that leaves the external id out',
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['deputy-for-you'],
      // #region deputy-without-external-id
      async run({ aws, state }) {
        // Same service, same role ARN, no ExternalId: the trust policy's
        // condition has no sts:ExternalId to compare, so it does not match.
        const sts = new STSClient(aws.config(state.service));
        const { AssumedRoleUser } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: state.customerRoleArn,
            RoleSessionName: 'vendor-no-id',
            DurationSeconds: 900,
          }),
        );
        return { Arn: AssumedRoleUser?.Arn };
      },
      // #endregion
    },
    {
      id: 'deputy-for-mallory',
      title: "Mallory hands the vendor your role's ARN",
      phase: 'usage',
      expect: { error: 'AccessDenied' },
      requires: ['deputy-for-you'],
      // #region deputy-for-mallory
      async run({ aws, state }) {
        // Mallory, another customer of the vendor, enters YOUR role's ARN in
        // her sign-up page. The vendor, working for Mallory, sends the ARN
        // she gave and the external id it gave HER.
        const mallorysRequest = {
          roleArn: state.customerRoleArn, // yours
          externalId: state.externalIds!.mallory, // hers
        };
        const sts = new STSClient(aws.config(state.service));
        const { AssumedRoleUser } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: mallorysRequest.roleArn,
            RoleSessionName: 'vendor-for-mallory',
            ExternalId: mallorysRequest.externalId,
            DurationSeconds: 900,
          }),
        );
        return { Arn: AssumedRoleUser?.Arn };
      },
      // #endregion
    },
    {
      id: 'delete-customer-role',
      title: 'Delete your role',
      phase: 'teardown',
      // #region delete-customer-role
      async run({ aws, state, ledger, log }) {
        if (!state.customerRoleName) {
          log('Nothing to delete: this run has no role in your account (none was made, or it is already deleted).');
          return { deleted: [] };
        }
        // Detaches AmazonS3ReadOnlyAccess, then DeleteRole. The vendor's
        // session in your account can do nothing from now on.
        const iam = new IAMClient(aws.config());
        await deleteRole(iam, ledger, state.customerRoleName);
        const deleted = [state.customerRoleArn!];
        state.customerRoleName = state.customerRoleArn = undefined;
        state.deputy = undefined;
        return { deleted };
      },
      // #endregion
    },
    {
      id: 'delete-service-role',
      title: "Delete the vendor's role",
      phase: 'teardown',
      // #region delete-service-role
      async run(ctx) {
        const { state, log } = ctx;
        if (!state.serviceRoleName) {
          log("Nothing to delete: this run has no role in the vendor's account (none was made, or it is already deleted).");
          return { deleted: [] };
        }
        // In the vendor's account, as its administrator: the inline policy
        // AssumeCustomerRoles, then the role.
        const vendor = await asVendor(ctx);
        const iam = new IAMClient(vendor.config);
        await deleteRole(iam, vendor.ledger, state.serviceRoleName);
        const deleted = [state.serviceRoleArn!];
        state.serviceRoleName = state.serviceRoleArn = undefined;
        state.service = undefined;
        return { deleted };
      },
      // #endregion
    },
  ],
});
