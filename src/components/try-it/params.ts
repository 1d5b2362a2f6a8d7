/**
 * The try-it cell's parameters: the textarea's text must be a JSON object (what the SDK command
 * takes as its input); `parseParams` says why not in one line. `exampleFor` gives a starting
 * point for a few common operations (an empty object otherwise). Pure.
 */

export type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

export function parseParams(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}.` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return { ok: false, message: `The parameters must be a JSON object such as { "UserName": "alice" }, not ${what}.` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

const EXAMPLES: Record<string, Record<string, unknown>> = {
  'sts:AssumeRole': { RoleArn: 'a role ARN from the steps above', RoleSessionName: 'try-it', DurationSeconds: 900 },
  'sts:GetSessionToken': { DurationSeconds: 900 },
  'sts:GetAccessKeyInfo': { AccessKeyId: 'an access key id from the panel above' },
  'sts:GetFederationToken': { Name: 'try-it', DurationSeconds: 900 },
  'iam:CreateUser': { UserName: 'try-it-user' },
  'iam:GetUser': {},
  'iam:ListUsers': { PathPrefix: '/sts-workshop/' },
  'iam:ListRoles': { PathPrefix: '/sts-workshop/' },
  'iam:GetRole': { RoleName: 'a role name from the steps above' },
  'iam:ListAttachedRolePolicies': { RoleName: 'a role name from the steps above' },
  'iam:SimulatePrincipalPolicy': { PolicySourceArn: 'a user or role ARN', ActionNames: ['s3:ListAllMyBuckets'] },
  's3:ListObjectsV2': { Bucket: 'a bucket name from ListBuckets' },
  's3:GetBucketLocation': { Bucket: 'a bucket name from ListBuckets' },
};

/** Pretty JSON to start from for `service:operation`. */
export function exampleFor(service: string, operation: string): string {
  return JSON.stringify(EXAMPLES[`${service}:${operation}`] ?? {}, null, 2);
}
