/**
 * Policy documents on IAM's write and read paths: parsing a document as an identity or trust
 * policy (PolicyError becomes MalformedPolicyDocument with AWS's text), checking that every IAM
 * user or role a trust policy names exists (and, under the propagation simulation, is already
 * visible), and URL-encoding documents for responses as IAM does (aws-wire-protocol.md §5).
 * The grammar itself lives in policy/parse.ts; this module does not evaluate anything.
 */
import { malformedPolicy } from '../../errors.ts';
import { parsePolicy, PolicyError, type PolicyKind } from '../../policy/parse.ts';
import type { Policy } from '../../policy/types.ts';
import type { SandboxState } from '../../state.ts';
import type { PolicyDocument } from '../../store.ts';

export function parseDocument(text: string, kind: PolicyKind): PolicyDocument {
  try {
    return { text, parsed: parsePolicy(text, kind) };
  } catch (error) {
    if (error instanceof PolicyError) throw malformedPolicy(error.message);
    throw error;
  }
}

/** Parses a trust policy and refuses IAM user or role principals that do not exist (yet). */
export function parseTrustDocument(state: SandboxState, text: string): PolicyDocument {
  const document = parseDocument(text, 'trust');
  checkPrincipalsExist(state, document.parsed);
  return document;
}

const IAM_PRINCIPAL = /^arn:aws:iam::(\d{12}):(user|role)(\/.*)$/;

function checkPrincipalsExist(state: SandboxState, policy: Policy): void {
  const now = state.clock.now();
  for (const statement of policy.statements) {
    for (const block of [statement.principals, statement.notPrincipals]) {
      if (!block || block === '*') continue;
      for (const value of block.AWS ?? []) {
        const match = IAM_PRINCIPAL.exec(value);
        if (!match) continue;
        const invalid = () => malformedPolicy(`Invalid principal in policy: "AWS":"${value}"`);
        if (value.includes('*') || value.includes('?')) throw invalid();
        const account = state.store.accounts.get(match[1]);
        // Accounts the sandbox does not hold cannot be checked; AWS would, the sandbox cannot.
        if (!account) continue;
        const entities = match[2] === 'user' ? account.users.values() : account.roles.values();
        const entity = [...entities].find((e) => e.arn === value);
        if (!entity || now < entity.usableAt) throw invalid();
      }
    }
  }
}

/** Policy documents travel URL-encoded in IAM responses; SDK v3 callers decodeURIComponent them. */
export function encodeDocument(text: string): string {
  return encodeURIComponent(text);
}

/** IAM's policy size counts characters other than whitespace. */
export function policySize(text: string): number {
  return text.replace(/\s+/g, '').length;
}
