/**
 * The signing region, with the real SDK v3 clients: IAM takes only its global scope (us-east-1)
 * and answers any other with SignatureDoesNotMatch "Credential should be scoped to a valid
 * region, not '…'. "; regional STS takes any enabled region and refuses a made-up one; S3 wants a
 * bucket's own region (AuthorizationHeaderMalformed naming it, with a Region element) and, for a
 * request naming no bucket, any region of the partition.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetBucketLocationCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fails, iamSandbox } from './support/iam.ts';

const { sandbox } = await iamSandbox();
const inRegion = (region: string) => ({ ...sandbox.config(), region });

test('IAM accepts only its global scope', async () => {
  await new IAMClient(inRegion('us-east-1')).send(new ListUsersCommand({}));
  await fails(new IAMClient(inRegion('eu-west-1')).send(new ListUsersCommand({})), 'SignatureDoesNotMatch', 403,
    "Credential should be scoped to a valid region, not 'eu-west-1'. ");
});

test('regional STS accepts any enabled region and refuses a made-up one', async () => {
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'af-south-1']) {
    assert.equal((await new STSClient(inRegion(region)).send(new GetCallerIdentityCommand({}))).Account, '123456789012');
  }
  await fails(new STSClient(inRegion('xx-nowhere-1')).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403,
    'Credential should be scoped to a valid region. ');
});

test("S3 wants the bucket's region, naming it", async () => {
  const eu = new S3Client(inRegion('eu-west-1'));
  await eu.send(new CreateBucketCommand({ Bucket: 'region-test-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  await eu.send(new ListObjectsV2Command({ Bucket: 'region-test-eu' }));
  const us = new S3Client(inRegion('us-east-1'));
  await assert.rejects(us.send(new ListObjectsV2Command({ Bucket: 'region-test-eu' })), (e: any) => {
    assert.equal(e.name, 'AuthorizationHeaderMalformed');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.message, "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'");
    assert.equal(e.Region, 'eu-west-1');
    return true;
  });
  // GetBucketLocation answers from any region, as AWS's global endpoint does; so does ListBuckets.
  assert.equal((await us.send(new GetBucketLocationCommand({ Bucket: 'region-test-eu' }))).LocationConstraint, 'eu-west-1');
  await new S3Client(inRegion('ap-northeast-1')).send(new ListBucketsCommand({}));
  await assert.rejects(new S3Client(inRegion('xx-nowhere-1')).send(new ListBucketsCommand({})), (e: any) => {
    assert.equal(e.name, 'AuthorizationHeaderMalformed');
    assert.equal(e.message, "The authorization header is malformed; the region 'xx-nowhere-1' is wrong; expecting 'us-east-1'");
    return true;
  });
});
