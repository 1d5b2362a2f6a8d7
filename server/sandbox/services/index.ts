/**
 * The services the sandbox serves, by SigV4 signing name: STS, IAM, S3 and (two operations of)
 * EC2 as AWS has them, and `sandbox`, its own signed control service. The identify stage picks one from the credential
 * scope; the authorization sweep (tests/sandbox-authorization.test.ts) walks every operation of
 * every one.
 */
import { ec2 } from './ec2/index.ts';
import { iam } from './iam/index.ts';
import { s3 } from './s3/index.ts';
import { sandboxControl } from './sandbox-control.ts';
import type { Service } from './service.ts';
import { sts } from './sts/index.ts';

export const SERVICES: Record<string, Service> = { sts, iam, s3, ec2, sandbox: sandboxControl };
