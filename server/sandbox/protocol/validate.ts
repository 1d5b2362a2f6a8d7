/**
 * Parameter validation with AWS's ValidationError wording (aws-wire-protocol.md §7.1):
 * `1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint:
 * Member must …`. Each rule returns a clause or undefined; `check` joins the failures into one
 * error, as AWS does. Field names are the lowerCamel names AWS reports. It knows no operation.
 */
import { validationError } from '../errors.ts';

export type Clause = string | undefined;

export function check(...clauses: Clause[]): void {
  const failed = clauses.filter((c): c is string => c !== undefined);
  if (failed.length === 0) return;
  const head = failed.length === 1 ? '1 validation error detected: ' : `${failed.length} validation errors detected: `;
  throw validationError(head + failed.join('; '));
}

const show = (value: string | undefined) => (value === undefined ? 'null' : `'${value}'`);

export function required(value: string | undefined, field: string): Clause {
  return value === undefined ? `Value null at '${field}' failed to satisfy constraint: Member must not be null` : undefined;
}

export function length(value: string | undefined, field: string, min: number, max: number): Clause {
  if (value === undefined) return undefined;
  if ([...value].length < min) return `Value ${show(value)} at '${field}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`;
  if ([...value].length > max) return `Value ${show(value)} at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`;
  return undefined;
}

/** `source` is AWS's pattern as it appears in the message; it must match the whole value. */
export function pattern(value: string | undefined, field: string, source: string): Clause {
  if (value === undefined) return undefined;
  const re = new RegExp(`^(?:${source})$`, 'u');
  return re.test(value) ? undefined : `Value ${show(value)} at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${source}`;
}

export function range(value: string | undefined, field: string, min: number, max: number): Clause {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value)) return `Value ${show(value)} at '${field}' failed to satisfy constraint: Member must be an integer`;
  if (n < min) return `Value ${show(value)} at '${field}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`;
  if (n > max) return `Value ${show(value)} at '${field}' failed to satisfy constraint: Member must have value less than or equal to ${max}`;
  return undefined;
}

export function oneOf(value: string | undefined, field: string, allowed: string[]): Clause {
  if (value === undefined || allowed.includes(value)) return undefined;
  return `Value ${show(value)} at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`;
}

export function maxItems(count: number, field: string, max: number): Clause {
  return count > max ? `Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}` : undefined;
}
