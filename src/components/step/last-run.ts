/**
 * A step's last run, as the notebook server remembers it (`GET /api/lessons/<lesson>/steps/
 * <step>/last-run`: the NDJSON lines exactly as they were streamed, already redacted; 204 when
 * the step has not run), for a page loaded after the run: fetchLastRun answers the lines as
 * stream items, ready for step-output.ts to draw as if they had just arrived, or undefined when
 * there is nothing to show. runTimes (pure, tested) reads when the run started and when its
 * result was made, for the "Last run, 14:32:05" line and the countdown of an offered secret.
 */
import { apiFetch } from '../../api/api-fetch.ts';
import type { StepEvent } from '../../lessons/events.ts';
import { LineSplitter, parseEvent, type StreamItem } from './ndjson.ts';

/** The remembered run's events, or undefined (never ran, forgotten, or the server failed). */
export async function fetchLastRun(lesson: string, step: string): Promise<StreamItem[] | undefined> {
  const url = `/api/lessons/${encodeURIComponent(lesson)}/steps/${encodeURIComponent(step)}/last-run`;
  const res = await apiFetch(url, { headers: { accept: 'application/x-ndjson' }, cache: 'no-store' });
  if (!res.ok) return undefined;
  const items = runItems(await res.text());
  return items.length > 0 ? items : undefined;
}

/** NDJSON text → stream items, as readEvents would yield them from a live stream. */
export function runItems(text: string): StreamItem[] {
  const splitter = new LineSplitter();
  return [...splitter.push(text), ...splitter.flush()].map((line) => {
    const event = parseEvent(line);
    return event ? { event } : { unreadable: line };
  });
}

/**
 * When the run started (the `start` event's `at`, as sent) and when it ended (`at` + the `end`
 * event's `ms`, in ms since the epoch; the start when there is no end): offers are made at the
 * end of a step, just before its result.
 */
export function runTimes(items: readonly StreamItem[]): { startedAt?: string; endedAt?: number } {
  const events = items.flatMap((item) => ('event' in item ? [item.event] : []));
  const start = events.find((e): e is Extract<StepEvent, { type: 'start' }> => e.type === 'start');
  if (!start || typeof start.at !== 'string') return {};
  const began = Date.parse(start.at);
  if (Number.isNaN(began)) return { startedAt: start.at };
  const end = events.find((e): e is Extract<StepEvent, { type: 'end' }> => e.type === 'end');
  const ms = end && Number.isFinite(end.ms) && end.ms >= 0 ? end.ms : 0;
  return { startedAt: start.at, endedAt: began + ms };
}
