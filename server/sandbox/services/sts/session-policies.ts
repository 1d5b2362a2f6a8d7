/**
 * Session policies as AssumeRole and GetFederationToken take them: the inline `Policy` (parsed
 * as a session policy, MalformedPolicyDocument on error) and the managed `PolicyArns` (customer
 * managed policies of the caller's account, or AWS managed ones), plus the PackedPolicySize
 * AWS reports when session policies or tags were passed. It authorizes nothing.
 */
import { AwsError, malformedPolicy } from '../../errors.ts';
import { parsePolicy, PolicyError } from '../../policy/parse.ts';
import type { SandboxState } from '../../state.ts';
import type { ManagedPolicy, PolicyDocument, Tag } from '../../store.ts';

export function sessionPoliciesFrom(
  state: SandboxState,
  customer: Map<string, ManagedPolicy>,
  policyText: string | undefined,
  policyArns: string[],
): PolicyDocument[] {
  const documents: PolicyDocument[] = [];
  if (policyText !== undefined) {
    try {
      documents.push({ text: policyText, parsed: parsePolicy(policyText, 'session') });
    } catch (error) {
      if (error instanceof PolicyError) throw malformedPolicy(error.message);
      throw error;
    }
  }
  for (const arn of policyArns) {
    const policy = customer.get(arn) ?? state.store.awsManagedPolicies.get(arn);
    const document = policy?.versions.get(policy.defaultVersionId)?.document;
    if (!document) throw new AwsError('InvalidParameterValue', `Invalid policy ARN: ${arn}. The policy does not exist.`, 400);
    documents.push(document);
  }
  return documents;
}

/** Whether the answer carries PackedPolicySize: only when session policies or tags were passed. */
export function packsPolicies(policyText: string | undefined, policyArns: string[], tags: Tag[]): boolean {
  return policyText !== undefined || policyArns.length > 0 || tags.length > 0;
}

/** AWS reports the packed size as a percentage of the allowed upper size. */
export function packedPolicySize(policyText: string | undefined, arns: string[], tags: Tag[]): number {
  const bytes = (policyText?.replace(/\s+/g, '').length ?? 0) + arns.join('').length + tags.reduce((n, t) => n + t.Key.length + t.Value.length, 0);
  return Math.max(1, Math.min(100, Math.ceil((bytes / 2048) * 100)));
}
