/**
 * The sandbox's state: accounts and what lives in them (users, keys, roles, managed policies,
 * MFA devices, buckets), plus the issued temporary credentials and sign-in tokens. Plain data
 * in Maps, one Account object per account id so that nothing is shared between accounts;
 * lookups that cross accounts (an access key id, a session) go through the store's global
 * indexes. It holds no behaviour beyond creating empty structures: the services own the rules.
 */
import type { Policy } from './policy/types.ts';

export interface Tag {
  Key: string;
  Value: string;
}

/** A policy document as the client sent it, and as the evaluator reads it. */
export interface PolicyDocument {
  text: string;
  parsed: Policy;
}

interface Principalish {
  name: string;
  path: string;
  id: string;
  arn: string;
  createDate: Date;
  tags: Tag[];
  inlinePolicies: Map<string, PolicyDocument>;
  /** ARNs of attached managed policies. */
  attachedPolicies: Set<string>;
  permissionsBoundary?: string;
  /** Simulated IAM propagation: unusable on the data plane before this (epoch ms). */
  usableAt: number;
}

export interface User extends Principalish {
  kind: 'user';
  /** Serial numbers of the MFA devices enabled for this user. */
  mfaSerials: Set<string>;
}

export interface Role extends Principalish {
  kind: 'role';
  trustPolicy: PolicyDocument;
  description?: string;
  maxSessionDuration: number;
  /** When the trust policy last changed, for the propagation simulation. */
  trustUsableAt: number;
}

export interface AccessKey {
  id: string;
  secret: string;
  accountId: string;
  /** Undefined for the account root's key. */
  userName?: string;
  status: 'Active' | 'Inactive';
  createDate: Date;
  usableAt: number;
  lastUsed?: { date: Date; service: string; region: string };
}

export interface PolicyVersion {
  versionId: string;
  document: PolicyDocument;
  createDate: Date;
}

export interface ManagedPolicy {
  name: string;
  path: string;
  id: string;
  arn: string;
  description?: string;
  createDate: Date;
  updateDate: Date;
  defaultVersionId: string;
  versions: Map<string, PolicyVersion>;
  nextVersion: number;
  tags: Tag[];
  awsManaged: boolean;
}

export interface MfaDevice {
  serial: string;
  name: string;
  path: string;
  /** Base32 TOTP secret. Never logged, never returned after creation. */
  seed: string;
  createDate: Date;
  tags: Tag[];
  userName?: string;
  enableDate?: Date;
  /** Last accepted TOTP time step: a code from this step or earlier is refused. */
  lastUsedStep: number;
}

export interface S3Object {
  key: string;
  body: Uint8Array;
  etag: string;
  lastModified: Date;
  contentType: string;
  metadata: Record<string, string>;
}

export interface Bucket {
  name: string;
  region: string;
  createDate: Date;
  objects: Map<string, S3Object>;
}

/** An IAM OpenID Connect provider: the issuer URL (with https://), its audiences and thumbprints. */
export interface OidcProvider {
  arn: string;
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: Date;
  tags: Tag[];
}

/** An IAM SAML provider: its name and the IdP metadata document it was created from. */
export interface SamlProvider {
  arn: string;
  name: string;
  metadata: string;
  createDate: Date;
  validUntil: Date;
  tags: Tag[];
}

export interface Account {
  id: string;
  users: Map<string, User>;
  roles: Map<string, Role>;
  /** Customer managed policies by ARN. */
  policies: Map<string, ManagedPolicy>;
  mfaDevices: Map<string, MfaDevice>;
  buckets: Map<string, Bucket>;
  /** Identity providers by ARN (web identity and SAML federation). */
  oidcProviders: Map<string, OidcProvider>;
  samlProviders: Map<string, SamlProvider>;
  /** The id of this account's partner account (accounts.ts partnerAccount), once opened. */
  partner?: string;
  /** In a partner account: the account it belongs to (it is closed with it). */
  partnerOf?: string;
  /** Opened while the sandbox runs (a room's learner, accounts.ts openAccount), not one it started with. */
  opened?: true;
}

/** Temporary credentials issued by AssumeRole, GetSessionToken or GetFederationToken. */
export interface Session {
  accessKeyId: string;
  secret: string;
  token: string;
  accountId: string;
  source: 'AssumeRole' | 'GetSessionToken' | 'GetFederationToken';
  /** AssumeRole: the role and session name. */
  roleName?: string;
  roleId?: string;
  /** The role's ARN (with its path) when the session was issued. */
  roleArn?: string;
  sessionName?: string;
  /** GetSessionToken and GetFederationToken: the calling IAM user (undefined for root). */
  userName?: string;
  /** GetFederationToken: the calling IAM user's unique id, so a new user of the same name inherits nothing. */
  userId?: string;
  /** GetFederationToken: the federated user's name (`Name`). */
  federatedName?: string;
  issuedAt: number;
  expiresAt: number;
  /** Epoch ms of the MFA authentication behind this session (its own TokenCode, or inherited). */
  mfaAuthAt?: number;
  /** aws:MultiFactorAuthPresent for requests signed with this session, as AWS documents it:
   *  true for GetSessionToken with MFA and for role sessions created from such credentials;
   *  false otherwise (a role session assumed with a TokenCode included). */
  mfaPresent: boolean;
  /** Created from temporary credentials (role chaining, or from a GetSessionToken session). */
  chained: boolean;
  /** Created by AssumeRole called with long-term IAM user credentials (federation SessionDuration rule). */
  fromLongTermUser: boolean;
  /** AssumeRole / GetFederationToken `Policy` and `PolicyArns`. A federated user without any has no permissions. */
  sessionPolicies?: PolicyDocument[];
  sourceIdentity?: string;
  /** Session tags: those passed when it was issued and the transitive ones it inherited. */
  tags: Tag[];
  /** Keys (lower case) of the tags that pass on to sessions it assumes (role chaining). */
  transitiveTagKeys?: string[];
  /** AssumeRoleWithWebIdentity / AssumeRoleWithSAML: the provider (aws:FederatedProvider). */
  federatedProvider?: string;
}

export interface SigninToken {
  token: string;
  accountId: string;
  sessionAccessKeyId: string;
  /** The token itself expires 15 minutes after creation. */
  expiresAt: number;
  /** The console session it opens lasts until here. */
  consoleExpiresAt: number;
  used: boolean;
}

export interface ConsoleSession {
  id: string;
  accountId: string;
  sessionAccessKeyId: string;
  expiresAt: number;
}

export interface Store {
  accounts: Map<string, Account>;
  accessKeys: Map<string, AccessKey>;
  sessions: Map<string, Session>;
  awsManagedPolicies: Map<string, ManagedPolicy>;
  signinTokens: Map<string, SigninToken>;
  consoleSessions: Map<string, ConsoleSession>;
}

export function createStore(): Store {
  return {
    accounts: new Map(),
    accessKeys: new Map(),
    sessions: new Map(),
    awsManagedPolicies: new Map(),
    signinTokens: new Map(),
    consoleSessions: new Map(),
  };
}

export function createAccount(id: string): Account {
  return { id, users: new Map(), roles: new Map(), policies: new Map(), mfaDevices: new Map(), buckets: new Map(), oidcProviders: new Map(), samlProviders: new Map() };
}
