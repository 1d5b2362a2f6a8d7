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
import { length, required } from '../../protocol/validate.ts';
import type { QueryCall } from '../query-call.ts';
import { allow } from './lookup.ts';
import { paginate } from './paging.ts';
import { readSimulationInput, type SimulationInput } from './simulate-input.ts';
import { evaluationResult } from './simulate-results.ts';
import { entityLayers, parseEntityArn, withInputs, type PolicyLayers } from './simulate-sources.ts';

export function simulatePrincipalPolicy(call: QueryCall) {
  const source = call.params.get('PolicySourceArn');
  const input = readSimulationInput(call.params, false, [required(source, 'policySourceArn'), length(source, 'policySourceArn', 20, 2048)]);
  const target = parseEntityArn(source!);
  if (!target) throw invalidInput(`Invalid Entity Arn: ${source} does not clearly define entity type and name.`);
  const account = call.principal.account;
  if (target.accountId !== account.id) {
    // Observed in public reports, for a role of another account.
    throw invalidInput(`Invalid Policy Source Arn: caller's account ${account.id} does not have access to policies in account ${target.accountId}`);
  }
  const entity = target.kind === 'user' ? account.users.get(target.name) : target.kind === 'role' ? account.roles.get(target.name) : undefined;
  allow(call, 'iam:SimulatePrincipalPolicy', entity?.arn ?? source!);
  if (!entity) throw noSuchEntity(`The ${target.kind} with name ${target.name} cannot be found.`);
  const callerArn = input.callerArn ?? (entity.kind === 'user' ? entity.arn : undefined);
  return simulate(call, input, withInputs(entityLayers(call.state, account, entity), input), callerArn);
}

export function simulateCustomPolicy(call: QueryCall) {
  const input = readSimulationInput(call.params, true, []);
  allow(call, 'iam:SimulateCustomPolicy', '*');
  return simulate(call, input, withInputs({ identity: [] }, input), input.callerArn);
}

function simulate(call: QueryCall, input: SimulationInput, layers: PolicyLayers, callerArn: string | undefined) {
  const account = call.principal.account;
  // A resource policy needs a caller its Principal element can name (observed wording).
  if (layers.resource && (callerArn === undefined || parseEntityArn(callerArn)?.kind !== 'user')) {
    throw invalidInput('Invalid caller - Caller must be an IAM user in this context.');
  }
  const caller: PrincipalInfo = { arn: callerArn ?? '', accountId: parseEntityArn(callerArn ?? '')?.accountId ?? account.id };
  const callerUser = callerArn === undefined ? undefined : [...account.users.values()].find((user) => user.arn === callerArn);
  if (callerUser) caller.userId = callerUser.id;

  const numbered = input.actions.map((action, index) => ({ action, key: String(index).padStart(6, '0') }));
  const { items, truncation } = paginate(numbered, (item) => item.key, call.params);
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
