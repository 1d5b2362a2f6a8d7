/**
 * The sandbox's own controls, reached through its signed `sandbox` service so the runner needs
 * only the sandbox URL and the admin credentials it already has, embedded or external:
 * fast-forward one session (AgeCredentials) or the whole clock (AdvanceClock). Real AWS has no
 * such thing; callers check the target.
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

/** The sandbox's simulated clock (which judges credentials and TOTP codes), in ms since the epoch. */
export async function sandboxClockNow(target: Target): Promise<number> {
  return Date.parse(element(await callSandbox(target, 'GetClock', {}), 'Now'));
}
