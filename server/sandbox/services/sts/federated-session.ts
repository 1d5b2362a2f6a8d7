/**
 * What AssumeRoleWithWebIdentity and AssumeRoleWithSAML share: the role the request names (found
 * in its own account, as the trust policy lives there), the refusal AWS makes for a role that does
 * not exist (or whose trust policy has not propagated), and the role session issued once the
 * trust policy allowed the federated caller: MaxSessionDuration enforced, session policies
 * applied, `aws:FederatedProvider` recorded for the session's requests, the AssumedRoleUser and
 * PackedPolicySize answered as AssumeRole answers them. It verifies no token and authorizes nothing.
 */
import { assumedRoleArn } from '../../auth/principal.ts';
import { accessDenied, validationError } from '../../errors.ts';
import type { SandboxState } from '../../state.ts';
import type { Account, Role } from '../../store.ts';
import { credentialsOutput, issueCredentials } from './issue-credentials.ts';
import { packedPolicySize, packsPolicies, sessionPoliciesFrom } from './session-policies.ts';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

export interface TargetRole {
  roleArn: string;
  role?: Role;
  roleAccount?: Account;
}

export function targetRole(state: SandboxState, roleArn: string): TargetRole {
  const match = ROLE_ARN.exec(roleArn);
  const roleAccount = match ? state.store.accounts.get(match[1]) : undefined;
  const role = match ? roleAccount?.roles.get(match[2]) : undefined;
  return { roleArn, role: role && role.arn === roleArn ? role : undefined, roleAccount };
}

/** A missing role, or a trust policy not yet propagated: AWS's fixed AccessDenied for the action. */
export function requireRole(state: SandboxState, target: TargetRole, denial: string): void {
  if (!target.role || state.clock.now() < target.role.trustUsableAt) throw accessDenied(denial);
}

export interface FederatedSessionRequest {
  sessionName: string;
  duration: number;
  policyText?: string;
  policyArns: string[];
  provider: string;
}

export function issueFederatedSession(state: SandboxState, target: TargetRole, request: FederatedSessionRequest) {
  const role = target.role!;
  const account = target.roleAccount!;
  if (request.duration > role.maxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const policies = sessionPoliciesFrom(state, account.policies, request.policyText, request.policyArns);
  const session = issueCredentials(
    state,
    {
      accountId: account.id,
      source: 'AssumeRole',
      roleName: role.name,
      roleId: role.id,
      roleArn: role.arn,
      sessionName: request.sessionName,
      mfaPresent: false,
      chained: false,
      fromLongTermUser: false,
      sessionPolicies: policies.length ? policies : undefined,
      tags: [],
      federatedProvider: request.provider,
    },
    request.duration,
  );
  return {
    Credentials: credentialsOutput(session),
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${request.sessionName}`, Arn: assumedRoleArn(account.id, role.name, request.sessionName) },
    PackedPolicySize: packsPolicies(request.policyText, request.policyArns, []) ? packedPolicySize(request.policyText, request.policyArns, []) : undefined,
  };
}
