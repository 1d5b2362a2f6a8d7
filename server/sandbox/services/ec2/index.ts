/**
 * EC2, on its own query protocol (protocol/ec2-query.ts: `<item>` lists, `<requestId>`, errors
 * under `<Response><Errors>`), with the two operations the workshop's examples call:
 * DescribeInstances (seeded instances per account and region) and DescribeRegions. It words
 * authentication failures as EC2 does (ec2-errors.ts), a refusal as UnauthorizedOperation 403
 * carrying an encoded authorization failure message (the `ec2` denial style,
 * auth/denied-error.ts), and accepts any enabled signing region: the region a request is signed
 * for is the region it asks about, so an SDK client with an endpoint override works as it does
 * against `ec2.<region>.amazonaws.com`.
 */
import type { QueryParams } from '../../protocol/query-params.ts';
import { ec2Query } from '../../protocol/ec2-query.ts';
import { queryService } from '../query-service.ts';
import type { Service } from '../service.ts';
import { anyEnabledRegion } from '../signing-regions.ts';
import { describeInstances } from './describe-instances.ts';
import { describeRegions } from './describe-regions.ts';
import { ec2AuthErrors } from './ec2-errors.ts';

export const EC2_VERSION = '2016-11-15';

export const ec2: Service<QueryParams> = queryService(
  'ec2',
  `http://ec2.amazonaws.com/doc/${EC2_VERSION}/`,
  { DescribeInstances: describeInstances, DescribeRegions: describeRegions },
  { protocol: ec2Query, authErrors: ec2AuthErrors, denial: 'ec2', checkRegion: anyEnabledRegion },
);
