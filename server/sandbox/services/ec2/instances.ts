/**
 * The EC2 instances an account has in a region: three to seven, always the same for the same
 * account and region (drawn from a SHA-256 of both, computed when asked and never stored, so
 * they cost no memory and nothing can change them). Ids as AWS forms them (`i-` and 17 hex
 * digits; `r-`, `ami-`, `vpc-`, `subnet-`, `sg-`), the first one running and the others running
 * or stopped (AWS's state codes: 16 running, 80 stopped, a stopped one with its reason), a few
 * instance types, `Name` and `env` tags, addresses and DNS names in AWS's forms (us-east-1's
 * `ec2.internal` and `compute-1`, elsewhere `<region>.compute.…`). `wireInstance` writes one in
 * the EC2 query protocol's member names (`instanceState`, `tagSet`, `dnsName`, …).
 */
import { createHash } from 'node:crypto';

export interface Instance {
  id: string;
  reservationId: string;
  ownerId: string;
  imageId: string;
  state: { code: number; name: 'running' | 'stopped' };
  type: string;
  architecture: 'x86_64' | 'arm64';
  launchTime: Date;
  availabilityZone: string;
  privateIp: string;
  publicIp?: string;
  privateDns: string;
  publicDns: string;
  vpcId: string;
  subnetId: string;
  securityGroup: { id: string; name: string };
  keyName: string;
  tags: { Key: string; Value: string }[];
}

const TYPES: [string, Instance['architecture']][] = [['t3.micro', 'x86_64'], ['t3.small', 'x86_64'], ['m5.large', 'x86_64'], ['t4g.small', 'arm64'], ['c6i.large', 'x86_64']];
const ROLES = ['web', 'api', 'worker', 'batch', 'bastion'];
const LAUNCHED_FROM = Date.UTC(2025, 0, 6, 9, 0, 0);
const DAY = 24 * 3600 * 1000;

/** The account's instances in `region`, sorted by id. */
export function instancesIn(accountId: string, region: string): Instance[] {
  const seed = digest(`${accountId}/${region}`);
  const count = 3 + (seed[0] % 5);
  const vpc = hex(seed, 1, 17);
  const instances = Array.from({ length: count }, (_, n) => instance(accountId, region, vpc, n));
  return instances.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function instance(accountId: string, region: string, vpc: string, n: number): Instance {
  const d = digest(`${accountId}/${region}/${n}`);
  const running = n === 0 || d[0] % 2 === 0;
  const [type, architecture] = TYPES[d[1] % TYPES.length];
  const role = ROLES[(d[2] + n) % ROLES.length];
  const privateIp = `10.0.${d[3] % 4}.${10 + (d[4] % 240)}`;
  const publicIp = running ? `${[3, 18, 34, 54][d[5] % 4]}.${d[6]}.${d[7]}.${1 + (d[8] % 254)}` : undefined;
  const east = region === 'us-east-1';
  const dashed = (ip: string) => ip.replace(/\./g, '-');
  return {
    id: `i-${hex(d, 9, 17)}`,
    reservationId: `r-${hex(d, 18, 17)}`,
    ownerId: accountId,
    imageId: `ami-${hex(digest(`${region}/${architecture}`), 0, 17)}`,
    state: running ? { code: 16, name: 'running' } : { code: 80, name: 'stopped' },
    type,
    architecture,
    launchTime: new Date(LAUNCHED_FROM + (d[27] % 200) * DAY + d[28] * 60_000),
    availabilityZone: `${region}${'abc'[d[3] % 3]}`,
    privateIp,
    publicIp,
    privateDns: `ip-${dashed(privateIp)}.${east ? 'ec2.internal' : `${region}.compute.internal`}`,
    publicDns: publicIp ? `ec2-${dashed(publicIp)}.${east ? 'compute-1' : `${region}.compute`}.amazonaws.com` : '',
    vpcId: `vpc-${vpc}`,
    subnetId: `subnet-${hex(digest(`${accountId}/${region}/subnet/${d[3] % 3}`), 0, 17)}`,
    securityGroup: { id: `sg-${hex(digest(`${accountId}/${region}/sg/${role}`), 0, 17)}`, name: role },
    keyName: 'workshop-key',
    tags: [{ Key: 'Name', Value: `${role}-${n + 1}` }, { Key: 'env', Value: d[30] % 2 === 0 ? 'dev' : 'prod' }],
  };
}

/** One instance, as DescribeInstances writes it in a reservation's `instancesSet`. */
export function wireInstance(i: Instance) {
  const stopped = i.state.name === 'stopped';
  return {
    instanceId: i.id,
    imageId: i.imageId,
    instanceState: i.state,
    privateDnsName: i.privateDns,
    dnsName: i.publicDns,
    reason: stopped ? `User initiated (${i.launchTime.toISOString().slice(0, 10)} 18:00:00 GMT)` : '',
    keyName: i.keyName,
    amiLaunchIndex: 0,
    productCodes: [],
    instanceType: i.type,
    launchTime: i.launchTime,
    placement: { availabilityZone: i.availabilityZone, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId: i.subnetId,
    vpcId: i.vpcId,
    privateIpAddress: i.privateIp,
    ipAddress: i.publicIp,
    stateReason: stopped ? { code: 'Client.UserInitiatedShutdown', message: 'Client.UserInitiatedShutdown: User initiated shutdown' } : undefined,
    architecture: i.architecture,
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    ebsOptimized: false,
    hypervisor: 'xen',
    groupSet: [{ groupId: i.securityGroup.id, groupName: i.securityGroup.name }],
    sourceDestCheck: true,
    virtualizationType: 'hvm',
    tagSet: i.tags.map((t) => ({ key: t.Key, value: t.Value })),
    platformDetails: 'Linux/UNIX',
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** `length` hex digits from the digest, starting at byte `from`. */
function hex(d: Buffer, from: number, length: number): string {
  return d.subarray(from, from + Math.ceil(length / 2)).toString('hex').slice(0, length);
}
