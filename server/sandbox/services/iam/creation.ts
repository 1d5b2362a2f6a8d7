/**
 * What CreateUser and CreateRole share once their parameters are valid, in AWS's order: the
 * caller is authorized on the new entity's ARN with the request's tags and permissions boundary
 * as condition context (`aws:RequestTag/…`, `aws:TagKeys`, `iam:PermissionsBoundary`; the
 * access declaration), and with tags for `iam:TagUser`/`iam:TagRole` as well, then the tags must not repeat a key and the name must not be taken in the
 * account without regard to case (`requireNewEntity`). Whether the boundary names a policy is
 * checked after this by the caller, with requireBoundaryPolicy (CreateRole parses its trust
 * policy in between). It changes nothing.
 */
import { entityAlreadyExists } from '../../errors.ts';
import type { Tag } from '../../store.ts';
import type { Access } from '../operation.ts';
import { sameName } from './names.ts';
import { rejectDuplicateKeys, tagContext, tagOnCreate } from './tags.ts';

export interface NewEntity {
  name: string;
  path: string;
  tags: Tag[];
  boundary: string | undefined;
}

/** `iam:Create<noun>` on the ARN the new entity will have, and `iam:Tag<noun>` when it carries tags. */
export function creationAccess<In extends NewEntity>(noun: 'User' | 'Role', arnOf: (accountId: string, path: string, name: string) => string): Access<In> {
  return {
    action: `iam:Create${noun}`,
    resource: (input, call) => arnOf(call.principal.account.id, input.path, input.name),
    context(input) {
      const context = tagContext(input.tags);
      if (input.boundary !== undefined) context['iam:PermissionsBoundary'] = input.boundary;
      return context;
    },
    alsoRequires: tagOnCreate(`iam:Tag${noun}`),
  };
}

/** No repeated tag key; no entity of this kind already named so (`taken`: the account's names). */
export function requireNewEntity(noun: 'User' | 'Role', entity: NewEntity, taken: Iterable<string>): void {
  rejectDuplicateKeys(entity.tags);
  if ([...taken].some((existing) => sameName(existing, entity.name))) {
    throw entityAlreadyExists(`${noun} with name ${entity.name} already exists.`);
  }
}
