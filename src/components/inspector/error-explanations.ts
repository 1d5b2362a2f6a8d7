/**
 * One plain sentence for every error a lesson can meet: why it happened and what would allow the
 * call. Rules are keyed by AWS error code (the SDK's "…Exception" class names are looked up
 * without that suffix), narrowed where needed by service, operation or a pattern in AWS's
 * message (an MFA refusal and a missing trust are both AccessDenied); network failures are found
 * by their Node error code in the message. Covers every code the sandbox can return (a test
 * derives them from server/sandbox) and the SDK's and AWS's usual ones. Pure; no DOM, and no
 * advice on what to click (render-event.ts's errorHint does that for MFA codes).
 */
import { ACCESS_RULES } from './access-rules.ts';
import { SERVICE_RULES } from './service-rules.ts';

export interface ErrorContext {
  /** The error's name as the event carries it: "AccessDenied", "NoSuchEntityException", "TimeoutError". */
  name: string;
  message: string;
  /** "STS", "IAM", "S3" (or "STSClient"…), when the failed call is known. */
  service?: string;
  operation?: string;
}

export interface Rule {
  codes: string[];
  service?: string;
  operation?: RegExp;
  message?: RegExp;
  explain: string | ((match: RegExpExecArray) => string);
}

/** Every rule, in the order they are tried: access (access-rules.ts), then the rest (service-rules.ts). */
const RULES: Rule[] = [...ACCESS_RULES, ...SERVICE_RULES];

function base(code: string): string {
  return code.replace(/Exception$/, '');
}

/** The sentence for this error, or undefined when nothing is known about it (a Stop, a code bug). */
export function explainError(error: ErrorContext): string | undefined {
  const name = error.name.trim();
  const service = error.service?.replace(/Client$/, '').toLowerCase();
  const operation = error.operation?.replace(/Command$/, '');
  for (const rule of RULES) {
    const named = rule.codes.includes('*') || rule.codes.some((code) => code === name || base(code) === base(name));
    if (!named) continue;
    if (rule.service && rule.service !== service) continue;
    if (rule.operation && !(operation && rule.operation.test(operation))) continue;
    let match: RegExpExecArray | null = null;
    if (rule.message) {
      match = rule.message.exec(error.message);
      if (!match) continue;
    }
    return typeof rule.explain === 'string' ? rule.explain : rule.explain(match ?? ([] as unknown as RegExpExecArray));
  }
  return undefined;
}

/** Every code the table names (for the coverage test and for documentation). */
export const explainedCodes: readonly string[] = [...new Set(RULES.flatMap((rule) => rule.codes).filter((code) => code !== '*'))];
