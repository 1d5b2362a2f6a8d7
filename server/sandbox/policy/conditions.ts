/**
 * Evaluates one IAM condition clause (`"Operator": { "key": values }`) against a request's
 * context keys, and provides the string helpers the evaluator shares with it: case-insensitive
 * key lookup, policy variable substitution (`${aws:username}`, `${key, 'default'}`, the escapes
 * `${*}` `${?}` `${$}`) and `*` / `?` wildcard matching. Supported operator families: String,
 * Bool, Numeric, Date, Arn and Null, with the `IfExists` suffix and the `ForAnyValue:` /
 * `ForAllValues:` prefixes. Anything else (Binary, IpAddress, unparseable policy values) is
 * reported as `unsupported` so the caller can fail closed; this module never decides that.
 */
import type { ConditionClause, ContextKeys } from './types.ts';

/**
 * A policy string after variable substitution, as pieces: `literal` pieces came from a
 * variable or an escape and never act as wildcards.
 */
export type Resolved = { text: string; literal: boolean }[];

export interface ConditionResult {
  match: boolean;
  /** Set when the clause could not be evaluated; `match` is then false. */
  unsupported?: string;
}

/** Looks a context key up by name, ignoring case. */
export function lookupKey(keys: ContextKeys, name: string): string | string[] | undefined {
  if (Object.hasOwn(keys, name)) return keys[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(keys)) {
    if (key.toLowerCase() === lower) return keys[key];
  }
  return undefined;
}

/**
 * Substitutes policy variables. `vars` is null when the policy's version (2008-10-17) has no
 * variables: the text is then used as written. Returns null when a variable has no value
 * (absent or multivalued key, no default): such a value matches nothing.
 */
export function resolveVariables(text: string, vars: ContextKeys | null): Resolved | null {
  if (vars === null) return [{ text, literal: false }];
  const pieces: Resolved = [];
  const variable = /\$\{([^}]*)\}/g;
  let last = 0;
  for (const found of text.matchAll(variable)) {
    pieces.push({ text: text.slice(last, found.index), literal: false });
    last = found.index + found[0].length;
    const value = variableValue(found[1], vars);
    if (value === null) return null;
    pieces.push({ text: value, literal: true });
  }
  pieces.push({ text: text.slice(last), literal: false });
  return pieces;
}

