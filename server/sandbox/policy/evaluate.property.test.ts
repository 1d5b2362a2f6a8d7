import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate } from './evaluate.ts';
import type { ConditionClause, ContextKeys, Evaluation, EvaluationInput, Policy, PrincipalInfo, RequestContext, Statement } from './types.ts';

// Small vocabularies so that generated statements often match generated requests.
const ACCOUNT = '111122223333';
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const PRINCIPALS: PrincipalInfo[] = [
  { arn: USER_ARN, accountId: ACCOUNT },
  { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/s`, accountId: ACCOUNT, roleArn: ROLE_ARN },
];
const ACTIONS = ['s3:GetObject', 's3:PutObject', 'sts:AssumeRole', 'iam:GetUser'];
const ACTION_PATTERNS = ['*', 's3:*', 's3:Get*', 'S3:getobject', 'sts:AssumeRole', 'iam:Get?ser', 'ec2:*'];
const RESOURCES = ['*', 'arn:aws:s3:::bucket/a', 'arn:aws:s3:::bucket/b', USER_ARN, ROLE_ARN];
const RESOURCE_PATTERNS = ['*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a', `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`, `arn:aws:iam::${ACCOUNT}:role/*`];
const CONDITIONS: ConditionClause[][] = [
  [],
  [],
  [{ operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] }],
  [{ operator: 'BoolIfExists', key: 'aws:MultiFactorAuthPresent', values: ['false'] }],
  [{ operator: 'StringEquals', key: 'aws:username', values: ['alice'] }],
  [{ operator: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', values: ['3600'] }],
  [{ operator: 'BinaryEquals', key: 'aws:x', values: ['QQ=='] }], // unsupported: fails closed
];
const TRUST_PRINCIPALS = [USER_ARN, ROLE_ARN, ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, '*', '444455556666'];

const keysArb: fc.Arbitrary<ContextKeys> = fc.record({
  'aws:MultiFactorAuthPresent': fc.constantFrom('true', 'false', undefined),
  'aws:MultiFactorAuthAge': fc.constantFrom('120', '7200', undefined),
  'aws:username': fc.constantFrom('alice', 'bob', undefined),
});

const requestArb: fc.Arbitrary<RequestContext> = fc.record({
  principal: fc.constantFrom(...PRINCIPALS),
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  keys: keysArb,
});

function statementArb(effect?: 'Allow' | 'Deny', withPrincipal = false): fc.Arbitrary<Statement> {
  return fc.record({
    // Mostly Allow and plain Action / Resource, so that a fair share of requests end up Allowed.
    effect: effect ? fc.constant(effect) : fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Allow', 'Deny'),
    notAction: fc.constantFrom(false, false, false, true),
    actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 2 }),
    notResource: fc.constantFrom(false, false, false, true),
    resources: fc.uniqueArray(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
    conditions: fc.constantFrom(...CONDITIONS),
    principals: fc.uniqueArray(fc.constantFrom(...TRUST_PRINCIPALS), { minLength: 1, maxLength: 2 }),
  }).map((s) => ({
    effect: s.effect,
    ...(s.notAction ? { notActions: s.actions } : { actions: s.actions }),
    ...(withPrincipal ? {} : s.notResource ? { notResources: s.resources } : { resources: s.resources }),
    ...(withPrincipal ? { principals: { AWS: s.principals } } : {}),
    conditions: s.conditions,
  }));
}

const policyArb = (effect?: 'Allow' | 'Deny', withPrincipal = false): fc.Arbitrary<Policy> =>
  fc.array(statementArb(effect, withPrincipal), { maxLength: 4 }).map((statements) => ({ version: '2012-10-17', statements }));

const inputArb: fc.Arbitrary<EvaluationInput> = fc.record({
  request: requestArb,
  identityPolicies: fc.array(policyArb(), { minLength: 1, maxLength: 3 }),
  sessionPolicies: fc.option(fc.array(policyArb(), { maxLength: 2 }), { nil: undefined, freq: 2 }),
  boundary: fc.option(policyArb(), { nil: undefined, freq: 2 }),
  resourcePolicy: fc.option(policyArb(undefined, true), { nil: undefined }),
  resourcePolicyKind: fc.constantFrom<'trust' | 'resource' | undefined>('trust', 'resource', undefined),
  resourceAccountId: fc.constantFrom(ACCOUNT, ACCOUNT, ACCOUNT, '444455556666', undefined),
}, { requiredKeys: ['request', 'identityPolicies'] });

const RUNS = { numRuns: 300 };

/** The parts of a result that must not depend on statement or policy order. */
function outcome(result: Evaluation) {
  return { decision: result.decision, deniedBy: result.deniedBy, warnings: [...result.warnings].sort() };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function mapPolicies(input: EvaluationInput, change: (policy: Policy) => Policy): EvaluationInput {
  return {
    ...input,
    identityPolicies: input.identityPolicies.map(change),
    sessionPolicies: input.sessionPolicies?.map(change),
    boundary: input.boundary && change(input.boundary),
    resourcePolicy: input.resourcePolicy && change(input.resourcePolicy),
  };
}

test('adding an applicable Deny yields ExplicitlyDenied', () => {
  fc.assert(fc.property(inputArb, (input) => {
    const deny: Policy = {
      version: '2012-10-17',
      statements: [{ effect: 'Deny', actions: [input.request.action], resources: ['*'], conditions: [] }],
    };
    const result = evaluate({ ...input, identityPolicies: [...input.identityPolicies, deny] });
    assert.equal(result.decision, 'ExplicitlyDenied');
  }), RUNS);
});

test('adding any Deny statement never turns a denial into Allowed', () => {
  fc.assert(fc.property(inputArb, statementArb('Deny'), (input, deny) => {
    const before = evaluate(input).decision;
    const denyPolicy: Policy = { version: '2012-10-17', statements: [deny] };
    const after = evaluate({ ...input, identityPolicies: [...input.identityPolicies, denyPolicy] }).decision;
    if (after === 'Allowed') assert.equal(before, 'Allowed');
  }), RUNS);
});

test('removing every Allow yields a denial', () => {
  fc.assert(fc.property(inputArb, (input) => {
    const denyOnly = mapPolicies(input, (p) => ({ ...p, statements: p.statements.filter((s) => s.effect === 'Deny') }));
    assert.notEqual(evaluate(denyOnly).decision, 'Allowed');
  }), RUNS);
});

test('permuting statements or policies never changes the result', () => {
  fc.assert(fc.property(inputArb, fc.integer(), (input, seed) => {
    let state = seed >>> 0;
    const random = () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const permuted = mapPolicies(input, (p) => ({ ...p, statements: shuffle(p.statements, random) }));
    permuted.identityPolicies = shuffle(permuted.identityPolicies, random);
    permuted.sessionPolicies = permuted.sessionPolicies && shuffle(permuted.sessionPolicies, random);
    assert.deepEqual(outcome(evaluate(permuted)), outcome(evaluate(input)));
  }), RUNS);
});

test('Allow * on * with no Deny is Allowed', () => {
  fc.assert(fc.property(requestArb, fc.array(policyArb('Allow'), { maxLength: 3 }), (request, allows) => {
    const allowAll: Policy = { version: '2012-10-17', statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'], conditions: [] }] };
    const result = evaluate({ request, identityPolicies: [...allows, allowAll] });
    assert.equal(result.decision, 'Allowed');
  }), RUNS);
});

test('NotAction and NotResource are the complements of Action and Resource', () => {
  const patterns = (values: string[]) => fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 });
  fc.assert(fc.property(requestArb, patterns(ACTION_PATTERNS), patterns(RESOURCE_PATTERNS), (request, actions, resources) => {
    const allowed = (statement: Omit<Statement, 'effect' | 'conditions'>) => evaluate({
      request,
      identityPolicies: [{ version: '2012-10-17', statements: [{ effect: 'Allow', conditions: [], ...statement }] }],
    }).decision === 'Allowed';
    assert.notEqual(allowed({ actions, resources: ['*'] }), allowed({ notActions: actions, resources: ['*'] }));
    assert.notEqual(allowed({ actions: ['*'], resources }), allowed({ actions: ['*'], notResources: resources }));
  }), RUNS);
});

test('with a boundary, Allowed only if both the identity policies and the boundary allow', () => {
  fc.assert(fc.property(requestArb, fc.array(policyArb(), { maxLength: 3 }), policyArb(), (request, identityPolicies, boundary) => {
    const withBoundary = evaluate({ request, identityPolicies, boundary }).decision === 'Allowed';
    const identityAlone = evaluate({ request, identityPolicies }).decision === 'Allowed';
    const boundaryAlone = evaluate({ request, identityPolicies: [boundary] }).decision === 'Allowed';
    assert.equal(withBoundary, identityAlone && boundaryAlone);
  }), RUNS);
});
