/**
 * The AWS managed policies the lessons attach, vendored (no library ships them), at
 * `arn:aws:iam::aws:policy/<Name>`, attachable and never deletable. AdministratorAccess,
 * AmazonS3ReadOnlyAccess and IAMReadOnlyAccess are AWS's documents verbatim. ReadOnlyAccess is
 * AWS's policy restricted to the statements for the services this sandbox implements (the
 * real one lists several hundred services); its IAM, S3 and STS actions are AWS's own.
 */
import { parsePolicy } from '../../policy/parse.ts';
import type { SandboxState } from '../../state.ts';

const DOCUMENTS: Record<string, { description: string; document: object; id: string }> = {
  AdministratorAccess: {
    id: 'ANPAIWMBCKSKIEE64ZLYK',
    description: 'Provides full access to AWS services and resources.',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  },
  AmazonS3ReadOnlyAccess: {
    id: 'ANPAIZTJ4DXE7G6AGAE6M',
    description: 'Provides read only access to all buckets via the AWS Management Console.',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'],
          Resource: '*',
        },
      ],
    },
  },
  IAMReadOnlyAccess: {
    id: 'ANPAJKSO7NDY4T57MWDSQ',
    description: 'Provides read only access to IAM via the AWS Management Console.',
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'iam:SimulatePrincipalPolicy'], Resource: '*' }],
    },
  },
  ReadOnlyAccess: {
    id: 'ANPAILL3HVNFSB6DCOWYQ',
    description: 'Provides read-only access to AWS services and resources.',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadOnlyActions',
          Effect: 'Allow',
          Action: [
            'iam:Generate*', 'iam:Get*', 'iam:List*', 'iam:Simulate*',
            's3:Describe*', 's3:Get*', 's3:List*',
            'sts:GetAccessKeyInfo', 'sts:GetCallerIdentity', 'sts:GetSessionToken',
          ],
          Resource: '*',
        },
      ],
    },
  },
};

export const AWS_MANAGED_POLICY_ARN = (name: string) => `arn:aws:iam::aws:policy/${name}`;

export function loadAwsManagedPolicies(state: SandboxState): void {
  const created = new Date('2015-02-06T18:39:46Z');
  for (const [name, { id, description, document }] of Object.entries(DOCUMENTS)) {
    const text = JSON.stringify(document, null, 4);
    const arn = AWS_MANAGED_POLICY_ARN(name);
    state.store.awsManagedPolicies.set(arn, {
      name,
      path: '/',
      id,
      arn,
      description,
      createDate: created,
      updateDate: created,
      defaultVersionId: 'v1',
      versions: new Map([['v1', { versionId: 'v1', document: { text, parsed: parsePolicy(text, 'identity') }, createDate: created }]]),
      nextVersion: 2,
      tags: [],
      awsManaged: true,
    });
  }
}
