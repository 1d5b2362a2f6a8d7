/**
 * The page's one copy of what a lesson's credentials are (`GET /api/lessons/:lesson/credentials`),
 * shared by the credentials panel, the try-it cell's picker and the trust diagram. It asks on
 * first use, again when a run in this lesson ends (a bubbling `step-event` of type `end`), after
 * `lesson-reset`, and when the tab becomes visible again; each subscriber gets every answer with
 * the moment it arrived (`performance.now()`), so countdowns run from it. A failed request
 * keeps the last answer. It draws nothing.
 */
import type { StepEvent } from '../../lessons/events.ts';
import { apiGet } from '../../api/api-client.ts';
import type { CredentialsAnswer } from '../../api/contract.ts';

export interface CredentialsSnapshot {
  answer: CredentialsAnswer;
  /** performance.now() when the answer arrived. */
  receivedAt: number;
}

type Listener = (snapshot: CredentialsSnapshot) => void;

const stores = new Map<string, CredentialsStore>();

export class CredentialsStore {
  readonly lesson: string;
  #last: CredentialsSnapshot | undefined;
  #listeners = new Set<Listener>();
  #asking: Promise<void> | undefined;
  #again = false;

  /** The store of one lesson on this page, created (and first asked) on first use. */
  static for(lesson: string): CredentialsStore {
    let store = stores.get(lesson);
    if (!store) {
      store = new CredentialsStore(lesson);
      stores.set(lesson, store);
      void store.refresh();
    }
    return store;
  }

  private constructor(lesson: string) {
    this.lesson = lesson;
    document.addEventListener('step-event', (event) => {
      const detail = (event as CustomEvent<StepEvent>).detail;
      const from = (event.target as Element | null)?.closest?.('[data-lesson]')?.getAttribute('data-lesson');
      if (detail?.type === 'end' && from === lesson) void this.refresh();
    });
    document.addEventListener('lesson-reset', () => void this.refresh());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.refresh();
    });
  }

  get last(): CredentialsSnapshot | undefined {
    return this.#last;
  }

  /** Calls `listener` with every answer (at once with the last one, if any); returns an unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (this.#last) listener(this.#last);
    return () => this.#listeners.delete(listener);
  }

  /** Asks the server again; a request already on its way is followed by one more. */
  refresh(): Promise<void> {
    if (this.#asking) {
      this.#again = true;
      return this.#asking;
    }
    this.#asking = this.#ask().finally(() => {
      this.#asking = undefined;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      }
    });
    return this.#asking;
  }

  async #ask(): Promise<void> {
    try {
      const answer = await apiGet(`/api/lessons/${encodeURIComponent(this.lesson)}/credentials`);
      this.#last = { answer, receivedAt: performance.now() };
      for (const listener of this.#listeners) listener(this.#last);
    } catch {
      // The banner explains a server that is gone; the panel keeps what it showed.
    }
  }
}
