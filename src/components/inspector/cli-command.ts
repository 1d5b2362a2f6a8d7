/**
 * The AWS CLI command equivalent to one recorded SDK call, for the call inspector: `aws <service>
 * <operation> --param value …` with names in the CLI's kebab-case (botocore's `xform_name`, plus
 * the CLI's few renames), values shell-quoted for a POSIX shell, JSON documents compacted into
 * one quoted argument, lists and structures as JSON (which the CLI always accepts), booleans as
 * the CLI's --x / --no-x flags, and `--endpoint-url` when the call went to the sandbox. A comment
 * line says which identity signed the call; its credentials never appear (the server never sends
 * them), and values the server redacted stay redacted, with a comment saying so. Pure: no DOM;
 * it does not run or check the command.
 */
import type { CallSigner } from '../../lessons/events.ts';

export interface CliCall {
  /** "STS" or "STSClient", "GetCallerIdentity" or "GetCallerIdentityCommand". */
  service: string;
  operation: string;
  input: unknown;
  signer?: CallSigner;
  /** The region the call was signed for. */
  region?: string;
  /** A non-AWS endpoint the call went to (the sandbox); AWS's own endpoints need none. */
  endpoint?: string;
}

// botocore/__init__.py: xform_name and its three expressions.
const FIRST_CAP = /(.)([A-Z][a-z]+)/g;
const END_CAP = /([a-z0-9])([A-Z])/g;
const SPECIAL_PLURAL = /[A-Z]{2,}s$/;

/**
 * A CamelCase API name as the CLI spells it (botocore's `xform_name(name, '-')`):
 * GetCallerIdentity → get-caller-identity, ListMFADevices → list-mfa-devices, RoleArn → role-arn.
 */
export function cliName(name: string): string {
  if (name.includes('-')) return name;
  let text = name;
  const plural = SPECIAL_PLURAL.exec(text);
  if (plural) text = `${text.slice(0, -plural[0].length)}-${plural[0].toLowerCase()}`;
  return text.replace(FIRST_CAP, '$1-$2').replace(END_CAP, '$1-$2').toLowerCase();
}

/** The CLI's own renames (awscli/customizations/argrename.py) for the services the lessons use. */
const RENAMES: Record<string, string> = {
  'iam.enable-mfa-device.authentication-code1': 'authentication-code-1',
  'iam.enable-mfa-device.authentication-code2': 'authentication-code-2',
  'iam.resync-mfa-device.authentication-code1': 'authentication-code-1',
  'iam.resync-mfa-device.authentication-code2': 'authentication-code-2',
};

/** CLI command names that differ from the SDK's client name. */
const CLI_SERVICES: Record<string, string> = { s3: 's3api' };

/** Options the CLI requires beyond the API's (awscli/customizations/iamvirtmfa.py). */
const REQUIRED_EXTRAS: Record<string, string[]> = {
  'iam.create-virtual-mfa-device': ['--outfile', 'mfa-seed.txt', '--bootstrap-method', 'Base32StringSeed'],
};

/** Parameters that hold a JSON document as a string; passed as one compact, quoted JSON argument. */
const JSON_DOCUMENTS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'Policy', 'PermissionsPolicy', 'PolicyInputList', 'ResourcePolicy']);

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const NAME = /^[A-Za-z][A-Za-z0-9]*$/;
/** What the server and the SDK put in place of a secret. */
const REDACTED = /\[REDACTED(?::[^\]]*)?\]|\*\*\*SensitiveInformation\*\*\*/;

/** One shell word: bare when it is plainly safe, otherwise in single quotes (a ' becomes '\''). */
export function shellQuote(value: string): string {
  if (SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A JSON document given as a string, compacted; anything that is not JSON stays as it is. */
function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

function argument(service: string, operation: string, key: string, value: unknown): string[] {
  const base = cliName(key);
  const flag = `--${RENAMES[`${service}.${operation}.${base}`] ?? base}`;
  if (typeof value === 'boolean') return [value ? flag : `--no-${flag.slice(2)}`];
  let text: string;
  if (typeof value === 'string') text = JSON_DOCUMENTS.has(key) ? compactJson(value) : value;
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else text = JSON.stringify(value);
  // A value that starts with "-" would read as an option: join it to its flag.
  return text.startsWith('-') ? [`${flag}=${shellQuote(text)}`] : [flag, shellQuote(text)];
}

/** The comment line naming who signed the call, or '' when the server did not say. */
export function signerComment(signer: CallSigner | undefined): string {
  if (!signer) return '';
  const who = signer.principal ? ` (${signer.principal})` : '';
  if (signer.kind === 'notebook') return `# as the notebook's own identity${who}`;
  if (signer.kind === 'access-key') {
    return `# as the access key ${signer.accessKeyId}${who}: export it and its secret as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY first`;
  }
  return `# as the temporary credentials ${signer.accessKeyId}${who}: export them as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN first`;
}

/**
 * The command, preceded by comment lines: who signed the call, and a note when a value is a
 * redaction marker. A call whose names are not plain API names gets a comment instead.
 */
export function cliCommand(call: CliCall): string {
  const serviceId = call.service.replace(/Client$/, '');
  const operationId = call.operation.replace(/Command$/, '');
  if (!NAME.test(serviceId) || !NAME.test(operationId)) return '# This call has no AWS CLI equivalent the notebook can write.';
  const service = serviceId.toLowerCase();
  const operation = cliName(operationId);
  const words = ['aws', CLI_SERVICES[service] ?? service, operation];
  const input = call.input && typeof call.input === 'object' && !Array.isArray(call.input) ? (call.input as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || !NAME.test(key)) continue;
    words.push(...argument(service, operation, key, value));
  }
  words.push(...(REQUIRED_EXTRAS[`${service}.${operation}`] ?? []));
  if (call.region && (!call.endpoint || call.region !== 'us-east-1')) words.push('--region', shellQuote(call.region));
  if (call.endpoint) words.push('--endpoint-url', shellQuote(call.endpoint));
  const command = words.join(' ');
  const lines = [signerComment(call.signer)];
  if (REDACTED.test(command)) lines.push('# [REDACTED…] stands for a secret the notebook never shows: put the real value there yourself');
  return [...lines.filter(Boolean), command].join('\n');
}
