/**
 * A poll that rests while the tab is hidden: `poll(task, ms)` runs `task` now and then `ms` after
 * each run ends (never two at once), pauses when the document is hidden and runs again as soon
 * as it is visible. `stop()` ends it for good; `now()` runs it at once (after an action).
 */
export interface Poll {
  now(): void;
  stop(): void;
}

export function poll(task: () => Promise<void>, ms: number): Poll {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;

  const run = async () => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await task();
    } catch {
      // the task shows its own errors; the poll goes on
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      void run();
    } else schedule();
  };
  const schedule = () => {
    if (!stopped && !document.hidden) timer = setTimeout(() => void run(), ms);
  };
  const onVisibility = () => {
    if (document.hidden) clearTimeout(timer);
    else if (!running) void run();
  };
  document.addEventListener('visibilitychange', onVisibility);
  void run();
  return {
    now: () => void run(),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
