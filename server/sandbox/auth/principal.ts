/**
 * Who signed a request, once authenticate.ts has checked the signature: an IAM user (with a
 * long-term key, or with GetSessionToken credentials), a role session, a federated user
 * (GetFederationToken credentials), or the account root. Helpers derive the ARN and unique id
 * AWS reports for each (aws-wire-protocol.md §7.5). It does not decide what a principal may do
 * (the authorize stage and auth/evaluate-access.ts do).
 */
import type { AccessKey, Account, Role, Session, User } from '../store.ts';

export type Principal =
  | { type: 'User'; account: Account; user: User; key?: AccessKey; session?: Session }
  | { type: 'AssumedRole'; account: Account; role: Role; session: Session }
  /**
   * GetFederationToken credentials. `name` is the federated user's name; `user` is the IAM user
   * who called GetFederationToken, as it is now (its policies are evaluated at each request),
   * undefined when root federated (`session.userName` undefined) or when that user is gone.
   */
  | { type: 'FederatedUser'; account: Account; name: string; user?: User; session: Session }
  | { type: 'Root'; account: Account; key?: AccessKey; session?: Session };

export function principalArn(p: Principal): string {
  switch (p.type) {
    case 'User':
      return p.user.arn;
    case 'AssumedRole':
      return assumedRoleArn(p.account.id, p.role.name, p.session.sessionName ?? '');
    case 'FederatedUser':
      return federatedUserArn(p.account.id, p.name);
    case 'Root':
      return `arn:aws:iam::${p.account.id}:root`;
  }
}

export function principalUserId(p: Principal): string {
  switch (p.type) {
    case 'User':
      return p.user.id;
    case 'AssumedRole':
      return `${p.role.id}:${p.session.sessionName}`;
    case 'FederatedUser':
      return federatedUserId(p.account.id, p.name);
    case 'Root':
      return p.account.id;
  }
}

/** Assumed-role ARNs omit the role's path. */
export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

/** `arn:aws:sts::ACCT:federated-user/<Name>` (§7.5). */
export function federatedUserArn(accountId: string, name: string): string {
  return `arn:aws:sts::${accountId}:federated-user/${name}`;
}

/** FederatedUserId, GetCallerIdentity's UserId and aws:userid of a federated user: `ACCT:<Name>`. */
export function federatedUserId(accountId: string, name: string): string {
  return `${accountId}:${name}`;
}
