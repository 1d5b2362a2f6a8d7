/**
 * The MFA codes the steps on this page have sent, per lesson: AWS accepts each code only once,
 * so the authenticator warns before a code is filled in or shown a second time. Kept in
 * sessionStorage so a reload still knows them (a used one-time code is no secret; it is worthless
 * once used); step-mfa-buttons.ts records the codes when a step's Run submits its form.
 */
const byLesson = new Map<string, Set<string>>();
const KEY = (lesson: string) => `sts-workshop:sent-codes:${lesson}`;

/** A Set that writes itself to sessionStorage on every add (keeping the last 20 codes). */
class StoredCodes extends Set<string> {
  readonly #key: string;
  constructor(key: string, initial: string[]) {
    super(); // not super(initial): Set's constructor would call add() before #key exists
    this.#key = key;
    for (const code of initial) super.add(code);
  }
  override add(code: string): this {
    super.add(code);
    try {
      sessionStorage.setItem(this.#key, JSON.stringify([...this].slice(-20)));
    } catch {
      // Storage unavailable (private mode, quota): page memory still works.
    }
    return this;
  }
}

function load(key: string): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string' && /^\d{6}$/.test(c)) : [];
  } catch {
    return [];
  }
}

/** The (live, shared) set of codes sent by the lesson's steps on this page. */
export function sentCodes(lesson: string): Set<string> {
  let set = byLesson.get(lesson);
  if (!set) byLesson.set(lesson, (set = new StoredCodes(KEY(lesson), load(KEY(lesson)))));
  return set;
}
