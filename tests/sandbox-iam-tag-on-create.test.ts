/**
 * Tag-on-create through the real SDK v3 IAM client: a create call that carries Tags also needs
 * the matching tag action on the new entity (CreateUser → iam:TagUser, CreateRole → iam:TagRole,
 * CreatePolicy → iam:TagPolicy, CreateVirtualMFADevice → iam:TagMFADevice,
 * CreateOpenIDConnectProvider → iam:TagOpenIDConnectProvider, CreateSAMLProvider →
 * iam:TagSAMLProvider), as AWS asks (openshift-installer #1073, iamlive #97). A principal allowed
 * only the create makes an untagged entity and is refused a tagged one with AccessDenied naming
 * the tag action and the new ARN, and nothing is created; allowed both, it works. The request's
 * aws:RequestTag/… and aws:TagKeys apply to the tag action too.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateOpenIDConnectProviderCommand, CreatePolicyCommand, CreateRoleCommand, CreateSAMLProviderCommand, CreateUserCommand,
  CreateVirtualMFADeviceCommand, GetOpenIDConnectProviderCommand, GetPolicyCommand, GetRoleCommand, GetSAMLProviderCommand, GetUserCommand,
  IAMClient, ListMFADeviceTagsCommand, ListVirtualMFADevicesCommand, PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ACCT, fails, iamSandbox, trustFor, userWithKey } from './support/iam.ts';

const { sandbox, iam } = await iamSandbox();
const TAGS = [{ Key: 'sts-workshop:run', Value: 'r1' }];
let metadata: string;

before(async () => {
  metadata = await (await fetch(`${sandbox.url}/saml/metadata`)).text();
});

/** One kind of entity: its create and tag actions, how to create one named `name`, its ARN, and a read that finds it. */
interface Kind {
  create: string;
  tag: string;
  make: (client: IAMClient, name: string, tags?: typeof TAGS) => Promise<unknown>;
  arn: (name: string) => string;
  read: (name: string) => Promise<unknown>;
}

