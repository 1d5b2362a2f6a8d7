/**
 * The fields a new IAM user or role starts with, as CreateUser and CreateRole record them: a
 * fresh unique id with the kind's prefix (AIDA for users, AROA for roles), the sandbox clock's
 * now as its creation date, no inline or attached policies, the given tags and permissions
 * boundary, and the moment it becomes usable under the propagation simulation. Each caller
 * adds its kind's own fields and stores the entity; nothing here is validated or stored.
 */
import type { SandboxState } from '../../state.ts';
import type { Tag, User } from '../../store.ts';
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
