/**
 * `npm run sandbox`: the offline AWS on its own, for the AWS CLI, boto3 or a notebook started
 * with `--sandbox-url`. Prints one line to paste into a shell. Reads its settings with
 * config.ts (SANDBOX_PORT, SANDBOX_PROPAGATION_MS, SANDBOX_FAULTS and friends);
 * with faults on it prints their seed, so a run can be repeated.
 */
import { ConfigError } from '../http/config-values.ts';
import { readSandboxConfig, type SandboxConfig } from './config.ts';
import { startSandbox } from './sandbox.ts';

let config: SandboxConfig;
try {
  config = readSandboxConfig(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`sts-workshop sandbox: ${error.message}`);
  process.exit(2);
}
const sandbox = await startSandbox(config.port, { options: { propagationDelayMs: config.propagationDelayMs, faults: config.faults } }).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(`sts-workshop sandbox: port ${config.port} is in use. A running notebook embeds a sandbox there (its terminal prints the export line for it); or start this one with --port N.`);
    process.exit(1);
  }
  throw error;
});
const admin = sandbox.admins[0];
console.log(`STS Workshop sandbox listening on ${sandbox.url} (account ${admin.accountId}, user ${admin.userName})`);
if (config.faults) {
  const { rate, seed, kinds, slowMs } = sandbox.state.options.faults.settings;
  const shown = kinds.map((kind) => (kind === 'slow' ? `slow ${slowMs} ms` : kind)).join(', ');
  console.log(`Faults: ${+(rate * 100).toFixed(2)} % of STS/IAM/S3 requests (${shown}), seed ${seed} (--fault-seed ${seed} repeats them)`);
}
console.log('Paste this into a shell to point the AWS CLI, boto3 and the SDKs at it:');
console.log(
  `export AWS_ENDPOINT_URL=${sandbox.url} AWS_ACCESS_KEY_ID=${admin.accessKeyId} AWS_SECRET_ACCESS_KEY=${admin.secretAccessKey} AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1`,
);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
