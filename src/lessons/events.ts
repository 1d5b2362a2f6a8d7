/**
 * The events a step run streams, one JSON object per NDJSON line. Shared by the runner (which
 * writes them) and the page (which renders them). Types only; no behaviour.
 */
export type StepStatus = 'idle' | 'running' | 'succeeded' | 'failed' | 'expected-failure' | 'cancelled';

export type StepEvent =
  | { type: 'start'; lesson: string; step: string; at: string }
  | {
      type: 'call';
      service: string;
      operation: string;
      input: unknown;
      output?: unknown;
      error?: { name: string; message: string };
      requestId?: string;
      ms: number;
    }
  | { type: 'log'; text: string }
  | { type: 'progress'; label: string; done: number; total: number }
  | { type: 'result'; value: unknown }
  | { type: 'error'; name: string; message: string; expected: boolean }
  | { type: 'end'; ok: boolean; status: Exclude<StepStatus, 'idle' | 'running'>; ms: number };
