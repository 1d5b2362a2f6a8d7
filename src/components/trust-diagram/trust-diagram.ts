/**
 * <trust-diagram data-live>: the trust diagram comes alive (markup from TrustDiagram.astro).
 * It is handed the `step-event`s of this lesson's runs (run-step.ts, the try-it cell) by
 * load-live.ts, which loads this module after the page has settled: a run's
 * `start` clears the diagram, each `call` lights the edges it travels (edge-match.ts, with the
 * credentials panel's list to tell who signed it), green "✓ allowed" or red "✗ denied", and
 * the `end` dims them; they stay until the next run. A line under the picture says what the
 * last call that travelled an edge did, and the run's outcome is announced once it ends (not on
 * every call).
 * Reduced motion: no travelling dash (CSS). Text only; it fetches nothing itself.
 */
import type { StepEvent } from '../../lessons/events.ts';
import { CredentialsStore } from '../credentials/credentials-store.ts';
import { edgeStates, edgeText, type CallFact, type DiagramEdge, type DiagramNode, type KnownCredential } from './edge-match.ts';

type CallEvent = Extract<StepEvent, { type: 'call' }>;

interface EdgeView extends DiagramEdge {
  g: SVGGElement;
  line: SVGLineElement | null;
  text: SVGTextElement | null;
  kind: string;
}

export class TrustDiagram extends HTMLElement {
  #wired = false;
  #nodes: DiagramNode[] = [];
  #edges: EdgeView[] = [];
  #labels = new Map<string, string>();
  #calls: CallFact[] = [];
  #known: KnownCredential[] = [];
  #activity: HTMLElement | null = null;
  #announce: HTMLElement | null = null;

  connectedCallback(): void {
    if (this.#wired || !this.hasAttribute('data-live')) return;
    this.#wired = true;
    this.#activity = this.querySelector('[data-part="activity"]');
    this.#announce = this.querySelector('[data-part="announce"]');
    for (const g of this.querySelectorAll<SVGGElement>('[data-node]')) {
      const id = g.dataset.node!;
      this.#nodes.push({ id, kind: g.dataset.kind ?? '', credential: g.dataset.credential || undefined });
      this.#labels.set(id, g.querySelector('.td-label')?.textContent ?? id);
    }
    for (const g of this.querySelectorAll<SVGGElement>('[data-testid="edge"]')) {
      this.#edges.push({
        g,
        line: g.querySelector('line'),
        text: g.querySelector('[data-part="state"]'),
        from: g.dataset.from ?? '',
        to: g.dataset.to ?? '',
        label: g.dataset.label ?? '',
        kind: g.dataset.kind ?? 'calls',
        ops: (g.dataset.ops ?? '').split(' ').filter(Boolean),
        ...(g.dataset.on ? { on: g.dataset.on } : {}),
      });
    }
    const lesson = this.#lesson;
    if (!lesson) return;
    document.addEventListener('lesson-reset', () => this.#clear());
    CredentialsStore.for(lesson).subscribe(({ answer }) => {
      this.#known = answer.credentials.map((c) => ({ name: c.name, accessKeyId: c.accessKeyId }));
      this.#draw(false);
    });
  }

