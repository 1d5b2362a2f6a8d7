/**
 * The facilitator's room-wide controls (markup from RoomJoinPanel.astro and RoomControls.astro):
 * lock or unlock joining, a new join code, the announcement (empty clears it) and the pacing
 * (every lesson open, or the ticked ones; "Open the next lesson" ticks the first closed one).
 * Each action goes through the console's `act`, which says how it went and polls again; the
 * fields follow the server's answer unless the facilitator is editing them.
 */
import { apiPost } from '../../api/api-client.ts';
import type { Pacing, RoomAnswer } from '../../api/contract.ts';
import { lessonsInProgress, nextLessonToOpen } from './grid-model.ts';

export type Act = (work: () => Promise<string>) => Promise<void>;

export class RoomControls {
  readonly #root: HTMLElement;
  readonly #act: Act;
  #last: RoomAnswer | undefined;
  /** A pacing change is on its way: the boxes show what was asked, not the last poll. */
  #pacingSent = 0;

  constructor(root: HTMLElement, act: Act) {
    this.#root = root;
    this.#act = act;
    this.#button('lock').addEventListener('click', () => void this.#lock());
    this.#button('rotate').addEventListener('click', () => void this.#rotate());
    const announce = this.#q<HTMLFormElement>('[data-part="announce"]');
    announce.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#announce(this.#text.value);
    });
    this.#button('clear-announcement').addEventListener('click', () => void this.#announce(''));
    const pacing = this.#q<HTMLFieldSetElement>('[data-part="pacing"]');
    pacing.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      // Switching to paced keeps open the lessons learners have begun (none: "Open the next lesson" opens the first).
      const begun = this.#last ? lessonsInProgress(this.#last.counts, this.#last.lessons) : [];
      if (input.name === 'pacing-mode') void this.#pace({ mode: input.value === 'paced' ? 'paced' : 'open', open: input.value === 'paced' ? begun : [] });
      else void this.#pace(this.#askedPacing());
    });
    this.#button('open-next').addEventListener('click', () => {
      const next = this.#last && nextLessonToOpen(this.#askedPacing(), this.#last.lessons);
      if (next) void this.#pace({ mode: 'paced', open: [...this.#askedPacing().open, next.slug] }, next.title);
    });
  }

  #q<T extends HTMLElement>(selector: string): T {
    return this.#root.querySelector<T>(selector)!;
  }
  #button(action: string): HTMLButtonElement {
    return this.#q<HTMLButtonElement>(`[data-action="${action}"]`);
  }
  get #text(): HTMLInputElement {
    return this.#q<HTMLInputElement>('#room-announce-text');
  }
  get #modes(): HTMLInputElement[] {
    return [...this.#root.querySelectorAll<HTMLInputElement>('input[name="pacing-mode"]')];
  }
  get #boxes(): HTMLInputElement[] {
    return [...this.#root.querySelectorAll<HTMLInputElement>('input[name="pacing-open"]')];
  }

  update(room: RoomAnswer): void {
    this.#last = room;
    const lock = this.#button('lock');
    lock.setAttribute('aria-pressed', String(room.locked));
    lock.textContent = room.locked ? 'Unlock joining' : 'Lock joining';
    const current = this.#q('[data-part="announcement"]');
    const said = room.announcement ? `Showing: “${room.announcement.text}” (since ${new Date(room.announcement.at).toLocaleTimeString()})` : 'No announcement.';
    if (current.textContent !== said) current.textContent = said;
    if (this.#pacingSent === 0) this.#showPacing(room.pacing);
  }

  #showPacing(pacing: Pacing): void {
    for (const mode of this.#modes) mode.checked = mode.value === pacing.mode;
    for (const box of this.#boxes) {
      box.checked = pacing.mode === 'open' || pacing.open.includes(box.value);
      box.disabled = pacing.mode === 'open';
    }
    const next = this.#last && nextLessonToOpen(pacing, this.#last.lessons);
    const button = this.#button('open-next');
    button.disabled = !next;
    button.textContent = next ? `Open the next lesson: ${next.title}` : 'Open the next lesson';
  }

  /** The pacing the fields ask for now. */
  #askedPacing(): Pacing {
    const mode = this.#modes.find((m) => m.checked)?.value === 'paced' ? 'paced' : 'open';
    return { mode, open: mode === 'paced' ? this.#boxes.filter((b) => b.checked).map((b) => b.value) : [] };
  }

  async #pace(pacing: Pacing, opened?: string): Promise<void> {
    this.#pacingSent++;
    this.#showPacing(pacing);
    try {
      await this.#act(async () => {
        const answer = await apiPost('/api/room/pacing', pacing);
        if (this.#last) this.#last.pacing = answer;
        if (answer.mode === 'open') return 'Every lesson is open to learners.';
        if (opened) return `Opened “${opened}” to learners.`;
        const titles = this.#last?.lessons.filter((l) => answer.open.includes(l.slug)).map((l) => `“${l.title}”`) ?? [];
        return titles.length > 0 ? `Learners can run: ${titles.join(', ')}.` : 'Paced: no lesson is open yet. Open the first when the room is ready.';
      });
    } finally {
      this.#pacingSent--;
      if (this.#last) this.#showPacing(this.#last.pacing);
    }
  }

  #lock(): Promise<void> {
    const locked = !(this.#last?.locked ?? false);
    return this.#act(async () => {
      const answer = await apiPost('/api/room/lock', { locked });
      if (this.#last) this.update({ ...this.#last, locked: answer.locked });
      return answer.locked ? 'Joining is locked: nobody new can join.' : 'Joining is open again.';
    });
  }

  #rotate(): Promise<void> {
    return this.#act(async () => {
      const answer = await apiPost('/api/room/code', {});
      return `New join code ${answer.code}: the old link and code no longer let anyone in (learners already in stay).`;
    });
  }

  #announce(text: string): Promise<void> {
    return this.#act(async () => {
      const answer = await apiPost('/api/room/announce', { text });
      if (answer.announcement) this.#text.value = '';
      return answer.announcement ? 'Announced on every learner’s page.' : 'The announcement is cleared.';
    });
  }
}
