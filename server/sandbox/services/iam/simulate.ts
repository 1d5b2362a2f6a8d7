/**
 * IAM's policy simulator: SimulatePrincipalPolicy (the policies of the user or role a
 * PolicySourceArn names, plus any given in the request) and SimulateCustomPolicy (only the
 * policies given). Each action is simulated on each resource (`*` when ResourceArns is absent)
 * with the sandbox's own evaluator; the request context is exactly the ContextEntries, as in
 * AWS, so a condition on a key not supplied is reported in MissingContextValues. Results page
 * per action (MaxItems / Marker). Errors as AWS words them: AccessDenied for a caller without
 * iam:SimulatePrincipalPolicy on the entity (or iam:SimulateCustomPolicy), `Invalid Entity
 * Arn` for an ARN that is not a user, role or group, NoSuchEntity for one that does not exist.
 * Not simulated: group membership (the sandbox has no groups), SCPs, PolicyExclusionList,
 * ResourceHandlingOption scenarios, and the cross-account EvalDecisionDetails breakdown.
 */
import { invalidInput, noSuchEntity } from '../../errors.ts';
import { explain } from '../../policy/explain.ts';
import type { PrincipalInfo } from '../../policy/types.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { length, required } from '../../protocol/validate.ts';
import type { Account } from '../../store.ts';
import { queryOperation, type Call } from '../operation.ts';
import { paginate } from './paging.ts';
import { readSimulationInput, type SimulationInput } from './simulate-input.ts';
import { evaluationResult } from './simulate-results.ts';
import { entityLayers, parseEntityArn, withInputs, type EntityArn, type PolicyLayers } from './simulate-sources.ts';

/** The user or role the PolicySourceArn names, if it exists. */
function sourceEntity(account: Account, target: EntityArn) {
  return target.kind === 'user' ? account.users.get(target.name) : target.kind === 'role' ? account.roles.get(target.name) : undefined;
}

export const simulatePrincipalPolicy = queryOperation({
  input(params, { principal }) {
    const source = params.get('PolicySourceArn');
    const simulation = readSimulationInput(params, false, [required(source, 'policySourceArn'), length(source, 'policySourceArn', 20, 2048)]);
    const target = parseEntityArn(source!);
    if (!target) throw invalidInput(`Invalid Entity Arn: ${source} does not clearly define entity type and name.`);
    const account = principal.account;
    if (target.accountId !== account.id) {
      // Observed in public reports, for a role of another account.
      throw invalidInput(`Invalid Policy Source Arn: caller's account ${account.id} does not have access to policies in account ${target.accountId}`);
    }
    return { source: source!, target, simulation, params };
  },
  access: {
    action: 'iam:SimulatePrincipalPolicy',
    resource: ({ source, target }, { principal }) => sourceEntity(principal.account, target)?.arn ?? source,
  },
  invoke({ target, simulation, params }, call) {
    const account = call.principal.account;
    const entity = sourceEntity(account, target);
    if (!entity) throw noSuchEntity(`The ${target.kind} with name ${target.name} cannot be found.`);
    const callerArn = simulation.callerArn ?? (entity.kind === 'user' ? entity.arn : undefined);
    return simulate(call, params, simulation, withInputs(entityLayers(call.state, account, entity), simulation), callerArn);
  },
  example: { PolicySourceArn: 'arn:aws:iam::123456789012:user/alice', ActionNames: ['s3:ListBucket'] },
});

export const simulateCustomPolicy = queryOperation({
  input: (params) => ({ simulation: readSimulationInput(params, true, []), params }),
  access: { action: 'iam:SimulateCustomPolicy', resource: () => '*' },
  invoke: ({ simulation, params }, call) => simulate(call, params, simulation, withInputs({ identity: [] }, simulation), simulation.callerArn),
  example: {
    PolicyInputList: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] })],
    ActionNames: ['s3:ListBucket'],
  },
});

function simulate(call: Call, params: QueryParams, input: SimulationInput, layers: PolicyLayers, callerArn: string | undefined) {
  const account = call.principal.account;
  // A resource policy needs a caller its Principal element can name (observed wording).
  if (layers.resource && (callerArn === undefined || parseEntityArn(callerArn)?.kind !== 'user')) {
    throw invalidInput('Invalid caller - Caller must be an IAM user in this context.');
  }
  const caller: PrincipalInfo = { arn: callerArn ?? '', accountId: parseEntityArn(callerArn ?? '')?.accountId ?? account.id };
  const callerUser = callerArn === undefined ? undefined : [...account.users.values()].find((user) => user.arn === callerArn);
  if (callerUser) caller.userId = callerUser.id;

  const numbered = input.actions.map((action, index) => ({ action, key: String(index).padStart(6, '0') }));
  const { items, truncation } = paginate(numbered, (item) => item.key, params);
  return {
    EvaluationResults: items.map(({ action }) =>
      evaluationResult(action, input.resources, (resource) =>
        explain({
          request: { principal: caller, action, resource, keys: input.keys },
          identity: layers.identity,
          boundary: layers.boundary,
          resource: layers.resource,
          resourceAccountId: input.resourceOwner ?? account.id,
        }))),
    ...truncation,
  };
}
