/**
 * What every operation of every service declares, so the pipeline can run it and a test can
 * sweep it: how it reads its request (`input`, with AWS's validation wording: the parse stage),
 * how IAM authorizes it (`access`: the action, the resource ARN, the condition keys, evaluated
 * by the authorize stage before anything runs), what it does (`invoke`), and an `example`
 * request that passes validation. An operation AWS lets every caller perform says so instead of
 * naming a resource (`noPermission`, with the reason). Operations never authorize themselves.
 */
import type { Principal } from '../auth/principal.ts';
import type { ContextKeys, Policy, PrincipalInfo } from '../policy/types.ts';
import type { QueryParams } from '../protocol/query-params.ts';
import type { SandboxState } from '../state.ts';

/** Who calls, where, and the sandbox they act on: what `input`, `access` and `invoke` receive. */
export interface Call {
  state: SandboxState;
  principal: Principal;
  /** The region from the SigV4 credential scope. */
  region: string;
  requestId: string;
}

/**
 * How a refusal is worded: IAM/STS's AccessDenied (`… on resource: … because …`), S3's,
 * AssumeRole's, or EC2's UnauthorizedOperation with an encoded authorization failure message.
 */
export type DenialStyle = 'iam' | 's3' | 'assume-role' | 'ec2';

export interface Access<In> {
  /** The IAM action, as policies name it: `iam:CreateUser`. */
  action: string;
  /** The ARN it is authorized on (IAM uses an existing entity's path, so this may look it up). */
  resource: (input: In, call: Call) => string;
  /** Request-specific condition keys: `aws:RequestTag/…`, `iam:PolicyARN`, `s3:prefix`, …. */
  context?: (input: In, call: Call) => ContextKeys;
  /** A resource-based policy evaluated with the caller's (a role's trust policy). */
  resourcePolicy?: (input: In, call: Call) => { policy: Policy; kind: 'trust' | 'resource'; accountId: string };
  /**
   * Refusals AWS makes before it evaluates policies, in AWS's order: session credentials where
   * long-term ones are needed, a root caller, an MFA code, another account's bucket. They may
   * record on the input what they checked (AssumeRole's verified MFA).
   */
  before?: (input: In, call: Call) => void;
  /** When AccessDenied is worded unlike the service's other operations (AssumeRole). */
  denial?: DenialStyle;
  /**
   * Further actions the same request needs on the same resource, with the same context and
   * resource policy, evaluated in order after `action` (AssumeRole with session tags needs
   * sts:TagSession, with a source identity sts:SetSourceIdentity); AccessDenied names the first
   * one refused.
   */
  alsoRequires?: (input: In, call: Call) => string[];
  /**
   * For an operation AWS takes unsigned (AssumeRoleWithWebIdentity, AssumeRoleWithSAML): the
   * federated identity its token or assertion names (verified by `input`), for whom the
   * resource policy alone is evaluated in place of a signer, and AWS's fixed AccessDenied text.
   */
  caller?: (input: In, call: Call) => FederatedCaller;
}

/** Who calls an unsigned operation: the identity provider's principal and its claims as keys. */
export interface FederatedCaller {
  principal: PrincipalInfo;
  keys: ContextKeys;
  denial: string;
}

/** An operation AWS lets every authenticated caller perform, whatever the policies say. */
export interface NoPermission {
  action: string;
  /** Why no permission is needed (and what the operation checks instead). */
  noPermission: string;
}

export interface Operation<In = any, Req = any> {
  /**
   * Reads and validates the request (the parse stage); throws AWS's ValidationError & co. An
   * unsigned operation's input also verifies the token or assertion it carries (asynchronously).
   */
  input: (request: Req, call: Call) => In | Promise<In>;
  /**
   * Why AWS takes this operation without a SigV4 signature (its token or assertion is the
   * credential): authenticate lets such a request through unsigned, with no signer to read.
   */
  unsigned?: string;
  access: Access<In> | NoPermission;
  /** Runs the operation once authorized: its result members, or what the protocol writes. */
  invoke: (input: In, call: Call) => unknown;
  /**
   * A request that passes validation, in the SDK's input shape (the sweep test sends it with
   * the service's SDK client, or as a signed query for the sandbox's own service). It names
   * the example world tests/sandbox-authorization.test.ts builds: user `alice`, role `reader`,
   * policy `arn:aws:iam::123456789012:policy/example`, MFA device
   * `arn:aws:iam::123456789012:mfa/alice-mfa`, bucket `example-bucket` with `example.txt`;
   * creations use new names.
   */
  example: Record<string, unknown>;
}

export function needsPermission<In>(access: Access<In> | NoPermission): access is Access<In> {
  return !('noPermission' in access);
}

/** Declares an operation of a query-protocol service (STS, IAM, the sandbox's own). */
export function queryOperation<In>(operation: Operation<In, QueryParams>): Operation<In, QueryParams> {
  return operation;
}
