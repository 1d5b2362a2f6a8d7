/**
 * The AWS regions the sandbox knows (the commercial partition, `aws`), with their opt-in status as
 * EC2 DescribeRegions reports it: the regions enabled by default ("opt-in-not-required") and the
 * opt-in ones, which the sandbox's accounts are taken to have opted in to ("opted-in"), so every
 * region here is enabled. A signing scope naming any other region (`xx-nowhere-1`) is refused by
 * the services that check it (services/signing-regions.ts); EC2 seeds its instances per region.
 */
export interface Region {
  name: string;
  optIn: 'opt-in-not-required' | 'opted-in';
}

const DEFAULT = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2',
];

const OPT_IN = [
  'af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
];

export const REGIONS: readonly Region[] = [
  ...DEFAULT.map((name) => ({ name, optIn: 'opt-in-not-required' as const })),
  ...OPT_IN.map((name) => ({ name, optIn: 'opted-in' as const })),
];

const NAMES = new Set(REGIONS.map((r) => r.name));

/** Whether `name` is a region of the partition (and so enabled for the sandbox's accounts). */
export function isRegion(name: string): boolean {
  return NAMES.has(name);
}
