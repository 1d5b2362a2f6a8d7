/**
 * The TagX, UntagX and ListXTags operations of the IAM entities that are named by one parameter
 * and tagged alike: users (UserName), roles (RoleName), virtual MFA devices (SerialNumber) and
 * identity providers (OpenIDConnectProviderArn, SAMLProviderArn).
 * Each validates that parameter as the entity's model says and is authorized on the entity: Tag
 * with the request's tags as context (`aws:RequestTag/…`, `aws:TagKeys`), Untag with the keys as
 * `aws:TagKeys`, List without context. Reading, merging and listing the tags is tags.ts's; the
 * managed policy tag operations stay in managed-policies.ts (AWS managed policies refuse them).
 */
import { check, type Clause } from '../../protocol/validate.ts';
import type { Tag } from '../../store.ts';
import { queryOperation, type Call } from '../operation.ts';
import { listTagsResult, mergeTags, readTagKeys, readTags, removeTags, tagContext } from './tags.ts';

export interface TagTarget {
  /** The entity in the action names: `iam:Tag<verb>`, `iam:Untag<verb>`, `iam:List<verb>Tags`. */
  verb: 'User' | 'Role' | 'MFADevice' | 'OpenIDConnectProvider' | 'SAMLProvider';
  /** The parameter that names the entity, and its validation clauses. */
  idParam: 'UserName' | 'RoleName' | 'SerialNumber' | 'OpenIDConnectProviderArn' | 'SAMLProviderArn';
  idClauses: (value: string | undefined) => Clause[];
  /** The ARN the operations are authorized on. */
  resource: (id: string, call: Call) => string;
  /** The entity, or NoSuchEntity. */
  find: (id: string, call: Call) => { tags: Tag[] };
  /** The entity the examples name. */
  example: string;
}

export function tagOperations(target: TagTarget) {
  const resource = (input: { id: string }, call: Call) => target.resource(input.id, call);
  return {
    tag: queryOperation({
      input(params) {
        const id = params.get(target.idParam);
        const { tags, clauses } = readTags(params, true);
        check(...target.idClauses(id), ...clauses);
        return { id: id!, tags };
      },
      access: { action: `iam:Tag${target.verb}`, resource, context: ({ tags }) => tagContext(tags) },
      invoke({ id, tags }, call) {
        const entity = target.find(id, call);
        entity.tags = mergeTags(entity.tags, tags);
        return undefined;
      },
      example: { [target.idParam]: target.example, Tags: [{ Key: 'team', Value: 'example' }] },
    }),
    untag: queryOperation({
      input(params) {
        const id = params.get(target.idParam);
        const { keys, clauses } = readTagKeys(params);
        check(...target.idClauses(id), ...clauses);
        return { id: id!, keys };
      },
      access: { action: `iam:Untag${target.verb}`, resource, context: ({ keys }) => ({ 'aws:TagKeys': keys }) },
      invoke({ id, keys }, call) {
        const entity = target.find(id, call);
        entity.tags = removeTags(entity.tags, keys);
        return undefined;
      },
      example: { [target.idParam]: target.example, TagKeys: ['team'] },
    }),
    listTags: queryOperation({
      input(params) {
        const id = params.get(target.idParam);
        check(...target.idClauses(id));
        return { id: id!, params };
      },
      access: { action: `iam:List${target.verb}Tags`, resource },
      invoke: ({ id, params }, call) => listTagsResult(target.find(id, call).tags, params),
      example: { [target.idParam]: target.example },
    }),
  };
}
