/**
 * <room-console>: the facilitator page's behaviour (markup from src/pages/room/index.astro and
 * the room components). It polls `GET /api/room` about every 1.5 s while the tab is visible and
 * hands each answer to the join panel (link, code, QR from `POST /api/room/join-qr` whenever the
 * link changes, count, lock), the controls (room-controls.ts), the grid (room-grid.ts) and the
 * learner dialog (room-actions.ts). Every action goes through `act`: one line says how it went
 * (a polite live region) and the grid is asked again at once. A learner (403 FacilitatorOnly), a
 * browser without the facilitator's session (401), a notebook that is not a room (NotARoom) get
 * a page that says so, and the polling stops; ending the room asks first.
 */
import { ApiError, apiGet, apiPost } from '../../api/api-client.ts';
import type { RoomAnswer } from '../../api/contract.ts';
import { poll, type Poll } from './poller.ts';
import { LearnerActions } from './room-actions.ts';
import { roomErrorCode } from './room-text.ts';
import { RoomControls } from './room-controls.ts';
import { GridView } from './room-grid.ts';

const POLL_MS = 1500;

class RoomConsole extends HTMLElement {
  #wired = false;
  #poll: Poll | undefined;
  #grid!: GridView;
  #controls!: RoomControls;
  #actions!: LearnerActions;
  #qrFor = '';
  #ended = false;

  #part<T extends HTMLElement>(name: string): T {
    return this.querySelector<T>(`[data-part="${name}"]`)!;
  }

  connectedCallback(): void {
    if (this.#wired) return;
    this.#wired = true;
    const pick = this.#part<HTMLSelectElement>('lesson-pick');
    this.#grid = new GridView(this.querySelector('.room-grid-section')!, (id) => this.#actions.open(id, pick.value));
    this.#controls = new RoomControls(this, (work) => this.act(work));
    this.#actions = new LearnerActions(this.querySelector('dialog[data-dialog="learner"]')!, (text) => this.#say(text), () => this.#poll?.now());
    const end = this.querySelector<HTMLDialogElement>('dialog[data-dialog="end"]')!;
    this.querySelector('[data-action="end"]')!.addEventListener('click', () => {
      end.returnValue = '';
      end.showModal();
    });
    end.addEventListener('close', () => {
      if (end.returnValue === 'end') void this.#end();
    });
    this.#poll = poll(() => this.refresh(), POLL_MS);
  }

  disconnectedCallback(): void {
    this.#poll?.stop();
  }

  async refresh(): Promise<void> {
    if (this.#ended) return;
    let room: RoomAnswer;
    try {
      room = await apiGet('/api/room');
    } catch (err) {
      this.#failed(err);
      return;
    }
    this.#show(room);
  }

  /** Runs a facilitator action, says how it went, and polls again. */
  async act(work: () => Promise<string>): Promise<void> {
    try {
      this.#say(await work());
    } catch (err) {
      this.#say(`Not done: ${err instanceof ApiError ? err.message : `could not reach the notebook server (${err instanceof Error ? err.message : String(err)})`}`);
    }
    this.#poll?.now();
  }

  #show(room: RoomAnswer): void {
    this.#state('ready');
    const link = this.#part<HTMLAnchorElement>('join-url');
    if (link.href !== room.joinUrl) {
      link.href = room.joinUrl;
      // A line may break before "?code=" rather than inside a word (the projector's large type).
      const at = room.joinUrl.indexOf('?');
      link.replaceChildren(at < 0 ? room.joinUrl : room.joinUrl.slice(0, at), ...(at < 0 ? [] : [document.createElement('wbr'), room.joinUrl.slice(at)]));
    }
    setText(this.#part('code'), room.code);
    setText(this.#part('count'), `${room.learners.length} of ${room.maxLearners} places taken`);
    this.#part('locked-note').hidden = !room.locked;
    if (this.#qrFor !== room.joinUrl) {
      this.#qrFor = room.joinUrl;
      void this.#qr();
    }
    this.#controls.update(room);
    this.#grid.update(room);
    this.#actions.update(room);
  }

  async #qr(): Promise<void> {
    const img = this.#part<HTMLImageElement>('qr');
    try {
      const answer = await apiPost('/api/room/join-qr', {});
      img.src = answer.dataUrl;
      img.alt = `QR code of the join link ${answer.joinUrl}`;
      img.hidden = false;
    } catch {
      this.#qrFor = ''; // try again on the next poll
    }
  }

  #failed(err: unknown): void {
    if (!(err instanceof ApiError)) {
      this.#say(`The notebook server is not answering (${err instanceof Error ? err.message : String(err)}); trying again…`);
      return;
    }
    if (err.code === 'FacilitatorOnly' || err.status === 403) {
      this.#problem('This page is for the facilitator', 'You joined this workshop as a learner, so the room’s controls are not yours. Your notebook is on the lessons pages.', '/', 'Back to your notebook');
    } else if (roomErrorCode(err.status, err.code) === 'NotARoom') {
      this.#problem('This notebook is not running a workshop room', 'Start it with npm start -- --room, then open the “Facilitator:” link it prints.');
    } else if (err.status === 401) {
      this.#problem('Not signed in as the facilitator', 'Open the “Facilitator:” link the terminal printed when the room started (it carries the facilitator’s token).');
    } else {
      this.#say(`The room did not answer: ${err.message}`);
      return;
    }
    this.#poll?.stop();
  }

  async #end(): Promise<void> {
    this.#say('Ending the room: cleaning every learner’s account…');
    try {
      const answer = await apiPost('/api/room/end', {});
      this.#ended = true;
      this.#poll?.stop();
      const failed = answer.failed.length > 0 ? ` ${answer.failed.length} could not be deleted: ${answer.failed.join(', ')}.` : '';
      this.#problem('The room has ended', `Every learner was signed out and ${answer.removed.length} resource${answer.removed.length === 1 ? ' was' : 's were'} removed from their accounts.${failed} Stop the notebook in its terminal when you are done.`);
      this.#say('The room has ended.');
    } catch (err) {
      this.#say(`The room was not ended: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #problem(title: string, text: string, href?: string, label?: string): void {
    this.#state('problem');
    this.#part('problem-title').textContent = title;
    const body = this.#part('problem-text');
    body.textContent = text;
    if (href && label) {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = label;
      body.append(' ', a);
    }
  }

  #state(state: 'ready' | 'problem'): void {
    if (this.dataset.state === state) return;
    this.dataset.state = state;
    this.#part('loading').hidden = true;
    this.#part('content').hidden = state !== 'ready';
    this.#part('problem').hidden = state !== 'problem';
  }

  #say(text: string): void {
    this.#part('said').textContent = text;
  }
}

function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

if (!customElements.get('room-console')) customElements.define('room-console', RoomConsole);
