/**
 * Tags on IAM users, roles, managed policies and MFA devices: reading `Tags.member.N.Key/Value`
 * and `TagKeys.member.N` with AWS's limits (50 tags, key 1–128, value 0–256, AWS's character
 * classes), merging them into an entity (keys compare without regard to case, as IAM's do, and
 * a new value replaces the old), removing them, and the ListXTags result. It neither finds nor
 * authorizes the entity; the TagX, UntagX and ListXTags operations do that (tag-operations.ts for
 * users, roles and MFA devices, managed-policies.ts for policies). A create call that carries
 * tags also needs the matching tag action on the new entity (`tagOnCreate`).
 */
import { invalidInput, limitExceeded } from '../../errors.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { length, maxItems, pattern, required, type Clause } from '../../protocol/validate.ts';
import type { Tag } from '../../store.ts';
import { paginate } from './paging.ts';

const KEY_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
const VALUE_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';
const MAX_TAGS = 50;

/** `Tags.member.N`; `mandatory` for TagUser & co., where the list itself is required. */
export function readTags(params: QueryParams, mandatory = false): { tags: Tag[]; clauses: Clause[] } {
  const members = params.members('Tags');
  const tags = members.map((m) => ({ Key: m.Key, Value: m.Value }));
  const clauses: Clause[] = [
    mandatory && members.length === 0 ? required(undefined, 'tags') : undefined,
    maxItems(tags.length, 'tags', MAX_TAGS),
  ];
  tags.forEach((tag, i) => {
    const field = `tags.${i + 1}.member`;
    clauses.push(
      required(tag.Key, `${field}.key`),
      length(tag.Key, `${field}.key`, 1, 128),
      pattern(tag.Key, `${field}.key`, KEY_PATTERN),
      required(tag.Value, `${field}.value`),
      length(tag.Value, `${field}.value`, 0, 256),
      pattern(tag.Value, `${field}.value`, VALUE_PATTERN),
    );
  });
  return { tags: tags.map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })), clauses };
}

/** `TagKeys.member.N` for the Untag operations. */
export function readTagKeys(params: QueryParams): { keys: string[]; clauses: Clause[] } {
  const keys = params.strings('TagKeys');
  const clauses: Clause[] = [keys.length === 0 ? required(undefined, 'tagKeys') : undefined, maxItems(keys.length, 'tagKeys', MAX_TAGS)];
  keys.forEach((key, i) => clauses.push(length(key, `tagKeys.${i + 1}.member`, 1, 128), pattern(key, `tagKeys.${i + 1}.member`, KEY_PATTERN)));
  return { keys, clauses };
}

/** Refuses a request that names the same key twice (IAM tag keys ignore case). */
export function rejectDuplicateKeys(tags: Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
  }
}

/** The entity's tags with `added` applied; throws when the result would exceed 50 tags. */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  rejectDuplicateKeys(added);
  const result = existing.filter((tag) => !added.some((a) => a.Key.toLowerCase() === tag.Key.toLowerCase()));
  result.push(...added.map((t) => ({ Key: t.Key, Value: t.Value })));
  if (result.length > MAX_TAGS) throw limitExceeded('The number of tags has reached the maximum limit.');
  return result;
}

export function removeTags(existing: Tag[], keys: string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((tag) => !drop.has(tag.Key.toLowerCase()));
}

/** The `List*Tags` result: `Tags`, `IsTruncated`, `Marker`. */
export function listTagsResult(tags: Tag[], params: QueryParams) {
  const { items, truncation } = paginate(tags, (t) => t.Key, params);
  return { Tags: items, ...truncation };
}

/** Tags for an output shape: omitted when there are none, as IAM does. */
export function tagsOutput(tags: Tag[]): Tag[] | undefined {
  return tags.length ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined;
}

/** `aws:RequestTag/…` and `aws:TagKeys` for authorizing a request that carries tags. */
export function tagContext(tags: Tag[]): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = Object.create(null);
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  if (tags.length) context['aws:TagKeys'] = tags.map((t) => t.Key);
  return context;
}

/**
 * What a create call carrying tags also needs (the access declaration's `alsoRequires`): the
 * matching tag action (`iam:TagRole` for CreateRole, …) on the new entity, with the same
 * `aws:RequestTag/…` and `aws:TagKeys`; AWS refuses the create, naming the tag action, without
 * it. Nothing more when there are no tags.
 */
export function tagOnCreate(action: string): (input: { tags: Tag[] }) => string[] {
  return ({ tags }) => (tags.length > 0 ? [action] : []);
}
