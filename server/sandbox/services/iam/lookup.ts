/**
 * Finding the IAM entities an operation names, with AWS's NoSuchEntity wording, and what the
 * operations' access declarations share: the ARN an entity is authorized on (the ARN with its
 * path when the entity exists, the root path otherwise, so an unauthorized caller learns
 * nothing about existence), resolving an optional `UserName` to the caller, and the
 * propagation timestamp of a new entity. It changes nothing in the store.
 */
import type { Principal } from '../../auth/principal.ts';
import { invalidInput, noSuchEntity, validationError } from '../../errors.ts';
import type { SandboxState } from '../../state.ts';
import type { AccessKey, Account, ManagedPolicy, Role, User } from '../../store.ts';
import type { Access } from '../operation.ts';
import { parsePolicyArn, roleArn, userArn } from './names.ts';

/** When a new user, key or role becomes usable on the data plane (0 = at once). */
export function usableAt(state: SandboxState): number {
  const delay = state.options.propagationDelayMs;
  return delay > 0 ? state.clock.now() + delay : 0;
}

export function userNotFound(name: string) {
  return noSuchEntity(`The user with name ${name} cannot be found.`);
}

export function roleNotFound(name: string) {
  return noSuchEntity(`The role with name ${name} cannot be found.`);
}

/** The user's ARN if it exists, else the ARN it would have at the root path. */
export function userResource(account: Account, name: string): string {
  return account.users.get(name)?.arn ?? userArn(account.id, '/', name);
}

export function roleResource(account: Account, name: string): string {
  return account.roles.get(name)?.arn ?? roleArn(account.id, '/', name);
}

/** The named user, or NoSuchEntity. */
export function existingUser(account: Account, name: string): User {
  const user = account.users.get(name);
  if (!user) throw userNotFound(name);
  return user;
}

export function existingRole(account: Account, name: string): Role {
  const role = account.roles.get(name);
  if (!role) throw roleNotFound(name);
  return role;
}

/** `action` on the user the input names (`userName`), with optional condition keys. */
export function userAccess<In extends { userName: string }>(action: string, context?: Access<In>['context']): Access<In> {
  return { action, resource: (input, call) => userResource(call.principal.account, input.userName), context };
}

/** `action` on the role the input names (`roleName`). */
export function roleAccess<In extends { roleName: string }>(action: string, context?: Access<In>['context']): Access<In> {
  return { action, resource: (input, call) => roleResource(call.principal.account, input.roleName), context };
}

/** `action` on the user an optional UserName resolved to (targetUserName), or the account root. */
export function targetAccess<In extends { target: string }>(action: string): Access<In> {
  return { action, resource: ({ target }, call) => (target === 'root' ? rootArn(call.principal.account) : userResource(call.principal.account, target)) };
}

/**
 * The user an operation with an optional `UserName` acts on: the named user, else the calling
 * IAM user; `'root'` when the account root calls without a name. Role sessions must name one.
 */
export function targetUserName(p: Principal, given: string | undefined): string | 'root' {
  if (given !== undefined) return given;
  if (p.type === 'User') return p.user.name;
  if (p.type === 'Root') return 'root';
  throw validationError('Must specify userName when calling with non-User credentials');
}

export function rootArn(account: Account): string {
  return `arn:aws:iam::${account.id}:root`;
}

/**
 * A managed policy the caller's account can see: its own customer managed policies and the
 * AWS managed ones. A string that is not a policy ARN is InvalidInput, as in AWS.
 */
export function findManagedPolicy(state: SandboxState, account: Account, arn: string): ManagedPolicy | undefined {
  const parts = parsePolicyArn(arn);
  if (!parts) throw invalidInput(`ARN ${arn} is not valid.`);
  if (parts.owner === 'aws') return state.store.awsManagedPolicies.get(arn);
  return parts.owner === account.id ? account.policies.get(arn) : undefined;
}

export function policyNotFound(arn: string) {
  return noSuchEntity(`Policy ${arn} was not found.`);
}

/** How many users and roles of the account have the policy attached. */
export function attachmentCount(account: Account, arn: string): number {
  let count = 0;
  for (const user of account.users.values()) if (user.attachedPolicies.has(arn)) count++;
  for (const role of account.roles.values()) if (role.attachedPolicies.has(arn)) count++;
  return count;
}

/** How many users and roles of the account use the policy as their permissions boundary. */
export function boundaryUsageCount(account: Account, arn: string): number {
  let count = 0;
  for (const user of account.users.values()) if (user.permissionsBoundary === arn) count++;
  for (const role of account.roles.values()) if (role.permissionsBoundary === arn) count++;
  return count;
}

/** A PermissionsBoundary parameter must name an existing managed policy. */
export function requireBoundaryPolicy(state: SandboxState, account: Account, arn: string): void {
  if (!parsePolicyArn(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
  if (!findManagedPolicy(state, account, arn)) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
}

/** The long-term access keys of one user (`userName` undefined: the account root's keys). */
export function accessKeysOf(state: SandboxState, account: Account, userName: string | undefined): AccessKey[] {
  return [...state.store.accessKeys.values()].filter((key) => key.accountId === account.id && key.userName === userName);
}