function variableValue(body: string, vars: ContextKeys): string | null {
  if (body === '*' || body === '?' || body === '$') return body;
  const parts = /^\s*([^\s,']+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/.exec(body);
  if (!parts) return null;
  const value = lookupKey(vars, parts[1]);
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1) return value[0];
  return parts[2] === undefined ? null : parts[2].replaceAll("''", "'");
}

export function resolvedText(value: Resolved): string {
  return value.map((piece) => piece.text).join('');
}

/** One pattern character; `wild` for an unescaped `*` or `?`. */
type Token = { char: string; wild: boolean };

/**
 * Whole-string matching with `*` (any run) and `?` (one character), without regular
 * expressions (no backtracking blow-up on patterns like `*a*a*a*b`). With `arn`, the first
 * five colon-separated ARN components are matched one by one, so a wildcard there does not
 * cross a colon (ArnLike semantics) and a pattern must name all six components; a lone `*`
 * still matches any value.
 */
export function wildcardMatches(pattern: Resolved, value: string, options: { ignoreCase?: boolean; arn?: boolean } = {}): boolean {
  const fold = (text: string) => (options.ignoreCase ? text.toLowerCase() : text);
  const tokens: Token[] = pattern.flatMap((piece) =>
    Array.from(fold(piece.text), (char) => ({ char, wild: !piece.literal && (char === '*' || char === '?') })));
  const chars = Array.from(fold(value));
  if (!options.arn || (tokens.length === 1 && tokens[0].wild && tokens[0].char === '*')) {
    return globMatches(tokens, chars);
  }
  const patternParts = splitArn(tokens, (token) => token.char === ':');
  const valueParts = splitArn(chars, (char) => char === ':');
  return patternParts.length === valueParts.length &&
    patternParts.every((part, index) => globMatches(part, valueParts[index]));
}

/** Splits at the first five separators: `arn:partition:service:region:account:resource`. */
function splitArn<T>(items: T[], isColon: (item: T) => boolean): T[][] {
  const parts: T[][] = [[]];
  for (const item of items) {
    if (isColon(item) && parts.length < 6) parts.push([]);
    else parts[parts.length - 1].push(item);
  }
  return parts;
}

/** Classic two-pointer glob: on a mismatch, let the last `*` swallow one more character. */
function globMatches(pattern: Token[], chars: string[]): boolean {
  const isStar = (i: number) => i < pattern.length && pattern[i].wild && pattern[i].char === '*';
  let p = 0;
  let c = 0;
  let star = -1; // index of the last `*` seen
  let resume = 0; // where the text resumes after that `*`
  while (c < chars.length) {
    if (isStar(p)) {
      star = p++;
      resume = c;
    } else if (p < pattern.length && (pattern[p].wild || pattern[p].char === chars[c])) {
      p++; // `?` (the only other wild token) or the same character
      c++;
    } else if (star >= 0) {
      p = star + 1;
      c = ++resume;
    } else {
      return false;
    }
  }
  while (isStar(p)) p++;
  return p === pattern.length;
}

/** How one base operator compares one context value with one policy value. */
interface Operator {
  /** `…Not…` operators: true when no policy value matches (and when the key is absent). */
  negated: boolean;
  /** Policy variables are substituted only for String and Arn operators. */
  variables: boolean;
  /** Policy values this operator cannot read make the clause unsupported. */
  valid?: (policyValue: string) => boolean;
  test: (contextValue: string, policyValue: Resolved) => boolean;
}

const stringEquals = (c: string, p: Resolved) => c === resolvedText(p);
const stringEqualsIgnoreCase = (c: string, p: Resolved) => c.toLowerCase() === resolvedText(p).toLowerCase();
const stringLike = (c: string, p: Resolved) => wildcardMatches(p, c);
const arnLike = (c: string, p: Resolved) => wildcardMatches(p, c, { arn: true });

function numeric(compare: (c: number, p: number) => boolean): Operator {
  return {
    negated: false, variables: false, valid: (p) => parseNumber(p) !== undefined,
    test: (c, p) => {
      const context = parseNumber(c);
      return context !== undefined && compare(context, parseNumber(resolvedText(p)) as number);
    },
  };
}

function date(compare: (c: number, p: number) => boolean): Operator {
  return {
    negated: false, variables: false, valid: (p) => parseDate(p) !== undefined,
    test: (c, p) => {
      const context = parseDate(c);
      return context !== undefined && compare(context, parseDate(resolvedText(p)) as number);
    },
  };
}

const OPERATORS = new Map<string, Operator>([
  ['StringEquals', { negated: false, variables: true, test: stringEquals }],
  ['StringNotEquals', { negated: true, variables: true, test: stringEquals }],
  ['StringEqualsIgnoreCase', { negated: false, variables: true, test: stringEqualsIgnoreCase }],
  ['StringNotEqualsIgnoreCase', { negated: true, variables: true, test: stringEqualsIgnoreCase }],
  ['StringLike', { negated: false, variables: true, test: stringLike }],
  ['StringNotLike', { negated: true, variables: true, test: stringLike }],
  ['Bool', {
    negated: false, variables: false, valid: (p) => /^(true|false)$/i.test(p),
    test: (c, p) => c.toLowerCase() === resolvedText(p).toLowerCase(),
  }],
  ['NumericEquals', numeric((c, p) => c === p)],
  ['NumericNotEquals', { ...numeric((c, p) => c === p), negated: true }],
  ['NumericLessThan', numeric((c, p) => c < p)],
  ['NumericLessThanEquals', numeric((c, p) => c <= p)],
  ['NumericGreaterThan', numeric((c, p) => c > p)],
  ['NumericGreaterThanEquals', numeric((c, p) => c >= p)],
  ['DateEquals', date((c, p) => c === p)],
  ['DateNotEquals', { ...date((c, p) => c === p), negated: true }],
  ['DateLessThan', date((c, p) => c < p)],
  ['DateLessThanEquals', date((c, p) => c <= p)],
  ['DateGreaterThan', date((c, p) => c > p)],
  ['DateGreaterThanEquals', date((c, p) => c >= p)],
  // ArnEquals and ArnLike behave the same in AWS: both accept wildcards, per ARN component.
  ['ArnEquals', { negated: false, variables: true, test: arnLike }],
  ['ArnLike', { negated: false, variables: true, test: arnLike }],
  ['ArnNotEquals', { negated: true, variables: true, test: arnLike }],
  ['ArnNotLike', { negated: true, variables: true, test: arnLike }],
]);

/**
 * Evaluates one clause. `vars` supplies policy variables (normally the same context keys), or
 * is null when the policy's version does not substitute variables.
 */
export function conditionMatches(clause: ConditionClause, keys: ContextKeys, vars: ContextKeys | null): ConditionResult {
  const unsupported = (why: string): ConditionResult => ({ match: false, unsupported: `Condition ${clause.operator} on ${clause.key}: ${why}` });
  const parts = /^(ForAnyValue:|ForAllValues:)?(.*?)(IfExists)?$/.exec(clause.operator) as RegExpExecArray;
  const [, set, base, ifExists] = parts;
  const raw = lookupKey(keys, clause.key);
  const present = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];

  if (base === 'Null') {
    if (set || ifExists) return unsupported('Null takes no set prefix or IfExists suffix');
    if (!clause.values.every((v) => /^(true|false)$/i.test(v))) return unsupported('Null takes true or false');
    const absent = present.length === 0;
    return { match: clause.values.some((v) => (v.toLowerCase() === 'true') === absent) };
  }

  const operator = OPERATORS.get(base);
  if (!operator) return unsupported('operator not supported by the sandbox');
  if (operator.valid && !clause.values.every(operator.valid)) return unsupported('value cannot be read');

  // Values whose variables cannot be resolved match nothing.
  const policyValues: Resolved[] = [];
  for (const value of clause.values) {
    const resolved = resolveVariables(value, operator.variables ? vars : null);
    if (resolved !== null) policyValues.push(resolved);
  }
  // One context value against the ORed policy values, negation applied.
  const matchesOne = (contextValue: string): boolean => {
    const any = policyValues.some((policyValue) => operator.test(contextValue, policyValue));
    return operator.negated ? !any : any;
  };

  if (present.length === 0) {
    if (ifExists) return { match: true };
    if (set === 'ForAllValues:') return { match: true };
    if (set === 'ForAnyValue:') return { match: false };
    return { match: operator.negated };
  }
  if (set === 'ForAllValues:') return { match: present.every(matchesOne) };
  if (set === 'ForAnyValue:') return { match: present.some(matchesOne) };
  // A single-valued operator on a multivalued key: matches when any context value matches.
  const any = present.some((contextValue) => policyValues.some((p) => operator.test(contextValue, p)));
  return { match: operator.negated ? !any : any };
}

function parseNumber(text: string): number | undefined {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : undefined;
}

/** ISO-8601 (`2024-01-31`, `2024-01-31T12:00:00Z`) or epoch seconds, as milliseconds. */
function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? undefined : time;
}
