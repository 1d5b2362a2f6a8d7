/**
 * Test support: a lock for work that must not interleave, such as moving the sandbox clock,
 * reading the authenticator's codes and running the step that sends them while other lessons
 * run in parallel through the same notebook (tests/support/drive-lesson.ts `clockLock`). Callers
 * queue in order; it has no timeout and does not notice a holder that never finishes.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((r) => (release = r));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
