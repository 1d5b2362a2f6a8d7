/**
 * The fields a new IAM user or role starts with, as CreateUser and CreateRole record them: a
 * fresh unique id with the kind's prefix (AIDA for users, AROA for roles), the sandbox clock's
 * now as its creation date, no inline or attached policies, the given tags and permissions
 * boundary, and the moment it becomes usable under the propagation simulation. Each caller
 * adds its kind's own fields and stores the entity; nothing here is validated or stored.
 * `newUser` is CreateUser's: a compact user whose collections are made on first use.
 */
import type { SandboxState } from '../../state.ts';
import type { PolicyDocument, Tag, User } from '../../store.ts';
import { usableAt } from './lookup.ts';

/** What users and roles have in common in the store. */
export type PrincipalFields = Omit<User, 'kind' | 'mfaSerials'>;

export interface NewPrincipal {
  name: string;
  path: string;
  arn: string;
  idPrefix: 'AIDA' | 'AROA';
  tags: Tag[];
  boundary: string | undefined;
}

export function newPrincipal(state: SandboxState, fields: NewPrincipal): PrincipalFields {
  return {
    name: fields.name,
    path: fields.path,
    id: state.ids.uniqueId(fields.idPrefix),
    arn: fields.arn,
    createDate: new Date(state.clock.now()),
    tags: fields.tags,
    inlinePolicies: new Map(),
    attachedPolicies: new Set(),
    permissionsBoundary: fields.boundary,
    usableAt: usableAt(state),
  };
}

/**
 * A user as CreateUser records it, compact because a sandbox may hold 10,000 of them: its inline
 * policies, attached policies and MFA serials are made the first time something reads them
 * (most users of a large sandbox never have any, and three empty collections take some 550
 * bytes), and its creation date is kept as a number and read as a new Date.
 */
class NewUser implements User {
  declare kind: 'user';
  declare name: string;
  declare path: string;
  declare id: string;
  declare arn: string;
  declare tags: Tag[];
  declare permissionsBoundary: string | undefined;
  declare usableAt: number;
  readonly #created: number;
  #inlinePolicies: Map<string, PolicyDocument> | undefined;
  #attachedPolicies: Set<string> | undefined;
  #mfaSerials: Set<string> | undefined;
  constructor(fields: NewPrincipal & { id: string; created: number; usableAt: number }) {
    this.kind = 'user';
    this.name = fields.name;
    this.path = fields.path;
    this.id = fields.id;
    this.arn = fields.arn;
    this.tags = fields.tags;
    this.permissionsBoundary = fields.boundary;
    this.usableAt = fields.usableAt;
    this.#created = fields.created;
  }
  get createDate(): Date {
    return new Date(this.#created);
  }
  get inlinePolicies(): Map<string, PolicyDocument> {
    return (this.#inlinePolicies ??= new Map());
  }
  get attachedPolicies(): Set<string> {
    return (this.#attachedPolicies ??= new Set());
  }
  get mfaSerials(): Set<string> {
    return (this.#mfaSerials ??= new Set());
  }
}

export function newUser(state: SandboxState, fields: Omit<NewPrincipal, 'idPrefix'>): User {
  return new NewUser({ ...fields, idPrefix: 'AIDA', id: state.ids.uniqueId('AIDA'), created: state.clock.now(), usableAt: usableAt(state) });
}
