/**
 * <credentials-panel data-lesson>: the behaviour of the credentials panel (markup from
 * CredentialsPanel.astro; loaded after the page has settled, load-panel.ts). It draws the lesson's credentials from the page's credentials store
 * (credentials-store.ts): label, kind, principal, key id and, for temporary ones, a countdown
 * that ticks each second and turns into "expired … ago". Each step that builds on the step that
 * made an expired credential gets a note saying so, with a link to that step ("Needs the role
 * session, which expired 2 min ago: run “Assume the role” again."); the note goes when the
 * credential is renewed or gone. A credential expiring while the page is open is announced once.
 * On a phone the panel starts closed, its one-line summary showing what it holds.
 * Text only (textContent, never innerHTML); it never sees a secret.
 */
import { KIND_LABEL, type CredentialView } from '../../lessons/credentials.ts';
import { ago, clock, expiredNote, inSentence, secondsLeftNow } from './countdown.ts';
import { CredentialsStore, type CredentialsSnapshot } from './credentials-store.ts';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

interface Row {
  view: CredentialView;
  item: HTMLLIElement;
  time: HTMLElement;
}

export class CredentialsPanel extends HTMLElement {
  #wired = false;
  #rows: Row[] = [];
  #snapshot: CredentialsSnapshot | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Credentials seen unexpired in this page: their expiry is announced. */
  #live = new Set<string>();
  #list!: HTMLElement;
  #summary!: HTMLElement;
  #announce!: HTMLElement;

  get lesson(): string {
    return this.dataset.lesson ?? '';
  }

