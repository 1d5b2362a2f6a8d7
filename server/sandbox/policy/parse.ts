/**
 * Parses and validates an IAM policy document (identity, trust, session or resource policy)
 * the way IAM does on write (CreatePolicy, PutUserPolicy, CreateRole, AssumeRole `Policy`),
 * and returns it in the normalised form of `types.ts`: every list-or-string element becomes a
 * list, condition values become strings. Invalid documents throw `PolicyError`, whose message
 * is AWS's `MalformedPolicyDocument` text. It does not check that action names exist, that
 * named principals exist, or policy size limits; the caller (the IAM service) does that.
 */
import type { ConditionClause, Policy, PolicyKind, PrincipalBlock, Statement } from './types.ts';

export type { PolicyKind } from './types.ts';

/** A `MalformedPolicyDocument` error; `message` is AWS's exact text. */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

const SYNTAX = 'Syntax errors in policy.';
const VERSIONS = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL_FIELDS = ['Version', 'Id', 'Statement'];
const STATEMENT_FIELDS = [
  'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition',
];
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function parsePolicy(text: string, kind: PolicyKind): Policy {
  let document: Json;
  try {
    document = JSON.parse(text) as Json;
  } catch {
    throw new PolicyError(SYNTAX);
  }
  rejectForbiddenKeys(document);
  if (!isObject(document)) throw new PolicyError(SYNTAX);
  rejectUnknownFields(document, TOP_LEVEL_FIELDS);

  const version = document.Version === undefined ? '2008-10-17' : document.Version;
  if (typeof version !== 'string') throw new PolicyError(SYNTAX);
  if (!VERSIONS.includes(version)) {
    throw new PolicyError('Policy document must be version 2012-10-17 or greater.');
  }
  if (document.Id !== undefined && typeof document.Id !== 'string') throw new PolicyError(SYNTAX);

  const raw = document.Statement;
  if (raw === undefined) throw new PolicyError(SYNTAX);
  const list = Array.isArray(raw) ? raw : [raw];
  return { version, statements: list.map((item) => parseStatement(item, kind)) };
}

function parseStatement(raw: Json, kind: PolicyKind): Statement {
  if (!isObject(raw)) throw new PolicyError(SYNTAX);
  rejectUnknownFields(raw, STATEMENT_FIELDS);

  if (raw.Sid !== undefined && typeof raw.Sid !== 'string') throw new PolicyError(SYNTAX);
  if (typeof raw.Effect !== 'string') throw new PolicyError(SYNTAX);
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    throw new PolicyError(`Invalid effect: ${raw.Effect}`);
  }
  const statement: Statement = { effect: raw.Effect, conditions: [] };
  if (raw.Sid !== undefined) statement.sid = raw.Sid;

  // Action / NotAction: exactly one, every name prefixed by its service.
  if (raw.Action !== undefined && raw.NotAction !== undefined) throw new PolicyError(SYNTAX);
  const actions = stringList(raw.Action ?? raw.NotAction);
  if (actions === undefined || actions.length === 0) {
    throw new PolicyError('Policy statement must contain actions.');
  }
  for (const action of actions) {
    if (action !== '*' && !/^[^:]+:.+$/.test(action)) throw vendorError();
  }
  if (raw.Action !== undefined) statement.actions = actions;
  else statement.notActions = actions;

  // Resource / NotResource: required in identity and session policies, prohibited in trust policies.
  if (raw.Resource !== undefined && raw.NotResource !== undefined) throw new PolicyError(SYNTAX);
  if (kind === 'trust') {
    if (raw.Resource !== undefined) throw new PolicyError('Has prohibited field Resource.');
    if (raw.NotResource !== undefined) throw new PolicyError('Has prohibited field NotResource.');
  }
  const resourceValue = raw.Resource ?? raw.NotResource;
  if (resourceValue !== undefined) {
    const resources = stringList(resourceValue);
    if (resources === undefined) throw new PolicyError(SYNTAX);
    if (resources.length === 0) throw new PolicyError('Policy statement must contain resources.');
    if (raw.Resource !== undefined) statement.resources = resources;
    else statement.notResources = resources;
  } else if (kind === 'identity' || kind === 'session') {
    throw new PolicyError('Policy statement must contain resources.');
  }

  // Principal / NotPrincipal: required in trust and resource policies, prohibited elsewhere.
  if (raw.Principal !== undefined && raw.NotPrincipal !== undefined) throw new PolicyError(SYNTAX);
  if (kind === 'identity' || kind === 'session') {
    if (raw.Principal !== undefined) throw new PolicyError('Has prohibited field Principal.');
    if (raw.NotPrincipal !== undefined) throw new PolicyError('Has prohibited field NotPrincipal.');
  } else if (raw.Principal === undefined && raw.NotPrincipal === undefined) {
    throw new PolicyError('Missing required field Principal.');
  }
  if (raw.Principal !== undefined) statement.principals = parsePrincipal(raw.Principal);
  if (raw.NotPrincipal !== undefined) statement.notPrincipals = parsePrincipal(raw.NotPrincipal);

  if (raw.Condition !== undefined) statement.conditions = parseCondition(raw.Condition);
  return statement;
}

