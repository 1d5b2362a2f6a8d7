/**
 * A service as the pipeline sees it: its SigV4 signing name, its wire protocol, its operation
 * table keyed by AWS action name, and the few ways services differ that the chain must honour
 * without asking which one it serves (how requests are signed, how authentication failures and
 * AccessDenied are worded, whether injected faults apply). The table of services is
 * services/index.ts; each service's own module declares it.
 */
import type { AuthErrors } from '../auth/auth-errors.ts';
import type { ParsedAuthorization, SignedRequest, SigningRules } from '../auth/sigv4.ts';
import type { Protocol } from '../protocol/protocol.ts';
import type { SandboxState } from '../state.ts';
import type { Call, DenialStyle, Operation } from './operation.ts';

export interface Service<Req = any> {
  /** The SigV4 signing name: `sts`, `iam`, `s3`, `sandbox`. */
  name: string;
  protocol: Protocol<Req>;
  operations: Record<string, Operation<any, Req>>;
  signing: SigningRules;
  authErrors: AuthErrors;
  /** How AccessDenied is worded for its operations. */
  denial: DenialStyle;
  /** Whether injected faults apply (AWS's services; never the sandbox's own). */
  faults: boolean;
  /** The largest body read for a caller the sandbox knows (S3 uploads; 1 MiB for queries). */
  maxBodyBytes: number;
  /** Query protocol: the XML namespace of its answers. */
  xmlNamespace?: string;
  /** REST protocols: which operation a request names, and its request shape (S3's routing). */
  route?: (request: SignedRequest, call: Call) => { operation: string; request: Req };
  /**
   * Which signing regions the service accepts (services/signing-regions.ts): IAM only its global
   * us-east-1, STS any enabled region, S3 the bucket's. Throws the service's own error; the
   * authenticate stage asks before anything else.
   */
  checkRegion?: (request: SignedRequest, auth: ParsedAuthorization, state: SandboxState) => void;
  /** GetSessionToken credentials made without MFA are refused as an unknown key (IAM, §7.4). */
  mfaSessionTokensOnly?: boolean;
}
