/**
 * The AWS query protocol's request side (STS, IAM and EC2): a form-encoded body parsed once into
 * a Map (never a plain object, so `__proto__` and friends are just names), with accessors for
 * scalars, for `Name.member.N[.Field]` lists and for EC2's flattened `Name.N[.Field]` lists. It
 * rejects what AWS rejects at this layer (bad percent-encoding, absurd list indexes, too many
 * parameters) with AWS errors; it does not validate operation parameters (see validate.ts).
 */
import { AwsError } from '../errors.ts';

const MAX_PARAMS = 1000;
const MAX_MEMBER_INDEX = 1000;

export class QueryParams {
  readonly #values: Map<string, string>;

  constructor(values: Map<string, string>) {
    this.#values = values;
  }

  static parse(body: string): QueryParams {
    const values = new Map<string, string>();
    if (body.length === 0) return new QueryParams(values);
    const pairs = body.split('&');
    if (pairs.length > MAX_PARAMS) {
      throw new AwsError('ValidationError', `Request has more than ${MAX_PARAMS} parameters.`, 400);
    }
    for (const pair of pairs) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
      values.set(decode(rawName), decode(rawValue));
    }
    return new QueryParams(values);
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  names(): string[] {
    return [...this.#values.keys()];
  }

  /** `Prefix.member.N` as strings, in index order. */
  strings(prefix: string): string[] {
    return this.members(prefix).map((m) => m[''] ?? '');
  }

  /**
   * `Prefix.member.N.Field` as records keyed by Field ('' for a scalar member), in index order.
   * Indexes must be 1..1000; gaps are allowed, as AWS's parser allows them.
   */
  members(prefix: string): Record<string, string>[] {
    return this.#list(prefix, `${prefix}.member.`);
  }

  /** EC2's flattened lists, `Prefix.N[.Field]` (`InstanceId.1`, `Filter.1.Value.2`), as `members` reads them. */
  flat(prefix: string): Record<string, string>[] {
    return this.#list(prefix, `${prefix}.`);
  }

  /** EC2's `Prefix.N` scalars, in index order. */
  flatStrings(prefix: string): string[] {
    return this.flat(prefix).map((m) => m[''] ?? '');
  }

  #list(prefix: string, head: string): Record<string, string>[] {
    const byIndex = new Map<number, Record<string, string>>();
    for (const [name, value] of this.#values) {
      if (!name.startsWith(head)) continue;
      const rest = name.slice(head.length);
      const dot = rest.indexOf('.');
      const indexText = dot === -1 ? rest : rest.slice(0, dot);
      const field = dot === -1 ? '' : rest.slice(dot + 1);
      const index = /^[1-9][0-9]{0,3}$/.test(indexText) ? Number(indexText) : NaN;
      if (!(index >= 1 && index <= MAX_MEMBER_INDEX)) {
        throw new AwsError('ValidationError', `The index ${JSON.stringify(indexText)} of list parameter ${prefix} is not valid.`, 400);
      }
      let record = byIndex.get(index);
      if (!record) {
        record = Object.create(null) as Record<string, string>;
        byIndex.set(index, record);
      }
      record[field] = value;
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, record]) => record);
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new AwsError('MalformedQueryString', 'The query string is malformed: it contains an invalid percent-encoding.', 400);
  }
}
