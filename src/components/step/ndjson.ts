/**
 * Reading a streamed NDJSON body (one StepEvent per line) in the browser. Pure: no DOM. Network
 * chunks end anywhere, in the middle of a line or of a multi-byte character, so bytes are
 * decoded with a streaming TextDecoder and lines are emitted only once their `\n` has arrived.
 */
import type { StepEvent, StepStatus } from '../../lessons/events.ts';

/** Accumulates text chunks and hands back the complete lines seen so far. */
export class LineSplitter {
  #rest = '';

  /** Adds a chunk; returns the complete, non-blank lines it finished (without `\n` / `\r\n`). */
  push(chunk: string): string[] {
    this.#rest += chunk;
    const parts = this.#rest.split('\n');
    this.#rest = parts.pop() ?? '';
    return parts.map(stripCr).filter((line) => line.trim() !== '');
  }

  /** The unterminated last line, if any (a stream may end without a final newline). */
  flush(): string[] {
    const last = stripCr(this.#rest);
    this.#rest = '';
    return last.trim() === '' ? [] : [last];
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Yields the lines of a byte stream as they complete. */
export async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const splitter = new LineSplitter();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* splitter.push(decoder.decode(value, { stream: true }));
    }
    yield* splitter.push(decoder.decode());
    yield* splitter.flush();
  } finally {
    reader.releaseLock();
  }
}

const finalStatuses = new Set<string>(['succeeded', 'failed', 'expected-failure', 'cancelled']);
const eventTypes = new Set<string>(['start', 'call', 'log', 'progress', 'result', 'error', 'end']);

/**
 * Parses one NDJSON line into a StepEvent, or returns undefined when the line is not JSON or
 * not an object with a known `type`. An `end` without a valid `status` gets one from `ok`.
 */
export function parseEvent(line: string): StepEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const event = value as { type?: unknown; status?: unknown; ok?: unknown };
  if (typeof event.type !== 'string' || !eventTypes.has(event.type)) return undefined;
  if (event.type === 'end' && (typeof event.status !== 'string' || !finalStatuses.has(event.status))) {
    return { ...(event as object), status: event.ok === true ? 'succeeded' : 'failed' } as StepEvent;
  }
  return value as StepEvent;
}

/** What a stream line turned into: an event, or a line that could not be read. */
export type StreamItem = { event: StepEvent } | { unreadable: string };

/** Yields each line of an NDJSON body as an event (or as unreadable) as soon as it arrives. */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamItem> {
  for await (const line of readLines(body)) {
    const event = parseEvent(line);
    yield event ? { event } : { unreadable: line };
  }
}

/** Narrows a final status string from the API (`end.status`). */
export function isFinalStatus(value: unknown): value is Exclude<StepStatus, 'idle' | 'running'> {
  return typeof value === 'string' && finalStatuses.has(value);
}
