/**
 * The policies IAM's policy simulator evaluates, labelled the way its answers name them: a
 * PolicySourceArn read as a user, role or group (anything else is AWS's `Invalid Entity Arn`),
 * the user's or role's inline policies (`user_<user>_<policy>`, `role_<role>_<policy>`), its
 * attached managed policies (by policy name) and its permissions boundary, plus the documents
 * passed in the request (`PolicyInputList.N`, `PermissionsBoundaryPolicyInputList.1`,
 * `ResourcePolicy`). SourcePolicyType is what AWS sends in practice (`IAM Policy`, `Permissions
 * Boundary Policy`, `Resource Policy`, observed in public reports) rather than the model's enum.
 * It looks entities up but decides nothing about access.
 */
import type { Sourced } from '../../policy/explain.ts';
import { statementSpans, type StatementSpan } from '../../policy/statement-positions.ts';
import type { SandboxState } from '../../state.ts';
import type { Account, PolicyDocument, Role, User } from '../../store.ts';
import type { SimulationInput } from './simulate-input.ts';

export interface PolicySource {
  id: string;
  type: 'IAM Policy' | 'Permissions Boundary Policy' | 'Resource Policy';
  /** Where each statement sits in the document's text, when it can be located. */
  spans?: StatementSpan[];
}

export type SourcedPolicy = Sourced<PolicySource>;

export interface PolicyLayers {
  identity: SourcedPolicy[];
  boundary?: SourcedPolicy;
  resource?: SourcedPolicy;
}

export interface EntityArn {
  accountId: string;
  kind: 'user' | 'role' | 'group';
  name: string;
}

/** `arn:aws:iam::ACCT:user|role|group/<path>/<name>`; undefined for anything else. */
export function parseEntityArn(arn: string): EntityArn | undefined {
  const match = /^arn:aws:iam::(\d{12}):(user|role|group)(?:\/[^/]+)*\/([\w+=,.@-]+)$/.exec(arn);
  return match ? { accountId: match[1], kind: match[2] as EntityArn['kind'], name: match[3] } : undefined;
}

export function labelled(document: PolicyDocument, id: string, type: PolicySource['type']): SourcedPolicy {
  const spans = statementSpans(document.text);
  return { policy: document.parsed, source: { id, type, ...(spans ? { spans } : {}) } };
}

/** The entity's own policies: inline, then attached managed; its boundary, if it has one. */
export function entityLayers(state: SandboxState, account: Account, entity: User | Role): PolicyLayers {
  const identity: SourcedPolicy[] = [];
  for (const [name, document] of entity.inlinePolicies) identity.push(labelled(document, `${entity.kind}_${entity.name}_${name}`, 'IAM Policy'));
  for (const arn of entity.attachedPolicies) {
    const found = managedDocument(state, account, arn);
    if (found) identity.push(labelled(found.document, found.name, 'IAM Policy'));
  }
  const boundary = entity.permissionsBoundary ? managedDocument(state, account, entity.permissionsBoundary) : undefined;
  return { identity, ...(boundary ? { boundary: labelled(boundary.document, boundary.name, 'Permissions Boundary Policy') } : {}) };
}

/**
 * The request's own documents on top of `base`: PolicyInputList adds identity policies,
 * PermissionsBoundaryPolicyInputList replaces the entity's boundary, ResourcePolicy is the
 * resource's policy.
 */
export function withInputs(base: PolicyLayers, input: SimulationInput): PolicyLayers {
  const identity = [...base.identity, ...input.policyInputs.map((d, i) => labelled(d, `PolicyInputList.${i + 1}`, 'IAM Policy'))];
  const boundary = input.boundaryInput ? labelled(input.boundaryInput, 'PermissionsBoundaryPolicyInputList.1', 'Permissions Boundary Policy') : base.boundary;
  const resource = input.resourcePolicy ? labelled(input.resourcePolicy, 'ResourcePolicy', 'Resource Policy') : undefined;
  return { identity, ...(boundary ? { boundary } : {}), ...(resource ? { resource } : {}) };
}

function managedDocument(state: SandboxState, account: Account, arn: string) {
  const policy = account.policies.get(arn) ?? state.store.awsManagedPolicies.get(arn);
  const version = policy?.versions.get(policy.defaultVersionId);
  return policy && version ? { name: policy.name, document: version.document } : undefined;
}
