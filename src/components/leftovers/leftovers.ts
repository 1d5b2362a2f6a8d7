/**
 * Pure text for the leftovers notice on the home page: what the clean-up API found
 * (`GET /api/cleanup` → `{ leftovers: [{ kind, name, source }] }`) in one sentence, or
 * nothing when there is nothing to say.
 */
export interface LeftoverView {
  kind: string;
  name: string;
}

const NOUNS: Record<string, string> = { 'mfa-device': 'MFA device', 'oidc-provider': 'OIDC provider', 'saml-provider': 'SAML provider', file: 'folder of lesson files' };

export function leftoversText(leftovers: LeftoverView[]): string | undefined {
  const top = leftovers.filter((l) => ['user', 'role', 'policy', 'mfa-device', 'oidc-provider', 'saml-provider', 'file'].includes(l.kind));
  const shown = top.length ? top : leftovers;
  if (shown.length === 0) return undefined;
  // Lesson files are on this machine (the notebook's state directory), not in the account.
  const inAccount = shown.filter((l) => l.kind !== 'file');
  const files = shown.length - inAccount.length;
  const onMachine = files ? listOf([['file', files]]) : '';
  if (inAccount.length === 0) return `Earlier runs (or lessons you have not torn down) left ${onMachine} on this machine.`;
  const counts = new Map<string, number>();
  for (const l of inAccount) counts.set(l.kind, (counts.get(l.kind) ?? 0) + 1);
  // Identity providers have no path: they are the workshop's by their tag alone.
  const where = inAccount.every((l) => l.kind.endsWith('-provider')) ? '' : ' under /sts-workshop/';
  const andFiles = files ? `, and ${onMachine} on this machine` : '';
  return `Earlier runs (or lessons you have not torn down) left ${listOf([...counts])}${where} in this account${andFiles}.`;
}

/** "1 role, 2 policies and 1 MFA device". */
function listOf(counts: [string, number][]): string {
  const label = (kind: string, n: number) => {
    const noun = NOUNS[kind] ?? kind.replace('-', ' ');
    const plural = noun === 'policy' ? 'policies' : noun.startsWith('folder ') ? noun.replace('folder', 'folders') : `${noun}s`;
    return `${n} ${n === 1 ? noun : plural}`;
  };
  const parts = counts.map(([kind, n]) => label(kind, n));
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
}
