/**
 * S3 on the REST-XML protocol, path-style: routed by method, path and sub-resource (route.ts),
 * its operation table keyed by AWS action name (buckets.ts, list-objects.ts, put-object.ts,
 * objects.ts). It signs as S3 does (the path as sent, the claimed payload hash, which route.ts
 * checks against the body), words authentication failures and AccessDenied its own way, and
 * takes uploads up to 16 MiB. Anything else S3 has answers NotImplemented (501).
 */
import { restXml } from '../../protocol/rest-xml.ts';
import type { Service } from '../service.ts';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './buckets.ts';
import { listObjects, listObjectsV2 } from './list-objects.ts';
import { deleteObject, getObject, headObject } from './objects.ts';
import { putObject } from './put-object.ts';
import { bucketRegion } from './bucket-region.ts';
import { routeS3, type S3Request } from './route.ts';
import { s3AuthErrors } from './s3-errors.ts';

export const s3: Service<S3Request> = {
  name: 's3',
  protocol: restXml,
  route: routeS3,
  operations: {
    ListBuckets: listBuckets,
    CreateBucket: createBucket,
    DeleteBucket: deleteBucket,
    HeadBucket: headBucket,
    GetBucketLocation: getBucketLocation,
    ListObjectsV2: listObjectsV2,
    ListObjects: listObjects,
    PutObject: putObject,
    GetObject: getObject,
    HeadObject: headObject,
    DeleteObject: deleteObject,
  },
  signing: { escapePath: false, claimedPayloadHash: true },
  authErrors: s3AuthErrors,
  checkRegion: bucketRegion,
  denial: 's3',
  faults: true,
  maxBodyBytes: 16 * 1024 * 1024,
};
