/**
 * The checks CreateUser and CreateRole share once their parameters are valid, in AWS's order:
 * the caller is authorized on the new entity's ARN with the request's tags and permissions
 * boundary as condition context (`aws:RequestTag/…`, `aws:TagKeys`, `iam:PermissionsBoundary`),
 * the tags must not repeat a key, and the name must not be taken in the account without regard
 * to case. Whether the boundary names a policy is checked after this by the caller, with
 * requireBoundaryPolicy (CreateRole parses its trust policy in between). It changes nothing.
 */
import { entityAlreadyExists } from '../../errors.ts';
import type { Tag } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { allow } from './lookup.ts';
import { sameName } from './names.ts';
import { rejectDuplicateKeys, tagContext } from './tags.ts';

export interface Creation {
  /** `iam:Create<noun>`, and `<noun> with name … already exists.` */
  noun: 'User' | 'Role';
  name: string;
  arn: string;
  tags: Tag[];
  boundary: string | undefined;
  /** The names the account already uses for this kind of entity. */
  taken: Iterable<string>;
}

export function authorizeCreation(call: QueryCall, creation: Creation): void {
  const context = tagContext(creation.tags);
  if (creation.boundary !== undefined) context['iam:PermissionsBoundary'] = creation.boundary;
  allow(call, `iam:Create${creation.noun}`, creation.arn, context);
  rejectDuplicateKeys(creation.tags);
  if ([...creation.taken].some((existing) => sameName(existing, creation.name))) {
    throw entityAlreadyExists(`${creation.noun} with name ${creation.name} already exists.`);
  }
}
