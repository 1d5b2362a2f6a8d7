/**
 * The request parameters SimulatePrincipalPolicy and SimulateCustomPolicy share, read and
 * checked: ActionNames, ResourceArns, ContextEntries (name, values, type), PolicyInputList,
 * PermissionsBoundaryPolicyInputList (at most one), ResourcePolicy, ResourceOwner, CallerArn,
 * ResourceHandlingOption (accepted, not used), MaxItems and Marker. Shape errors are AWS's
 * ValidationError with the model's limits; documents that do not parse and values the simulator
 * cannot use are InvalidInput. It does not resolve PolicySourceArn or evaluate anything.
 */
import { invalidInput } from '../../errors.ts';
import { parsePolicy, PolicyError, type PolicyKind } from '../../policy/parse.ts';
import type { ContextKeys } from '../../policy/types.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { check, length, oneOf, pattern, range, required, type Clause } from '../../protocol/validate.ts';
import type { PolicyDocument } from '../../store.ts';
import { DOCUMENT_PATTERN } from './names.ts';

export interface SimulationInput {
  actions: string[];
  /** Undefined when ResourceArns was not given (the simulation then uses `*`). */
  resources?: string[];
  /** The context of every simulated request: the ContextEntries, nothing else. */
  keys: ContextKeys;
  policyInputs: PolicyDocument[];
  boundaryInput?: PolicyDocument;
  resourcePolicy?: PolicyDocument;
  callerArn?: string;
  /** The account of ResourceOwner (`arn:aws:iam::ACCT:root`), when given. */
  resourceOwner?: string;
}

const CONTEXT_TYPES = ['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList'];

/**
 * `policyInputsRequired`: SimulateCustomPolicy's PolicyInputList is required; `extra`: the
 * operation's own clauses (PolicySourceArn), reported in the same ValidationError.
 */
export function readSimulationInput(params: QueryParams, policyInputsRequired: boolean, extra: Clause[]): SimulationInput {
  const actions = params.strings('ActionNames');
  const resources = params.strings('ResourceArns');
  const entries = params.members('ContextEntries');
  const policyInputs = params.strings('PolicyInputList');
  const boundaries = params.strings('PermissionsBoundaryPolicyInputList');
  const resourcePolicy = params.get('ResourcePolicy');
  const owner = params.get('ResourceOwner');
  const callerArn = params.get('CallerArn');
  const marker = params.get('Marker');
  check(
    ...extra,
    policyInputsRequired && policyInputs.length === 0 ? required(undefined, 'policyInputList') : undefined,
    ...policyInputs.flatMap((text, i) => documentClauses(text, `policyInputList.${i + 1}.member`)),
    ...boundaries.flatMap((text, i) => documentClauses(text, `permissionsBoundaryPolicyInputList.${i + 1}.member`)),
    actions.length === 0 ? required(undefined, 'actionNames') : undefined,
    ...actions.map((action, i) => length(action, `actionNames.${i + 1}.member`, 3, 128)),
    ...resources.map((arn, i) => length(arn, `resourceArns.${i + 1}.member`, 1, 2048)),
    ...documentClauses(resourcePolicy, 'resourcePolicy'),
    length(owner, 'resourceOwner', 1, 2048),
    length(callerArn, 'callerArn', 1, 2048),
    ...entries.flatMap((entry, i) => [
      length(entry.ContextKeyName, `contextEntries.${i + 1}.member.contextKeyName`, 5, 256),
      oneOf(entry.ContextKeyType, `contextEntries.${i + 1}.member.contextKeyType`, CONTEXT_TYPES),
    ]),
    length(params.get('ResourceHandlingOption'), 'resourceHandlingOption', 1, 64),
    range(params.get('MaxItems'), 'maxItems', 1, 1000),
    length(marker, 'marker', 1, 320),
    pattern(marker, 'marker', '[\\u0020-\\u00FF]+'),
  );

  // Beyond the model: what the simulator itself refuses (wording unconfirmed unless noted).
  for (const action of actions) {
    if (!/^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/.test(action)) throw invalidInput('Invalid action name');
  }
  if (boundaries.length > 1) throw invalidInput('The list of Permissions Boundary policies cannot exceed 1 items.');
  // Observed in public reports: `'123456789012' is not a valid as a Resource Owner.`
  const ownerAccount = owner === undefined ? undefined : /^arn:aws:iam::(\d{12}):root$/.exec(owner)?.[1];
  if (owner !== undefined && ownerAccount === undefined) throw invalidInput(`'${owner}' is not a valid as a Resource Owner.`);

  return {
    actions,
    ...(resources.length > 0 ? { resources } : {}),
    keys: contextKeys(entries),
    policyInputs: policyInputs.map((text) => document(text, 'identity')),
    ...(boundaries.length === 1 ? { boundaryInput: document(boundaries[0], 'identity') } : {}),
    ...(resourcePolicy !== undefined ? { resourcePolicy: document(resourcePolicy, 'resource') } : {}),
    ...(callerArn !== undefined ? { callerArn } : {}),
    ...(ownerAccount !== undefined ? { resourceOwner: ownerAccount } : {}),
  };
}

function documentClauses(text: string | undefined, field: string): Clause[] {
  return [length(text, field, 1, 131072), pattern(text, field, DOCUMENT_PATTERN)];
}

/** A document the simulator cannot parse is InvalidInput (the operation has no MalformedPolicyDocument). */
function document(text: string, kind: PolicyKind): PolicyDocument {
  try {
    return { text, parsed: parsePolicy(text, kind) };
  } catch (error) {
    if (error instanceof PolicyError) throw invalidInput(error.message);
    throw error;
  }
}

/**
 * ContextEntries as request context keys: list types give every value, the others their one
 * value; without a type, one value is a string and several a list. A later entry for the same
 * key replaces an earlier one.
 */
function contextKeys(entries: Record<string, string>[]): ContextKeys {
  const keys: ContextKeys = Object.create(null);
  for (const entry of entries) {
    const name = entry.ContextKeyName;
    if (name === undefined) throw invalidInput('Context entry is missing ContextKeyName.');
    const values = Object.keys(entry)
      .map((field) => /^ContextKeyValues\.member\.([1-9][0-9]*)$/.exec(field))
      .filter((match): match is RegExpExecArray => match !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]))
      .map((match) => entry[match[0]]);
    const type = entry.ContextKeyType ?? (values.length > 1 ? 'stringList' : 'string');
    if (type.endsWith('List')) {
      keys[name] = values;
    } else if (values.length > 1) {
      throw invalidInput(`Context key ${name} of type ${type} takes one value.`);
    } else if (values.length === 1) {
      keys[name] = values[0];
    }
  }
  return keys;
}