/** `"*"` or `{ "AWS": …, "Service": …, "Federated": …, "CanonicalUser": … }`. */
function parsePrincipal(raw: Json): PrincipalBlock | '*' {
  if (raw === '*') return '*';
  if (!isObject(raw)) throw new PolicyError(SYNTAX);
  rejectUnknownFields(raw, PRINCIPAL_TYPES);
  const block: PrincipalBlock = {};
  for (const type of PRINCIPAL_TYPES) {
    if (raw[type] === undefined) continue;
    const values = stringList(raw[type]);
    if (values === undefined || values.length === 0) throw new PolicyError(SYNTAX);
    if (type === 'AWS') {
      for (const value of values) {
        if (!isAwsPrincipal(value)) throw new PolicyError(`Invalid principal in policy: "AWS":"${value}"`);
      }
    }
    block[type] = values;
  }
  if (Object.keys(block).length === 0) throw new PolicyError(SYNTAX);
  return block;
}

/** `*`, a 12-digit account ID, an ARN, or a unique ID (`AIDA…`, `AROA…`). */
function isAwsPrincipal(value: string): boolean {
  return value === '*' || /^\d{12}$/.test(value) || value.startsWith('arn:') || /^A[A-Z0-9]{15,}$/.test(value);
}

/** `{ Operator: { key: value | values } }` -> one clause per (operator, key). */
function parseCondition(raw: Json): ConditionClause[] {
  if (!isObject(raw)) throw new PolicyError(SYNTAX);
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    if (!/^(ForAnyValue:|ForAllValues:)?[A-Za-z]+$/.test(operator)) throw new PolicyError(SYNTAX);
    if (!isObject(block)) throw new PolicyError(SYNTAX);
    for (const [key, value] of Object.entries(block)) {
      if (!/^[^:]+:.+$/.test(key)) throw vendorError();
      const values = conditionValues(value);
      if (values === undefined) throw new PolicyError(SYNTAX);
      clauses.push({ operator, key, values });
    }
  }
  return clauses;
}

/** A string, boolean or number, or a non-empty list of them, as strings. */
function conditionValues(raw: Json): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) return undefined;
  const values: string[] = [];
  for (const item of list) {
    if (typeof item === 'string' || typeof item === 'boolean' || typeof item === 'number') {
      values.push(String(item));
    } else {
      return undefined;
    }
  }
  return values;
}

/** A string or list of strings as a list; `undefined` when absent; throws on anything else. */
function stringList(raw: Json | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return raw as string[];
  throw new PolicyError(SYNTAX);
}

function vendorError(): PolicyError {
  return new PolicyError('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknownFields(object: JsonObject, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new PolicyError(SYNTAX);
  }
}

/** Keys that could reach an object's prototype are refused anywhere in the document. */
function rejectForbiddenKeys(value: Json): void {
  if (Array.isArray(value)) {
    value.forEach(rejectForbiddenKeys);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.includes(key)) throw new PolicyError(SYNTAX);
      rejectForbiddenKeys(child);
    }
  }
}
