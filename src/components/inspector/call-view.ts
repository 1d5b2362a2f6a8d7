/**
 * One SDK call in a step's output, the call inspector: a row that names the service, the
 * operation, the HTTP status and the time ("IAM · CreateRole · 200 · 23 ms"), and opens to the
 * call's input, its output or error, the equivalent AWS CLI command (cli-command.ts) and the
 * request id, each block with a Copy button; a failed call says in one sentence why it failed
 * (error-explanations.ts, the largest piece of the page's script: it loads on demand, the first
 * time an error is drawn, so a lesson page does not carry it up front; tests/page-weight.test.ts).
 * Text only (textContent, never innerHTML); it fetches nothing but that module, and runs nothing.
 */
import type { StepEvent } from '../../lessons/events.ts';
import { callSummary, operationName, pretty, serviceName } from '../step/render-event.ts';
import { cliCommand } from './cli-command.ts';
import { copyableLabel } from './copy-button.ts';
import type { ErrorContext } from './error-explanations.ts';
import './inspector.css';

type CallEvent = Extract<StepEvent, { type: 'call' }>;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A labelled block with a Copy button; `what` completes "Copy …" for assistive technology. */
function block(label: string, text: string, what: string, className = '', testid?: string): HTMLElement {
  const wrap = el('div', `ev-block ${className}`.trim());
  const pre = el('pre', 'ev-json', text);
  if (testid) pre.dataset.testid = testid;
  wrap.append(copyableLabel(label, what, () => pre), pre);
  return wrap;
}

/**
 * The explanation paragraph under an error (`data-testid="explanation"`): in place at once and
 * hidden until its sentence has loaded, then shown; removed when there is none.
 */
export function explanationView(error: ErrorContext, className: string): HTMLElement {
  const p = el('p', className);
  p.dataset.testid = 'explanation';
  p.hidden = true;
  import('./error-explanations.ts').then(
    ({ explainError }) => {
      const text = explainError(error);
      if (!text) return p.remove();
      p.append(el('strong', 'why-label', 'Why: '), text);
      p.hidden = false;
    },
    () => p.remove(),
  );
  return p;
}

export function callView(event: CallEvent): HTMLElement {
  const failed = Boolean(event.error);
  const name = `${serviceName(event.service)} ${operationName(event.operation)}`;
  const details = el('details', `ev ev-call ${failed ? 'is-error' : 'is-ok'}`);
  details.dataset.testid = 'call';
  const summary = el('summary');
  summary.append(el('span', 'call-mark', failed ? '✗' : '✓'), el('span', 'call-text', callSummary(event)));
  if (event.error) summary.append(el('span', 'call-error', event.error.name));
  details.append(summary);

  const body = el('div', 'call-body');
  if (event.error) body.append(explanationView({ ...event.error, service: event.service, operation: event.operation }, 'call-why'));
  body.append(block('Input', pretty(event.input), `the input of ${name}`));
  if (event.error) body.append(block('Error', pretty(event.error), `the error of ${name}`, 'is-error'));
  else body.append(block('Output', pretty(event.output), `the output of ${name}`));
  body.append(block('AWS CLI', cliCommand(event), `the AWS CLI command for ${name}`, 'ev-cli', 'cli'));
  if (event.requestId) {
    const meta = el('div', 'call-meta');
    meta.append(el('span', 'ev-label', 'Request ID'), el('code', '', event.requestId));
    body.append(meta);
  }
  details.append(body);
  return details;
}
