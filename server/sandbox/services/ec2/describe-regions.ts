/**
 * EC2 DescribeRegions: the regions of the partition (regions.ts), each with its EC2 endpoint
 * (`ec2.<region>.amazonaws.com`) and opt-in status. Every region is enabled for the sandbox's
 * accounts, so AllRegions changes nothing. `RegionName.N` narrows the list; a name that is no
 * region is InvalidParameterValue "Invalid region: [us--east-1]" (observed for one name; the
 * list form for several is inferred). Filters: `region-name`, `endpoint`, `opt-in-status`.
 * Answered from any signing region. Authorized as `ec2:DescribeRegions` on `*`, with the
 * `ec2:Region` condition key.
 */
import { isRegion, REGIONS } from '../../regions.ts';
import { queryOperation } from '../operation.ts';
import { dryRunOperation, invalidParameterValue } from './ec2-errors.ts';
import { passes, readFilters, type Filter } from './filters.ts';

interface Input {
  names: string[];
  filters: Filter[];
  dryRun: boolean;
}

const endpoint = (region: string) => `ec2.${region}.amazonaws.com`;
const FILTERS = ['region-name', 'endpoint', 'opt-in-status'];

export const describeRegions = queryOperation<Input>({
  input(params) {
    const names = params.flatStrings('RegionName');
    const unknown = names.filter((name) => !isRegion(name));
    if (unknown.length > 0) throw invalidParameterValue(`Invalid region: [${unknown.join(', ')}]`);
    return { names, filters: readFilters(params, (name) => FILTERS.includes(name)), dryRun: params.get('DryRun') === 'true' };
  },
  access: { action: 'ec2:DescribeRegions', resource: () => '*', context: (_input, call) => ({ 'ec2:Region': call.region }) },
  invoke({ names, filters, dryRun }) {
    if (dryRun) throw dryRunOperation();
    const regions = REGIONS.filter((r) => names.length === 0 || names.includes(r.name)).filter((r) =>
      passes(filters, (filter) => [filter === 'region-name' ? r.name : filter === 'endpoint' ? endpoint(r.name) : r.optIn]),
    );
    return { regionInfo: regions.map((r) => ({ regionName: r.name, regionEndpoint: endpoint(r.name), optInStatus: r.optIn })) };
  },
  example: {},
});
