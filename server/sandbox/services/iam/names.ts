/**
 * IAM names, paths and ARNs: the validation clauses for every name-like parameter IAM takes
 * (user, role and policy names, paths, path prefixes, MFA serial numbers, policy documents),
 * with the patterns and lengths of AWS's own model so that the ValidationError text is AWS's,
 * and the ARN builders (IAM ARNs include the path: `arn:aws:iam::ACCT:user/sts-workshop/alice`).
 * It validates shapes only; whether an entity exists is for lookup.ts.
 */
import { validationError } from '../../errors.ts';
import { length, pattern, required, type Clause } from '../../protocol/validate.ts';

export const NAME_PATTERN = '[\\w+=,.@-]+';
export const PATH_PATTERN = '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)';
export const PATH_PREFIX_PATTERN = '\\u002F[\\u0021-\\u007F]*';
export const POLICY_PATH_PATTERN = '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/';
export const SERIAL_PATTERN = '[\\w+=/:,.@-]+';
export const DOCUMENT_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';
export const DESCRIPTION_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*';
export const VERSION_PATTERN = 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?';

/** A required or optional name: `[\w+=,.@-]+`, 1..max characters. */
export function nameClauses(value: string | undefined, field: string, max: number, optional = false): Clause[] {
  return [optional ? undefined : required(value, field), length(value, field, 1, max), pattern(value, field, NAME_PATTERN)];
}

/** `Path` of a user, role or MFA device. */
export function pathClauses(value: string | undefined, field = 'path'): Clause[] {
  return [length(value, field, 1, 512), pattern(value, field, PATH_PATTERN)];
}

/** `Path` of a managed policy. */
export function policyPathClauses(value: string | undefined, field = 'path'): Clause[] {
  return [length(value, field, 1, 512), pattern(value, field, POLICY_PATH_PATTERN)];
}

/**
 * `PathPrefix` of the policy lists (ListPolicies, ListAttached*Policies): AWS answers a bad one
 * with its own sentence rather than the pattern (observed: aws/aws-sdk#36).
 */
export function checkPolicyPathPrefix(value: string | undefined): void {
  if (value === undefined) return;
  if (value.length > 512 || !new RegExp(`^(?:${POLICY_PATH_PATTERN})$`).test(value)) {
    throw validationError('The specified value for pathPrefix is invalid. It must begin with the / character and contain only alphanumeric characters and/or / characters.');
  }
}

/** `PathPrefix` of ListUsers and ListRoles. */
export function pathPrefixClauses(value: string | undefined): Clause[] {
  return [length(value, 'pathPrefix', 1, 512), pattern(value, 'pathPrefix', PATH_PREFIX_PATTERN)];
}

export function serialClauses(value: string | undefined, field = 'serialNumber'): Clause[] {
  return [required(value, field), length(value, field, 9, 256), pattern(value, field, SERIAL_PATTERN)];
}

export function documentClauses(value: string | undefined, field: string): Clause[] {
  return [required(value, field), length(value, field, 1, 131072), pattern(value, field, DOCUMENT_PATTERN)];
}

export function arnClauses(value: string | undefined, field: string, optional = false): Clause[] {
  return [optional ? undefined : required(value, field), length(value, field, 20, 2048)];
}

export function versionClauses(value: string | undefined): Clause[] {
  return [required(value, 'versionId'), pattern(value, 'versionId', VERSION_PATTERN)];
}

export const userArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:user${path}${name}`;
export const roleArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:role${path}${name}`;
export const policyArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:policy${path}${name}`;
export const mfaSerial = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:mfa${path}${name}`;

/** `arn:aws:iam::<account or aws>:policy/<path…>/<name>`, or undefined when the ARN is not a policy ARN. */
export function parsePolicyArn(arn: string): { owner: string; path: string; name: string } | undefined {
  const match = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/.exec(arn);
  return match ? { owner: match[1], path: match[2], name: match[3] } : undefined;
}

/** IAM names are unique without regard to case ("ADMIN" and "admin" cannot both exist). */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