const KINDS: Kind[] = [
  {
    create: 'iam:CreateUser',
    tag: 'iam:TagUser',
    make: (client, name, Tags) => client.send(new CreateUserCommand({ UserName: name, Path: '/sts-workshop/', Tags })),
    arn: (name) => `arn:aws:iam::${ACCT}:user/sts-workshop/${name}`,
    read: (name) => iam.send(new GetUserCommand({ UserName: name })),
  },
  {
    create: 'iam:CreateRole',
    tag: 'iam:TagRole',
    make: (client, name, Tags) =>
      client.send(new CreateRoleCommand({ RoleName: name, Path: '/sts-workshop/', AssumeRolePolicyDocument: JSON.stringify(trustFor(`arn:aws:iam::${ACCT}:root`)), Tags })),
    arn: (name) => `arn:aws:iam::${ACCT}:role/sts-workshop/${name}`,
    read: (name) => iam.send(new GetRoleCommand({ RoleName: name })),
  },
  {
    create: 'iam:CreatePolicy',
    tag: 'iam:TagPolicy',
    make: (client, name, Tags) =>
      client.send(new CreatePolicyCommand({
        PolicyName: name,
        Path: '/sts-workshop/',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] }),
        Tags,
      })),
    arn: (name) => `arn:aws:iam::${ACCT}:policy/sts-workshop/${name}`,
    read: (name) => iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCT}:policy/sts-workshop/${name}` })),
  },
  {
    create: 'iam:CreateVirtualMFADevice',
    tag: 'iam:TagMFADevice',
    make: (client, name, Tags) => client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Path: '/sts-workshop/', Tags })),
    arn: (name) => `arn:aws:iam::${ACCT}:mfa/sts-workshop/${name}`,
    read: (name) => iam.send(new ListMFADeviceTagsCommand({ SerialNumber: `arn:aws:iam::${ACCT}:mfa/sts-workshop/${name}` })),
  },
  {
    create: 'iam:CreateOpenIDConnectProvider',
    tag: 'iam:TagOpenIDConnectProvider',
    make: (client, name, Tags) => client.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${name}.example.com/oidc`, ClientIDList: ['sts.amazonaws.com'], Tags })),
    arn: (name) => `arn:aws:iam::${ACCT}:oidc-provider/${name}.example.com/oidc`,
    read: (name) => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: `arn:aws:iam::${ACCT}:oidc-provider/${name}.example.com/oidc` })),
  },
  {
    create: 'iam:CreateSAMLProvider',
    tag: 'iam:TagSAMLProvider',
    make: (client, name, Tags) => client.send(new CreateSAMLProviderCommand({ Name: name, SAMLMetadataDocument: metadata, Tags })),
    arn: (name) => `arn:aws:iam::${ACCT}:saml-provider/${name}`,
    read: (name) => iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${ACCT}:saml-provider/${name}` })),
  },
];

/** A user whose only permission is an inline policy of `statements`, and an IAM client with its key. */
async function principal(name: string, statements: object[]): Promise<IAMClient> {
  const creds = await userWithKey(iam, name);
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'only', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  return new IAMClient(sandbox.config(creds));
}

const denied = (user: string, action: string, resource: string) =>
  `User: arn:aws:iam::${ACCT}:user/${user} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

for (const kind of KINDS) {
  const noun = kind.create.slice('iam:Create'.length).toLowerCase();

  test(`${kind.create} with Tags needs ${kind.tag}: allowed only the create, an untagged one is made, a tagged one refused and not made`, async () => {
    const user = `only-create-${noun}`;
    const client = await principal(user, [{ Effect: 'Allow', Action: kind.create, Resource: '*' }]);
    await kind.make(client, `plain-${noun}`);
    await kind.read(`plain-${noun}`);
    await fails(kind.make(client, `tagged-${noun}`, TAGS), 'AccessDenied', 403, denied(user, kind.tag, kind.arn(`tagged-${noun}`)));
    await assert.rejects(kind.read(`tagged-${noun}`), (e: any) => e.Code === 'NoSuchEntity' && e.$metadata.httpStatusCode === 404);
    if (kind.create === 'iam:CreateVirtualMFADevice') {
      const { VirtualMFADevices } = await iam.send(new ListVirtualMFADevicesCommand({}));
      assert.ok(!VirtualMFADevices!.some((d) => d.SerialNumber === kind.arn(`tagged-${noun}`)), 'no device listed');
    }
    // An empty Tags list is no tags: nothing more is needed.
    await kind.make(client, `empty-${noun}`, []);
  });

  test(`${kind.create} with Tags, allowed ${kind.create} and ${kind.tag}: made with its tags`, async () => {
    const client = await principal(`create-and-tag-${noun}`, [{ Effect: 'Allow', Action: [kind.create, kind.tag], Resource: '*' }]);
    await kind.make(client, `both-${noun}`, TAGS);
    const read = (await kind.read(`both-${noun}`)) as { Tags?: unknown; User?: { Tags?: unknown }; Role?: { Tags?: unknown }; Policy?: { Tags?: unknown } };
    assert.deepEqual(read.Tags ?? read.User?.Tags ?? read.Role?.Tags ?? read.Policy?.Tags, TAGS);
  });
}

test('allowed the tag action but not the create: AccessDenied names the create', async () => {
  const client = await principal('only-tag', [{ Effect: 'Allow', Action: 'iam:TagRole', Resource: '*' }]);
  await fails(KINDS[1].make(client, 'tag-only', TAGS), 'AccessDenied', 403, denied('only-tag', 'iam:CreateRole', KINDS[1].arn('tag-only')));
});

test("the request's aws:RequestTag/… and aws:TagKeys apply to the tag action's evaluation", async () => {
  const client = await principal('tag-conditions', [
    { Effect: 'Allow', Action: 'iam:CreateRole', Resource: '*' },
    {
      Effect: 'Allow',
      Action: 'iam:TagRole',
      Resource: `arn:aws:iam::${ACCT}:role/sts-workshop/*`,
      Condition: { StringEquals: { 'aws:RequestTag/team': 'alpha' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'sts-workshop:run'] } },
    },
  ]);
  const role = KINDS[1];
  await role.make(client, 'cond-ok', [{ Key: 'team', Value: 'alpha' }, ...TAGS]);
  await fails(role.make(client, 'cond-value', [{ Key: 'team', Value: 'beta' }]), 'AccessDenied', 403, denied('tag-conditions', 'iam:TagRole', role.arn('cond-value')));
  await fails(
    role.make(client, 'cond-keys', [{ Key: 'team', Value: 'alpha' }, { Key: 'owner', Value: 'me' }]),
    'AccessDenied', 403, denied('tag-conditions', 'iam:TagRole', role.arn('cond-keys')),
  );
  for (const name of ['cond-value', 'cond-keys']) await assert.rejects(role.read(name), (e: any) => e.Code === 'NoSuchEntity');

  // An explicit deny of the tag action refuses the tagged create in AWS's explicit-deny words.
  const denyTag = await principal('deny-tag', [
    { Effect: 'Allow', Action: ['iam:CreateRole', 'iam:TagRole'], Resource: '*' },
    { Effect: 'Deny', Action: 'iam:TagRole', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'beta' } } },
  ]);
  await role.make(denyTag, 'deny-ok', [{ Key: 'team', Value: 'alpha' }]);
  await fails(
    role.make(denyTag, 'deny-beta', [{ Key: 'team', Value: 'beta' }]),
    'AccessDenied', 403,
    `User: arn:aws:iam::${ACCT}:user/deny-tag is not authorized to perform: iam:TagRole on resource: ${role.arn('deny-beta')} with an explicit deny in an identity-based policy`,
  );
});
