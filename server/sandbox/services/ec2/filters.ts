/**
 * EC2's `Filter.N.Name` / `Filter.N.Value.M` request lists and how EC2 applies them: a resource
 * passes when every filter matches (AND), and a filter matches when any of its values matches
 * any of the resource's values for that name (OR); values may use `*` (any run of characters)
 * and `?` (one character), `\` escaping either. Filter names are case-sensitive; one the
 * operation does not know is `InvalidParameterValue` "The filter 'x' is invalid" (observed). A
 * `tag:<key>` filter reads that tag's value. It knows no operation's resources: each operation
 * gives the names it accepts and the values a resource has for each.
 */
import type { QueryParams } from '../../protocol/query-params.ts';
import { invalidParameterValue } from './ec2-errors.ts';

export interface Filter {
  name: string;
  values: RegExp[];
}

/** Reads the request's filters, refusing names that `known` does not accept. */
export function readFilters(params: QueryParams, known: (name: string) => boolean): Filter[] {
  return params.flat('Filter').map((record) => {
    const name = record.Name;
    if (name === undefined || !known(name)) throw invalidParameterValue(`The filter '${name ?? 'null'}' is invalid`);
    const values = Object.entries(record)
      .filter(([field]) => /^Value\.\d+$/.test(field))
      .sort((a, b) => Number(a[0].slice(6)) - Number(b[0].slice(6)))
      .map(([, value]) => wildcard(value));
    return { name, values };
  });
}

/** Whether a resource passes every filter; `valuesOf` gives its values for a filter name. */
export function passes(filters: Filter[], valuesOf: (name: string) => (string | undefined)[]): boolean {
  return filters.every((filter) => {
    const have = valuesOf(filter.name).filter((v): v is string => v !== undefined);
    return filter.values.some((pattern) => have.some((value) => pattern.test(value)));
  });
}

/** A filter value as a whole-string pattern: `*`, `?` wildcards; `\*`, `\?`, `\\` literal. */
function wildcard(value: string): RegExp {
  let source = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) source += escape(value[++i]);
    else if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else source += escape(c);
  }
  return new RegExp(`^${source}$`, 'u');
}

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
