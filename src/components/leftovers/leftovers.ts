/**
 * Pure text for the leftovers notice on the home page: what the clean-up API found
 * (`GET /api/cleanup` → `{ leftovers: [{ kind, name, source }] }`) in one sentence, or
 * nothing when there is nothing to say.
 */
export interface LeftoverView {
  kind: string;
  name: string;
}

const NOUNS: Record<string, string> = { 'mfa-device': 'MFA device', 'oidc-provider': 'OIDC provider', 'saml-provider': 'SAML provider' };

export function leftoversText(leftovers: LeftoverView[]): string | undefined {
  const top = leftovers.filter((l) => ['user', 'role', 'policy', 'mfa-device', 'oidc-provider', 'saml-provider'].includes(l.kind));
  const shown = top.length ? top : leftovers;
  if (shown.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const l of shown) counts.set(l.kind, (counts.get(l.kind) ?? 0) + 1);
  const label = (kind: string, n: number) => {
    const noun = NOUNS[kind] ?? kind.replace('-', ' ');
    return `${n} ${n === 1 ? noun : noun === 'policy' ? 'policies' : `${noun}s`}`;
  };
  const parts = [...counts].map(([kind, n]) => label(kind, n));
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  // Identity providers have no path: they are the workshop's by their tag alone.
  const where = shown.every((l) => l.kind.endsWith('-provider')) ? '' : ' under /sts-workshop/';
  return `Earlier runs (or lessons you have not torn down) left ${list}${where} in this account.`;
}
