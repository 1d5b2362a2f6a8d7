/**
 * The lab report a learner downloads (`GET /api/report`): a Markdown summary of their runs,
 * built from the steps' remembered last runs (the redacted NDJSON lines as streamed). It names
 * the target, account, region and date, then per lesson whether it was completed and, per step
 * that ran, its outcome, when it started, how long it took, the error if any, and its SDK calls
 * (service, operation, HTTP outcome or error code, request id, time). It leaves out inputs,
 * outputs and results: the report says what happened, not what was handed back. Every string
 * goes through `redact` before it is escaped for Markdown, and the whole text once more at the
 * end, so no secret reaches the file in any encoding the redactor knows. Pure: no I/O.
 */
import type { StepEvent, StepStatus } from '../../src/lessons/events.ts';

export interface ReportStep {
  id: string;
  title: string;
  phase: string;
  status: StepStatus;
  /** The step's last run, as streamed; absent when it has not run. */
  lastRun?: string[];
}

export interface ReportLesson {
  slug: string;
  title: string;
  completedAt?: string;
  steps: ReportStep[];
}

export interface ReportInput {
  generatedAt: Date;
  target: { kind: 'sandbox' | 'aws'; accountId: string; region: string; arn?: string };
  lessons: ReportLesson[];
  redact(text: string): string;
}

type CallEvent = Extract<StepEvent, { type: 'call' }>;

const OUTCOME: Record<StepStatus, string> = {
  idle: 'not run',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  'expected-failure': 'failed as expected',
  cancelled: 'cancelled',
};

/** `sts-workshop-report-2030-01-02.md` (the UTC date). */
export function reportFilename(date: Date): string {
  return `sts-workshop-report-${date.toISOString().slice(0, 10)}.md`;
}

export function labReport(input: ReportInput): string {
  const { redact } = input;
  // Redact first, then escape: escaping could split a secret the redactor would have known.
  const text = (value: unknown) => escapeText(redact(String(value ?? '')));
  const code = (value: unknown) => codeSpan(redact(String(value ?? '')));
  const { target } = input;
  const completed = input.lessons.filter((l) => l.completedAt).length;

  const out: string[] = [
    '# STS Workshop lab report',
    '',
    `- Date: ${utc(input.generatedAt.toISOString())}`,
    `- Target: ${target.kind === 'aws' ? 'REAL AWS account' : 'offline sandbox'}`,
    `- Account: ${code(target.accountId)}`,
    `- Region: ${code(target.region)}`,
    ...(target.arn ? [`- Notebook identity: ${code(target.arn)}`] : []),
    `- Lessons completed: ${completed} of ${input.lessons.length}`,
    '',
    'Secret access keys, session tokens, sign-in tokens and MFA seeds are never part of this report: every line went through the notebook’s redactor.',
    '',
    '| Lesson | Progress |',
    '| --- | --- |',
    ...input.lessons.map((l) => `| ${text(l.title)} | ${progressCell(l)} |`),
  ];

  for (const lesson of input.lessons) {
    const ran = lesson.steps.filter((s) => s.lastRun?.length || s.status !== 'idle');
    if (ran.length === 0) continue;
    out.push('', `## ${text(lesson.title)}`, '');
    out.push(lesson.completedAt ? `Completed ${utc(lesson.completedAt)}.` : 'Not completed yet.');
    for (const step of ran) {
      const events = parseLines(step.lastRun ?? []);
      const start = events.find((e): e is Extract<StepEvent, { type: 'start' }> => e.type === 'start');
      const end = events.find((e): e is Extract<StepEvent, { type: 'end' }> => e.type === 'end');
      const error = events.find((e): e is Extract<StepEvent, { type: 'error' }> => e.type === 'error');
      const calls = events.filter((e): e is CallEvent => e.type === 'call');
      out.push('', `### ${text(step.title)}`, '');
      out.push(`- Phase: ${text(step.phase)}`);
      out.push(`- Outcome: ${OUTCOME[end?.status ?? step.status] ?? text(step.status)}`);
      if (start?.at) out.push(`- Started: ${utc(String(start.at))}`);
      if (end && Number.isFinite(end.ms)) out.push(`- Took: ${duration(end.ms)}`);
      if (error) out.push(`- ${error.expected ? 'Expected error' : 'Error'}: ${code(error.name)}: ${text(clip(error.message))}`);
      if (calls.length === 0) {
        out.push('- Calls: none');
        continue;
      }
      out.push('', '| # | Service | Operation | Outcome | Request ID | Took |', '| --- | --- | --- | --- | --- | --- |');
      calls.forEach((call, i) => {
        const outcome = callOutcome(call);
        out.push(`| ${i + 1} | ${text(serviceName(call.service))} | ${code(operationName(call.operation))} | ${code(outcome)} | ${call.requestId ? code(call.requestId) : '–'} | ${duration(call.ms)} |`);
      });
    }
  }
  return redact(out.join('\n') + '\n');

  function progressCell(lesson: ReportLesson): string {
    const meant = lesson.steps.filter((s) => s.status === 'succeeded' || s.status === 'expected-failure').length;
    const all = lesson.steps.length;
    // Completion is for good; the statuses are the current run-through's, which may be a later one.
    if (lesson.completedAt && meant < all) return `completed earlier · now ${meant} of ${all} steps ended as meant`;
    const state = lesson.completedAt ? 'completed' : lesson.steps.some((s) => s.status !== 'idle') ? 'started' : 'not started';
    return `${state} · ${meant} of ${all} steps ended as meant`;
  }
}

/** "HTTP 200", "AccessDenied (HTTP 403)", or just the error code when no status was recorded. */
function callOutcome(call: CallEvent): string {
  const extra = call as CallEvent & { httpStatus?: unknown };
  const status = typeof extra.httpStatus === 'number' ? extra.httpStatus : undefined;
  if (call.error) return status ? `${call.error.name} (HTTP ${status})` : call.error.name;
  return status ? `HTTP ${status}` : 'OK';
}

function parseLines(lines: string[]): StepEvent[] {
  const events: StepEvent[] = [];
  for (const line of lines) {
    try {
      const event = JSON.parse(line) as StepEvent;
      if (event && typeof event === 'object' && typeof event.type === 'string') events.push(event);
    } catch {
      // a line cut by the size cap: the report keeps what it can read
    }
  }
  return events;
}

function serviceName(service: unknown): string {
  return String(service ?? '').replace(/Client$/, '');
}
function operationName(operation: unknown): string {
  return String(operation ?? '').replace(/Command$/, '');
}

function duration(ms: unknown): string {
  const n = Number(ms);
  if (!Number.isFinite(n) || n < 0) return '–';
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}

/** "2030-01-02 03:04:05 UTC" from an ISO time; anything else as it came, escaped. */
function utc(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? escapeText(iso) : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function clip(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Plain Markdown text on one line: no markup, no HTML, no table breaks. */
function escapeText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_[\]|#]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An identifier in a code span; backticks and pipes cannot end it or a table cell. */
function codeSpan(text: string): string {
  const clean = text.replace(/[\r\n\t]+/g, ' ').replace(/`/g, "'").replace(/\|/g, '¦');
  return clean ? `\`${clean}\`` : '–';
}
