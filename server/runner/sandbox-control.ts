/**
 * The sandbox's own controls, reached through its signed `sandbox` service so the runner needs
 * only the sandbox URL and the admin credentials it already has, embedded or external:
 * fast-forward one session (AgeCredentials) or the whole clock (AdvanceClock), set its fault
 * injection (SetFaults), or learn the account's partner account (GetPartnerAccount). Real AWS has no such thing; callers check the target.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Target } from './target.ts';

async function callSandbox(target: Target, action: string, params: Record<string, string>): Promise<string> {
  if (target.kind !== 'sandbox' || !target.endpoint) throw new Error('Only the offline sandbox has these controls.');
  const url = new URL(target.endpoint);
  const body = [`Action=${action}`, 'Version=2026-11-01', ...Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`)].join('&');
  const signer = new SignatureV4({ credentials: target.credentials as AwsCredentialIdentity, region: target.region, service: 'sandbox', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const response = await fetch(`${target.endpoint}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`The sandbox refused ${action}: ${/<Message>([^<]*)</.exec(text)?.[1] ?? response.status}`);
  return text;
}

const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';

export async function advanceSandboxClock(target: Target, seconds: number): Promise<{ now: string; offsetSeconds: number }> {
  const xml = await callSandbox(target, 'AdvanceClock', { Seconds: String(Math.round(seconds)) });
  return { now: element(xml, 'Now'), offsetSeconds: Number(element(xml, 'OffsetSeconds') || 0) };
}

export async function ageSandboxCredentials(target: Target, accessKeyId: string, seconds: number): Promise<{ accessKeyId: string; expiration: Date }> {
  const xml = await callSandbox(target, 'AgeCredentials', { AccessKeyId: accessKeyId, Seconds: String(Math.round(seconds)) });
  return { accessKeyId: element(xml, 'AccessKeyId'), expiration: new Date(element(xml, 'Expiration')) };
}

/** The notebook account's partner account on the sandbox (opened on first use): its id and the role to assume there. */
export async function sandboxPartnerAccount(target: Target): Promise<{ accountId: string; roleArn: string }> {
  const xml = await callSandbox(target, 'GetPartnerAccount', {});
  return { accountId: element(xml, 'AccountId'), roleArn: element(xml, 'RoleArn') };
}

/** The sandbox's simulated clock (which judges credentials and TOTP codes), in ms since the epoch. */
export async function sandboxClockNow(target: Target): Promise<number> {
  return Date.parse(element(await callSandbox(target, 'GetClock', {}), 'Now'));
}

export interface SandboxFaults {
  /** Share of STS/IAM/S3 requests that fail, 0..1 (0 turns faults off). */
  rate: number;
  /** Omitted: the sandbox picks one (and reports it). */
  seed?: number;
  /** throttle, unavailable, internal, drop, slow; omitted: all. */
  kinds?: string[];
  slowMs?: number;
}

/** Replaces the sandbox's fault injection; answers the settings in effect (with the seed). */
export async function setSandboxFaults(target: Target, faults: SandboxFaults): Promise<Required<SandboxFaults>> {
  const params: Record<string, string> = { Rate: faults.rate.toFixed(6) };
  if (faults.seed !== undefined) params.Seed = String(faults.seed);
  if (faults.slowMs !== undefined) params.SlowMs = String(faults.slowMs);
  faults.kinds?.forEach((kind, i) => (params[`Kinds.member.${i + 1}`] = kind));
  const xml = await callSandbox(target, 'SetFaults', params);
  const kinds = [...xml.matchAll(/<member>([^<]*)<\/member>/g)].map((m) => m[1]);
  return { rate: Number(element(xml, 'Rate')), seed: Number(element(xml, 'Seed')), kinds, slowMs: Number(element(xml, 'SlowMs')) };
}
