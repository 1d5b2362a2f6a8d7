/**
 * Fast-forwards the sandbox's simulated clock through its own signed `sandbox` service
 * (AdvanceClock), so the runner needs only the sandbox URL and the admin credentials it
 * already has, embedded or external. Real AWS has no such thing; callers check the target.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Target } from './target.ts';

export async function advanceSandboxClock(target: Target, seconds: number): Promise<{ now: string; offsetSeconds: number }> {
  if (target.kind !== 'sandbox' || !target.endpoint) throw new Error('Only the offline sandbox has a clock to fast-forward.');
  const url = new URL(target.endpoint);
  const body = `Action=AdvanceClock&Version=2026-11-01&Seconds=${Math.round(seconds)}`;
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
  if (!response.ok) throw new Error(`The sandbox refused to move its clock: ${/<Message>([^<]*)</.exec(text)?.[1] ?? response.status}`);
  return { now: /<Now>([^<]+)</.exec(text)?.[1] ?? '', offsetSeconds: Number(/<OffsetSeconds>([^<]+)</.exec(text)?.[1] ?? 0) };
}