  connectedCallback(): void {
    if (this.#wired) return;
    this.#wired = true;
    this.#list = this.querySelector('[data-part="list"]')!;
    this.#summary = this.querySelector('[data-part="summary"]')!;
    this.#announce = this.querySelector('[data-part="announce"]')!;
    // On a phone the box starts closed: its summary line says what it holds and what expires next.
    const box = this.querySelector('details');
    if (box && matchMedia('(max-width: 36rem)').matches) box.open = false;
    CredentialsStore.for(this.lesson).subscribe((snapshot) => this.#show(snapshot));
  }

  disconnectedCallback(): void {
    clearInterval(this.#timer);
  }

  #show(snapshot: CredentialsSnapshot): void {
    this.#snapshot = snapshot;
    const key = (v: CredentialView) => `${v.name}|${v.accessKeyId ?? ''}`;
    const known = new Set(snapshot.answer.credentials.map(key));
    for (const name of this.#live) if (!known.has(name)) this.#live.delete(name);
    this.#rows = snapshot.answer.credentials.map((view) => this.#row(view));
    this.#list.replaceChildren(...this.#rows.map((r) => r.item));
    clearInterval(this.#timer);
    if (this.#rows.some((r) => r.view.secondsLeft !== undefined)) this.#timer = setInterval(() => this.#tick(), 1000);
    this.#tick(true);
  }

  #row(view: CredentialView): Row {
    const item = el('li', `cred cred-${view.kind}`);
    item.dataset.name = view.name;
    item.dataset.testid = 'credential';
    const head = el('div', 'cred-head');
    const time = el('span', 'cred-time');
    time.dataset.part = 'time';
    head.append(el('strong', 'cred-label', view.label), el('span', 'cred-kind', KIND_LABEL[view.kind]), time);
    const who = el('div', 'cred-who');
    const arn = el('code', 'cred-arn', view.principal);
    arn.dataset.testid = 'principal';
    who.append(arn);
    if (view.accessKeyId) {
      const id = el('span', 'cred-key');
      id.append('key ', el('code', '', view.accessKeyId));
      who.append(id);
    }
    item.append(head, who);
    return { view, item, time };
  }

  /** Every second: countdowns, expired marks, the summary, the steps' notes. */
  #tick(first = false): void {
    const snapshot = this.#snapshot;
    if (!snapshot) return;
    const now = performance.now();
    const expired: { view: CredentialView; left: number }[] = [];
    let soonest: { view: CredentialView; left: number } | undefined;
    for (const { view, item, time } of this.#rows) {
      const left = secondsLeftNow(view, snapshot.receivedAt, now);
      const key = `${view.name}|${view.accessKeyId ?? ''}`;
      if (left === undefined) {
        // A long-term key (AKIA…) does not expire; a notebook on a provider chain does not say.
        time.textContent = view.accessKeyId?.startsWith('AKIA') ? 'does not expire' : 'no expiry known';
        continue;
      }
      const gone = view.expired || left <= 0;
      item.classList.toggle('is-expired', gone);
      if (gone) {
        time.textContent = `⊘ expired ${ago(Math.min(left, 0))}`;
        expired.push({ view, left: Math.min(left, 0) });
        if (this.#live.delete(key) && !first) this.#announce.textContent = `${capital(inSentence(view.label))} has expired.`;
      } else {
        time.textContent = `expires in ${clock(left)}`;
        this.#live.add(key);
        if (!soonest || left < soonest.left) soonest = { view, left };
      }
    }
    this.#summarize(soonest, expired.length);
    this.#placeNotes(expired);
  }

  #summarize(soonest: { view: CredentialView; left: number } | undefined, expired: number): void {
    const held = this.#rows.length - 1;
    if (held <= 0) {
      this.#summary.textContent = "the notebook's own, for now";
      return;
    }
    const parts = [`${held} held by the lesson`];
    if (soonest) parts.push(`${inSentence(soonest.view.label)} expires in ${clock(soonest.left)}`);
    if (expired) parts.push(`${expired} expired`);
    this.#summary.textContent = parts.join(' · ');
  }

  /** Notes on the steps that need an expired credential; the other notes go. */
  #placeNotes(expired: { view: CredentialView; left: number }[]): void {
    const wanted = new Map<string, { view: CredentialView; left: number }>();
    for (const e of expired) for (const step of e.view.neededBy) wanted.set(`${step.id}|${e.view.name}`, e);
    const lesson = CSS.escape(this.lesson);
    for (const note of document.querySelectorAll<HTMLElement>(`run-step[data-lesson="${lesson}"] [data-testid="expired-note"]`)) {
      if (!wanted.has(`${note.dataset.step}|${note.dataset.credential}`)) note.remove();
    }
    for (const [id, { view, left }] of wanted) {
      const stepId = id.slice(0, id.indexOf('|'));
      const step = document.querySelector<HTMLElement>(`run-step[data-lesson="${lesson}"][data-step="${CSS.escape(stepId)}"]`);
      if (!step) continue;
      let note = step.querySelector<HTMLElement>(`[data-testid="expired-note"][data-credential="${CSS.escape(view.name)}"]`);
      if (!note) {
        note = el('p', 'step-note note-expired');
        note.dataset.testid = 'expired-note';
        note.dataset.step = stepId;
        note.dataset.credential = view.name;
        notesOf(step).append(note);
      }
      const parts = expiredNote(view, left);
      const text = el('span');
      text.append(parts.before);
      if (parts.step) {
        const link = el('a', '', `“${parts.step.title}”`);
        link.href = `#step-${parts.step.id}`;
        text.append(link);
      }
      text.append(parts.after);
      if (note.textContent !== `↻${text.textContent}`) note.replaceChildren(iconOf('↻'), text);
    }
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function iconOf(symbol: string): HTMLElement {
  const icon = el('span', 'note-icon', symbol);
  icon.setAttribute('aria-hidden', 'true');
  return icon;
}

/** A step's notes box (Step.astro renders one only for steps with notes): found or made above its code. */
function notesOf(step: HTMLElement): HTMLElement {
  let box = step.querySelector<HTMLElement>(':scope > .step-notes');
  if (!box) {
    box = el('div', 'step-notes');
    const code = step.querySelector(':scope > [data-part="code"]');
    if (code) code.before(box);
    else step.append(box);
  }
  return box;
}

if (!customElements.get('credentials-panel')) customElements.define('credentials-panel', CredentialsPanel);
