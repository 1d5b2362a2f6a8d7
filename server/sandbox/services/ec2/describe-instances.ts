/**
 * EC2 DescribeInstances: the caller's account's instances (instances.ts) in the region the
 * request is signed for, one reservation each, in id order. `InstanceId.N` must be well formed
 * (`i-` and 8 or 17 hex digits; else InvalidInstanceID.Malformed, before anything is authorized)
 * and must exist (else InvalidInstanceID.NotFound naming every missing one, after authorization,
 * so a caller without permission learns nothing). Filters (filters.ts): the instance's ids,
 * state, type, addresses, DNS names, zone, group, `tag:<key>`, `tag-key`, `tag-value`.
 * MaxResults 5–1000 pages with NextToken ("Value ( 3 ) for parameter maxResults is invalid.
 * Expecting a value greater than 5.", observed; the upper bound's wording, InstanceIds with
 * MaxResults and a bad token are unconfirmed). DryRun answers DryRunOperation once authorized.
 * Authorized as `ec2:DescribeInstances` on `*`, with the `ec2:Region` condition key.
 */
import { AwsError } from '../../errors.ts';
import { queryOperation } from '../operation.ts';
import { dryRunOperation, instancesNotFound, invalidParameterValue, malformedInstanceId } from './ec2-errors.ts';
import { passes, readFilters, type Filter } from './filters.ts';
import { instancesIn, wireInstance, type Instance } from './instances.ts';

interface Input {
  instanceIds: string[];
  filters: Filter[];
  maxResults?: number;
  offset: number;
  dryRun: boolean;
}

const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

const FIELDS: Record<string, (i: Instance) => (string | undefined)[]> = {
  'instance-id': (i) => [i.id],
  'instance-state-name': (i) => [i.state.name],
  'instance-state-code': (i) => [String(i.state.code)],
  'instance-type': (i) => [i.type],
  'image-id': (i) => [i.imageId],
  'reservation-id': (i) => [i.reservationId],
  'owner-id': (i) => [i.ownerId],
  'vpc-id': (i) => [i.vpcId],
  'subnet-id': (i) => [i.subnetId],
  'availability-zone': (i) => [i.availabilityZone],
  architecture: (i) => [i.architecture],
  'key-name': (i) => [i.keyName],
  'private-ip-address': (i) => [i.privateIp],
  'ip-address': (i) => [i.publicIp],
  'private-dns-name': (i) => [i.privateDns],
  'dns-name': (i) => [i.publicDns || undefined],
  'instance.group-id': (i) => [i.securityGroup.id],
  'instance.group-name': (i) => [i.securityGroup.name],
  'tag-key': (i) => i.tags.map((t) => t.Key),
  'tag-value': (i) => i.tags.map((t) => t.Value),
};

const valuesOf = (i: Instance) => (name: string) => (name.startsWith('tag:') ? i.tags.filter((t) => t.Key === name.slice(4)).map((t) => t.Value) : FIELDS[name](i));
const knownFilter = (name: string) => Object.hasOwn(FIELDS, name) || (name.startsWith('tag:') && name.length > 4);

export const describeInstances = queryOperation<Input>({
  input(params) {
    const instanceIds = params.flatStrings('InstanceId');
    for (const id of instanceIds) if (!INSTANCE_ID.test(id)) throw malformedInstanceId(id);
    const filters = readFilters(params, knownFilter);
    const max = params.get('MaxResults');
    let maxResults: number | undefined;
    if (max !== undefined) {
      if (instanceIds.length > 0) throw new AwsError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults', 400);
      maxResults = /^-?\d+$/.test(max) ? Number(max) : NaN;
      if (!(maxResults >= 5)) throw invalidParameterValue(`Value ( ${max} ) for parameter maxResults is invalid. Expecting a value greater than 5.`);
      if (maxResults > 1000) throw invalidParameterValue(`Value ( ${max} ) for parameter maxResults is invalid. Expecting a value smaller than or equal to 1000.`);
    }
    return { instanceIds, filters, maxResults, offset: offsetOf(params.get('NextToken')), dryRun: params.get('DryRun') === 'true' };
  },
  access: { action: 'ec2:DescribeInstances', resource: () => '*', context: (_input, call) => ({ 'ec2:Region': call.region }) },
  invoke({ instanceIds, filters, maxResults, offset, dryRun }, { principal, region }) {
    if (dryRun) throw dryRunOperation();
    let instances = instancesIn(principal.account.id, region);
    if (instanceIds.length > 0) {
      const missing = [...new Set(instanceIds)].filter((id) => !instances.some((i) => i.id === id));
      if (missing.length > 0) throw instancesNotFound(missing);
      instances = instances.filter((i) => instanceIds.includes(i.id));
    }
    const matching = instances.filter((i) => passes(filters, valuesOf(i)));
    const size = maxResults ?? 1000;
    const page = matching.slice(offset, offset + size);
    const more = offset + size < matching.length;
    return {
      reservationSet: page.map((i) => ({ reservationId: i.reservationId, ownerId: i.ownerId, groupSet: [], instancesSet: [wireInstance(i)] })),
      nextToken: more ? tokenOf(offset + size) : undefined,
    };
  },
  example: {},
});

/** NextToken: an opaque form of where the next page starts. */
function tokenOf(offset: number): string {
  return Buffer.from(`ec2-instances:${offset}`).toString('base64url');
}

function offsetOf(token: string | undefined): number {
  if (token === undefined) return 0;
  const match = /^ec2-instances:(\d{1,6})$/.exec(Buffer.from(token, 'base64url').toString('latin1'));
  if (!match || tokenOf(Number(match[1])) !== token) throw new AwsError('InvalidPaginationToken', 'The specified pagination token is not valid or is expired.', 400);
  return Number(match[1]);
}