  get #lesson(): string | undefined {
    return this.closest('[data-lesson]')?.getAttribute('data-lesson') ?? undefined;
  }

  /** A bubbling `step-event` (load-live.ts hands each one over, in order): drawn if it is from this lesson. */
  receive(event: Event): void {
    if (!this.#wired) return;
    const source = event.target as Element | null;
    const from = source?.closest?.('[data-lesson]')?.getAttribute('data-lesson');
    if (source && from === this.#lesson) this.#onEvent((event as CustomEvent<StepEvent>).detail, source);
  }

  #onEvent(event: StepEvent | undefined, source: Element): void {
    if (!event) return;
    if (event.type === 'start') {
      this.#clear();
      this.dataset.phase = 'running';
      this.dataset.run = source.getAttribute('data-step') ?? '';
    } else if (event.type === 'call') {
      this.#calls.push(factOf(event));
      this.#draw(true);
    } else if (event.type === 'end') {
      this.dataset.phase = 'after';
      this.#draw(false);
      this.#announceRun();
    }
  }

  #clear(): void {
    this.#calls = [];
    delete this.dataset.phase;
    this.#draw(false);
    if (this.#activity) this.#activity.hidden = true;
  }

  /** Every edge from the run's calls so far; `latest`: the last call's edges travel (motion permitting). */
  #draw(latest: boolean): void {
    const states = edgeStates(this.#calls, this.#nodes, this.#edges, this.#known);
    const marker = this.dataset.marker;
    const lastCall = this.#calls.at(-1);
    const lastEdges = latest && lastCall ? edgeStates([lastCall], this.#nodes, this.#edges, this.#known) : new Map();
    this.#edges.forEach((edge, index) => {
      const state = states.get(index);
      edge.g.classList.toggle('is-allowed', state?.state === 'allowed');
      edge.g.classList.toggle('is-denied', state?.state === 'denied');
      edge.g.classList.remove('is-latest');
      if (lastEdges.has(index)) {
        void edge.g.getBoundingClientRect(); // restart the animation
        edge.g.classList.add('is-latest');
      }
      const head = state ? (state.state === 'allowed' ? 'allowed' : 'refused') : edge.kind;
      edge.line?.setAttribute('marker-end', `url(#${marker}-${head})`);
      if (edge.text) edge.text.textContent = state ? edgeText(edge, state) : '';
    });
    if (latest && lastCall && lastEdges.size > 0 && this.#activity) {
      this.#activity.hidden = false;
      this.#activity.textContent = this.#sentence(lastCall);
    }
  }

  /** "AWS STS AssumeRole from Lesson user: ✓ allowed." */
  #sentence(call: CallFact): string {
    const known = this.#known.find((c) => c.name !== 'notebook' && c.accessKeyId === call.signer?.accessKeyId)?.name;
    const by = call.signer?.kind === 'notebook' ? 'notebook' : known;
    const node = this.#nodes.find((n) => n.credential && n.credential === by);
    const who = node ? ` from ${this.#labels.get(node.id)}` : '';
    const outcome = call.ok ? '✓ allowed' : `✗ denied${call.error ? ` (${call.error})` : ''}`;
    return `${call.service} ${call.operation}${who}: ${outcome}.`;
  }

  #announceRun(): void {
    if (!this.#announce || this.#calls.length === 0) return;
    const states = edgeStates(this.#calls, this.#nodes, this.#edges, this.#known);
    const parts = [...states].map(([index, state]) => {
      const edge = this.#edges[index];
      return `${this.#labels.get(edge.from)} to ${this.#labels.get(edge.to)}, ${state.operation}: ${state.state}`;
    });
    this.#announce.textContent = parts.length ? `Trust diagram: ${parts.join('; ')}.` : '';
  }
}

function factOf(event: CallEvent): CallFact {
  const issued = (event.output as { Credentials?: { AccessKeyId?: unknown } } | undefined)?.Credentials?.AccessKeyId;
  return {
    service: event.service,
    operation: event.operation,
    ok: !event.error,
    ...(event.error ? { error: event.error.name } : {}),
    ...(event.signer ? { signer: { accessKeyId: event.signer.accessKeyId, kind: event.signer.kind } } : {}),
    ...(typeof issued === 'string' ? { issued } : {}),
    names: namesOf(event.input),
  };
}

/** The top-level string values of a call's input: the resource names an edge's `on` looks for. */
function namesOf(input: unknown): string[] {
  if (!input || typeof input !== 'object') return [];
  return Object.values(input).filter((value): value is string => typeof value === 'string');
}

if (!customElements.get('trust-diagram')) customElements.define('trust-diagram', TrustDiagram);
