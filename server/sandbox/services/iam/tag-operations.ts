/**
 * The TagX, UntagX and ListXTags operations of the IAM entities that are named by one parameter
 * and tagged alike: users (UserName), roles (RoleName) and virtual MFA devices (SerialNumber).
 * Each validates that parameter as the entity's model says, then authorizes on the entity: Tag
 * with the request's tags as context (`aws:RequestTag/…`, `aws:TagKeys`), Untag with the keys as
 * `aws:TagKeys`, List without context. Reading, merging and listing the tags is tags.ts's; the
 * managed policy tag operations stay in managed-policies.ts (AWS managed policies refuse them).
 */
import { check, type Clause } from '../../protocol/validate.ts';
import type { Tag } from '../../store.ts';
import type { QueryCall } from '../query-call.ts';
import { listTagsResult, mergeTags, readTagKeys, readTags, removeTags, tagContext } from './tags.ts';

export interface TagTarget {
  /** The entity in the action names: `iam:Tag<verb>`, `iam:Untag<verb>`, `iam:List<verb>Tags`. */
  verb: 'User' | 'Role' | 'MFADevice';
  /** The parameter that names the entity, and its validation clauses. */
  idParam: 'UserName' | 'RoleName' | 'SerialNumber';
  idClauses: (value: string | undefined) => Clause[];
  /** Authorizes `action` on the entity, then returns it or throws NoSuchEntity. */
  find: (call: QueryCall, action: string, id: string, context?: Record<string, string | string[]>) => { tags: Tag[] };
}

export function tagOperations(target: TagTarget) {
  return {
    tag: (call: QueryCall) => {
      const id = call.params.get(target.idParam);
      const { tags, clauses } = readTags(call.params, true);
      check(...target.idClauses(id), ...clauses);
      const entity = target.find(call, `iam:Tag${target.verb}`, id!, tagContext(tags));
      entity.tags = mergeTags(entity.tags, tags);
      return undefined;
    },
    untag: (call: QueryCall) => {
      const id = call.params.get(target.idParam);
      const { keys, clauses } = readTagKeys(call.params);
      check(...target.idClauses(id), ...clauses);
      const entity = target.find(call, `iam:Untag${target.verb}`, id!, { 'aws:TagKeys': keys });
      entity.tags = removeTags(entity.tags, keys);
      return undefined;
    },
    listTags: (call: QueryCall) => {
      const id = call.params.get(target.idParam);
      check(...target.idClauses(id));
      return listTagsResult(target.find(call, `iam:List${target.verb}Tags`, id!).tags, call.params);
    },
  };
}
