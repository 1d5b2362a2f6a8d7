/**
 * EC2 DescribeInstances and DescribeRegions with the real SDK v3 EC2Client pointed at the
 * sandbox (endpoint override; the client's region is the signing region and the region asked
 * about): the seeded instances (deterministic per account and region, AWS's id and state forms),
 * InstanceIds with AWS's Malformed and NotFound errors, Filters with wildcards, MaxResults and
 * NextToken, DryRun, the regions list and its filters; authorization by `ec2:DescribeInstances`
 * with EC2's UnauthorizedOperation and the `ec2:Region` key; EC2's authentication errors; and the
 * EC2 protocol's wire shapes (`<requestId>`, `<item>` lists, `<Response><Errors>`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeInstancesCommand, DescribeRegionsCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { REGIONS } from '../server/sandbox/regions.ts';
import { ACCT, fails, iamSandbox, userWithKey } from './support/iam.ts';
import type { Creds } from './support/sandbox.ts';
import { signedFetch } from './support/signed-fetch.ts';

const OTHER = '210987654321';
const { sandbox, iam } = await iamSandbox({ accountIds: [ACCT, OTHER] });
const ec2 = (region = 'us-east-1', credentials?: Creds) => new EC2Client({ ...sandbox.config(credentials), region });
const instancesOf = async (client: EC2Client, input: object = {}) =>
  ((await client.send(new DescribeInstancesCommand(input))).Reservations ?? []).flatMap((r) => r.Instances ?? []);
const ids = (list: Instance[]) => list.map((i) => i.InstanceId);

test('DescribeInstances lists a few seeded instances per region in AWS forms, the same every time', async () => {
  const east1 = await instancesOf(ec2('us-east-1'));
  const east2 = await instancesOf(ec2('us-east-2'));
  for (const list of [east1, east2]) {
    assert.ok(list.length >= 3 && list.length <= 7, `${list.length} instances`);
    for (const i of list) {
      assert.match(i.InstanceId!, /^i-[0-9a-f]{17}$/);
      assert.match(i.ImageId!, /^ami-[0-9a-f]{17}$/);
      assert.ok((i.State?.Name === 'running' && i.State.Code === 16) || (i.State?.Name === 'stopped' && i.State.Code === 80), JSON.stringify(i.State));
      assert.deepEqual(i.Tags?.map((t) => t.Key), ['Name', 'env']);
      assert.ok(i.LaunchTime instanceof Date && i.InstanceType && i.Placement?.AvailabilityZone);
      if (i.State?.Name === 'running') assert.match(i.PublicDnsName!, /^ec2-[\d-]+\.(compute-1|[a-z0-9-]+\.compute)\.amazonaws\.com$/);
      else assert.equal(i.PublicIpAddress, undefined);
    }
    assert.ok(list.some((i) => i.State?.Name === 'running'));
  }
  assert.ok(east1.every((i) => i.Placement!.AvailabilityZone!.startsWith('us-east-1') && i.PrivateDnsName!.endsWith('.ec2.internal')));
  assert.ok(east2.every((i) => i.Placement!.AvailabilityZone!.startsWith('us-east-2') && i.PrivateDnsName!.endsWith('.us-east-2.compute.internal')));
  assert.notDeepEqual(ids(east1), ids(east2));
  assert.deepEqual(ids(await instancesOf(ec2('us-east-2'))), ids(east2), 'the same instances on every call');
  const reservation = (await ec2().send(new DescribeInstancesCommand({}))).Reservations![0];
  assert.match(reservation.ReservationId!, /^r-[0-9a-f]{17}$/);
  assert.equal(reservation.OwnerId, ACCT);
});

test('each account sees its own instances', async () => {
  const other = sandbox.admins[1];
  const theirs = await instancesOf(ec2('us-east-1', other));
  const ours = await instancesOf(ec2('us-east-1'));
  assert.equal(other.accountId, OTHER);
  assert.ok(ids(theirs).every((id) => !ids(ours).includes(id)));
  await fails(ec2('us-east-1', other).send(new DescribeInstancesCommand({ InstanceIds: [ours[0].InstanceId!] })), 'InvalidInstanceID.NotFound', 400, `The instance ID '${ours[0].InstanceId}' does not exist`);
});

test('InstanceIds: the instances named, InvalidInstanceID.Malformed and InvalidInstanceID.NotFound as AWS words them', async () => {
  const client = ec2('us-east-2');
  const all = await instancesOf(client);
  assert.deepEqual(ids(await instancesOf(client, { InstanceIds: [all[1].InstanceId] })), [all[1].InstanceId]);
  await fails(client.send(new DescribeInstancesCommand({ InstanceIds: ['i-123'] })), 'InvalidInstanceID.Malformed', 400, 'Invalid id: "i-123"');
  await fails(client.send(new DescribeInstancesCommand({ InstanceIds: ['my-server'] })), 'InvalidInstanceID.Malformed', 400, 'Invalid id: "my-server"');
  await fails(client.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })), 'InvalidInstanceID.NotFound', 400, "The instance ID 'i-0123456789abcdef0' does not exist");
  await fails(client.send(new DescribeInstancesCommand({ InstanceIds: [all[0].InstanceId!, 'i-0123456789abcdef0', 'i-12345678'] })),
    'InvalidInstanceID.NotFound', 400, "The instance IDs 'i-0123456789abcdef0, i-12345678' do not exist");
});

test('Filters: AND across names, OR across values, * and ? wildcards, tags; an unknown name is refused', async () => {
  const client = ec2('us-east-1');
  const all = await instancesOf(client);
  const running = all.filter((i) => i.State!.Name === 'running');
  assert.deepEqual(ids(await instancesOf(client, { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] })), ids(running));
  assert.deepEqual(ids(await instancesOf(client, { Filters: [{ Name: 'instance-state-name', Values: ['running', 'stopped'] }] })), ids(all));
  const name = all[0].Tags!.find((t) => t.Key === 'Name')!.Value!;
  assert.deepEqual(ids(await instancesOf(client, { Filters: [{ Name: 'tag:Name', Values: [name] }] })), [all[0].InstanceId]);
  assert.deepEqual(ids(await instancesOf(client, { Filters: [{ Name: 'tag:Name', Values: [`${name.slice(0, 2)}*`] }, { Name: 'instance-id', Values: [all[0].InstanceId!.replace(/.$/, '?')] }] })), [all[0].InstanceId]);
  assert.deepEqual(await instancesOf(client, { Filters: [{ Name: 'tag-key', Values: ['Owner'] }] }), []);
  assert.equal((await instancesOf(client, { Filters: [{ Name: 'tag-value', Values: ['dev', 'prod'] }] })).length, all.length);
  await fails(client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })), 'InvalidParameterValue', 400, "The filter 'colour' is invalid");
});

test('MaxResults pages with NextToken; AWS refuses fewer than 5 and MaxResults with InstanceIds', async () => {
  let busiest = { region: '', count: 0 };
  for (const { name } of REGIONS) {
    const count = (await instancesOf(ec2(name))).length;
    if (count > busiest.count) busiest = { region: name, count };
  }
  assert.ok(busiest.count > 5, 'some region has more instances than the smallest page');
  const client = ec2(busiest.region);
  const first = await client.send(new DescribeInstancesCommand({ MaxResults: 5 }));
  assert.equal(first.Reservations!.length, 5);
  assert.ok(first.NextToken);
  const second = await client.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: first.NextToken }));
  assert.equal(second.Reservations!.length, busiest.count - 5);
  assert.equal(second.NextToken, undefined);
  const paged = [...first.Reservations!, ...second.Reservations!].flatMap((r) => r.Instances!);
  assert.deepEqual(ids(paged), ids(await instancesOf(client)));
  await fails(client.send(new DescribeInstancesCommand({ MaxResults: 3 })), 'InvalidParameterValue', 400, 'Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5.');
  await fails(client.send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: [paged[0].InstanceId!] })), 'InvalidParameterCombination', 400, 'The parameter instancesSet cannot be used with the parameter maxResults');
  await fails(client.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: 'not-a-token' })), 'InvalidPaginationToken', 400, /pagination token/);
});

test('DescribeRegions: every region with its endpoint and opt-in status, RegionNames and filters', async () => {
  const { Regions } = await ec2('eu-west-1').send(new DescribeRegionsCommand({}));
  assert.equal(Regions!.length, REGIONS.length);
  assert.deepEqual(Regions!.find((r) => r.RegionName === 'us-east-2'), { RegionName: 'us-east-2', Endpoint: 'ec2.us-east-2.amazonaws.com', OptInStatus: 'opt-in-not-required' });
  assert.equal(Regions!.find((r) => r.RegionName === 'af-south-1')!.OptInStatus, 'opted-in');
  assert.equal((await ec2().send(new DescribeRegionsCommand({ AllRegions: true }))).Regions!.length, REGIONS.length);
  const named = await ec2().send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1', 'ap-south-1'] }));
  assert.deepEqual(named.Regions!.map((r) => r.RegionName).sort(), ['ap-south-1', 'eu-west-1']);
  const optedIn = await ec2().send(new DescribeRegionsCommand({ Filters: [{ Name: 'opt-in-status', Values: ['opted-in'] }] }));
  assert.ok(optedIn.Regions!.length > 0 && optedIn.Regions!.every((r) => r.OptInStatus === 'opted-in'));
  const europe = await ec2().send(new DescribeRegionsCommand({ Filters: [{ Name: 'region-name', Values: ['eu-*'] }] }));
  assert.ok(europe.Regions!.every((r) => r.RegionName!.startsWith('eu-')) && europe.Regions!.length >= 5);
  await fails(ec2().send(new DescribeRegionsCommand({ RegionNames: ['us--east-1'] })), 'InvalidParameterValue', 400, 'Invalid region: [us--east-1]');
});

test('a user needs ec2:DescribeInstances: UnauthorizedOperation 403 in EC2 wording, then allowed; ec2:Region and DryRun', async () => {
  const bob = await userWithKey(iam, 'ec2-bob');
  const message = /^You are not authorized to perform this operation\. User: arn:aws:iam::123456789012:user\/ec2-bob is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action\. Encoded authorization failure message: [\w-]+$/;
  await fails(ec2('us-east-1', bob).send(new DescribeInstancesCommand({})), 'UnauthorizedOperation', 403, message);
  await fails(ec2('us-east-1', bob).send(new DescribeInstancesCommand({ DryRun: true })), 'UnauthorizedOperation', 403, message);
  const onlyOhio = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*', Condition: { StringEquals: { 'ec2:Region': 'us-east-2' } } }] };
  await iam.send(new PutUserPolicyCommand({ UserName: 'ec2-bob', PolicyName: 'ohio', PolicyDocument: JSON.stringify(onlyOhio) }));
  assert.ok((await instancesOf(ec2('us-east-2', bob))).length >= 3);
  assert.ok((await ec2('us-east-2', bob).send(new DescribeRegionsCommand({}))).Regions!.length > 0);
  await fails(ec2('us-east-1', bob).send(new DescribeInstancesCommand({})), 'UnauthorizedOperation', 403, message);
  await fails(ec2('us-east-2', bob).send(new DescribeInstancesCommand({ DryRun: true })), 'DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
});

test('EC2 words authentication failures its own way: AuthFailure 401', async () => {
  const admin = sandbox.admins[0];
  const message = 'AWS was not able to validate the provided access credentials';
  await fails(ec2('us-east-1', { accessKeyId: admin.accessKeyId, secretAccessKey: 'x'.repeat(40) }).send(new DescribeRegionsCommand({})), 'AuthFailure', 401, message);
  await fails(ec2('us-east-1', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }).send(new DescribeRegionsCommand({})), 'AuthFailure', 401, message);
});

test('the wire: <requestId> and <item> lists in the EC2 envelope, errors under <Response><Errors> with <RequestID>', async () => {
  const credentials = sandbox.admins[0];
  const ok = await signedFetch({ url: sandbox.url, service: 'ec2', credentials, body: 'Action=DescribeRegions&Version=2016-11-15&RegionName.1=eu-west-1' });
  const body = await ok.text();
  const id = ok.headers.get('x-amzn-requestid')!;
  assert.equal(ok.status, 200);
  assert.equal(body, `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${id}</requestId>` +
    '<regionInfo><item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>');
  const bad = await signedFetch({ url: sandbox.url, service: 'ec2', credentials, body: 'Action=RunInstances&Version=2016-11-15' });
  const error = await bad.text();
  assert.equal(bad.status, 400);
  assert.equal(error, `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidAction</Code><Message>The action RunInstances is not valid for this web service.</Message></Error></Errors><RequestID>${bad.headers.get('x-amzn-requestid')}</RequestID></Response>`);
  const unsigned = await fetch(sandbox.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DescribeInstances&Version=2016-11-15' });
  assert.match(await unsigned.text(), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>MissingAuthenticationToken<\/Code>/);
});
