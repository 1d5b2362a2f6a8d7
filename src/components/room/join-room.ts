/**
 * <join-room>: the join page's behaviour (markup from JoinRoom.astro). A browser that already
 * holds a learner session (`GET /api/room/me` answers a learner) is welcomed back and sent on
 * to `/`; the facilitator's own browser is told to join from another one. Otherwise the code
 * from `?code=` is checked (`GET /api/room/join-info`), the learner types a name and
 * `POST /api/room/join` answers the session key, which goes to localStorage (KEY_STORAGE) like
 * the launch exchange's, and the page moves on to `/`. A refusal (unknown or changed code, a
 * locked or full room, too many joins) is shown with the server's words and the form stays,
 * with the code field, to try again. Text only (textContent).
 */
import { KEY_STORAGE } from '../../api/api-fetch.ts';
import { ApiError, apiGet, apiPost } from '../../api/api-client.ts';
import { joinRefusal, nameProblem, roomErrorCode } from './room-text.ts';

type State = 'checking' | 'welcome' | 'facilitator' | 'ready' | 'refused' | 'closed';

class JoinRoom extends HTMLElement {
  #wired = false;
  #busy = false;

  #part<T extends HTMLElement>(name: string): T {
    const found = this.querySelector<T>(`[data-part="${name}"]`);
    if (!found) throw new Error(`<join-room> is missing [data-part="${name}"]`);
    return found;
  }

  get #code(): HTMLInputElement {
    return this.querySelector<HTMLInputElement>('#join-code')!;
  }
  get #name(): HTMLInputElement {
    return this.querySelector<HTMLInputElement>('#join-name')!;
  }

  connectedCallback(): void {
    if (this.#wired) return;
    this.#wired = true;
    this.#part<HTMLFormElement>('form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#join();
    });
    this.#name.addEventListener('input', () => {
      if (this.#name.getAttribute('aria-invalid')) this.#problem('');
    });
    void this.#start(new URLSearchParams(location.search).get('code')?.trim() ?? '');
  }

  async #start(code: string): Promise<void> {
    try {
      const me = await apiGet('/api/room/me');
      if (me.role === 'learner' && me.learner) return this.#welcomeBack(me.learner.name);
      if (me.role === 'facilitator') return this.#show('facilitator');
    } catch (err) {
      // No session in this browser (or one that ended): join afresh. Not a room at all: say so.
      if (err instanceof ApiError && roomErrorCode(err.status, err.code) === 'NotARoom') return this.#refuse(err, true);
    }
    this.#code.value = code;
    if (!code) {
      this.#codeField(true);
      this.#show('ready');
      this.#code.focus();
      return;
    }
    try {
      const info = await apiGet(`/api/room/join-info?code=${encodeURIComponent(code)}`);
      const others = info.learners === 1 ? '1 learner has' : `${info.learners} learners have`;
      this.#part('info').textContent = `${others} joined so far (room for ${info.maxLearners}).`;
      this.#show('ready');
      this.#name.focus();
    } catch (err) {
      const code = err instanceof ApiError ? roomErrorCode(err.status, err.code) : '';
      this.#refuse(err, code === 'NotARoom' || code === 'RoomEnded');
    }
  }

  async #join(): Promise<void> {
    if (this.#busy) return;
    const name = this.#name.value.trim();
    const code = this.#code.value.trim();
    const problem = nameProblem(name);
    if (problem) {
      this.#problem(problem);
      this.#name.focus();
      return;
    }
    if (!code) {
      this.#codeField(true);
      this.#code.focus();
      return;
    }
    this.#problem('');
    this.#busy = true;
    const submit = this.#part<HTMLButtonElement>('submit');
    submit.disabled = true;
    submit.textContent = 'Joining… (making your account)';
    try {
      const answer = await apiPost('/api/room/join', { code, name });
      try {
        localStorage.setItem(KEY_STORAGE, answer.key);
      } catch {
        this.#refuse(new ApiError(0, 'NoStorage', 'This browser does not let the page keep its session key (site data is blocked). Allow site data for this address, then join again.'), false);
        return;
      }
      location.assign('/');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'BadInput') {
        this.#problem(err.message);
        this.#name.focus();
      } else {
        const code = err instanceof ApiError ? roomErrorCode(err.status, err.code) : '';
        this.#refuse(err, code === 'NotARoom' || code === 'RoomEnded');
      }
    } finally {
      this.#busy = false;
      submit.disabled = false;
      submit.textContent = 'Join';
    }
  }

  #welcomeBack(name: string): void {
    this.#part('welcome-title').textContent = `Welcome back, ${name}`;
    this.#show('welcome');
    setTimeout(() => location.replace('/'), 1200);
  }

  /** Shows why the server said no; the form stays (with the code field) unless joining cannot work at all. */
  #refuse(err: unknown, final: boolean): void {
    let view = joinRefusal('', '', 0);
    if (err instanceof ApiError) {
      const code = roomErrorCode(err.status, err.code);
      // A route the server does not have: its "No API route …" is no help to a learner.
      view = joinRefusal(code, code === err.code ? err.message : '', err.status);
    }
    this.#part('refused-title').textContent = view.title;
    this.#part('refused-text').textContent = view.text;
    this.#part('refused').hidden = false;
    if (final) return this.#show('closed');
    this.#codeField(true);
    this.#show('refused');
  }

  #problem(text: string): void {
    this.#part('problem').textContent = text;
    if (text) this.#name.setAttribute('aria-invalid', 'true');
    else this.#name.removeAttribute('aria-invalid');
  }

  #codeField(visible: boolean): void {
    this.#part('code-field').hidden = !visible;
  }

  #show(state: State): void {
    this.dataset.state = state;
    this.#part('checking').hidden = state !== 'checking';
    this.#part('welcome').hidden = state !== 'welcome';
    this.#part('facilitator').hidden = state !== 'facilitator';
    this.#part('form').hidden = state !== 'ready' && state !== 'refused';
    if (state !== 'refused' && state !== 'closed') this.#part('refused').hidden = true;
  }
}

if (!customElements.get('join-room')) customElements.define('join-room', JoinRoom);
