/**
 * The grid's rows (markup from RoomGrid.astro): one per learner, keyed by learner id and kept in
 * place across polls, so a focused button or the scroll position survives an update. The row
 * head has the name, the account, what the facilitator is doing for them (busy) and the steps
 * that failed unexpectedly with their error codes, and a Manage button; a row with a failure is
 * highlighted. Each cell shows a mark and has the whole sentence as its accessible name
 * (grid-model.ts). The foot counts who ran each step; the list under the table says it in
 * words for the lesson shown. Text only (textContent).
 */
import type { GridLearner, RoomAnswer } from '../../api/contract.ts';
import { cellLabel, countSentence, failuresOf, STATUS_MARK, stepOf } from './grid-model.ts';

interface Column {
  lesson: string;
  step: string;
  title: string;
  /** The lesson's first step: the column that starts the lesson's group. */
  first: boolean;
}

interface Row {
  tr: HTMLTableRowElement;
  name: HTMLElement;
  account: HTMLElement;
  busy: HTMLElement;
  failures: HTMLElement;
  manage: HTMLButtonElement;
  cells: Map<string, HTMLTableCellElement>;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

export class GridView {
  readonly #root: HTMLElement;
  readonly #columns: Column[];
  readonly #rows = new Map<string, Row>();
  readonly #onManage: (id: string) => void;
  #lesson = '';
  #last: RoomAnswer | undefined;

  constructor(root: HTMLElement, onManage: (id: string) => void) {
    this.#root = root;
    this.#onManage = onManage;
    this.#columns = [...root.querySelectorAll<HTMLElement>('thead th[data-step]')].map((th) => ({
      lesson: th.dataset.lesson ?? '',
      step: th.dataset.step ?? '',
      title: th.dataset.title ?? '',
      first: th.classList.contains('grid-first'),
    }));
    const pick = this.#part<HTMLSelectElement>('lesson-pick');
    pick.addEventListener('change', () => this.showLesson(pick.value));
  }

  #part<T extends HTMLElement>(name: string): T {
    return this.#root.querySelector<T>(`[data-part="${name}"]`)!;
  }

  /** Narrows the grid to one lesson ('' for all), its step titles written out. */
  showLesson(slug: string): void {
    this.#lesson = slug;
    this.#part('grid').dataset.view = slug ? 'lesson' : 'all';
    for (const cell of this.#root.querySelectorAll<HTMLElement>('[data-lesson]')) {
      if (cell.closest('select')) continue;
      cell.hidden = slug !== '' && cell.dataset.lesson !== slug;
    }
    const pick = this.#part<HTMLSelectElement>('lesson-pick');
    this.#part('counts-scope').textContent = slug ? `(${pick.selectedOptions[0]?.textContent ?? slug})` : '(all lessons)';
    if (this.#last) this.#counts(this.#last);
  }

  update(room: RoomAnswer): void {
    this.#last = room;
    const empty = room.learners.length === 0;
    this.#part('empty').hidden = !empty;
    this.#part('scroll').hidden = empty;
    const body = this.#part('rows');
    const seen = new Set<string>();
    for (const learner of room.learners) {
      seen.add(learner.id);
      let row = this.#rows.get(learner.id);
      if (!row) {
        row = this.#newRow(learner.id);
        this.#rows.set(learner.id, row);
      }
      body.append(row.tr); // in the server's order (joining order); append moves an existing row
      this.#fill(row, learner, room);
    }
    for (const [id, row] of this.#rows) {
      if (seen.has(id)) continue;
      row.tr.remove();
      this.#rows.delete(id);
    }
    this.#counts(room);
  }

  #newRow(id: string): Row {
    const tr = document.createElement('tr');
    tr.dataset.learner = id;
    const head = el('th', 'grid-learner');
    head.scope = 'row';
    const name = el('span', 'grid-name');
    const account = el('span', 'grid-account');
    const busy = el('span', 'grid-busy');
    const failures = el('span', 'grid-failures');
    const manage = el('button', 'btn btn-secondary btn-small grid-manage', 'Manage');
    manage.type = 'button';
    manage.dataset.testid = 'manage';
    manage.addEventListener('click', () => this.#onManage(id));
    head.append(name, account, busy, failures, manage);
    tr.append(head);
    const cells = new Map<string, HTMLTableCellElement>();
    for (const col of this.#columns) {
      const td = el('td', col.first ? 'grid-cell grid-first' : 'grid-cell');
      td.dataset.lesson = col.lesson;
      td.dataset.step = col.step;
      td.hidden = this.#lesson !== '' && col.lesson !== this.#lesson;
      td.append(el('span', 'grid-mark'), el('span', 'visually-hidden'));
      td.firstElementChild!.setAttribute('aria-hidden', 'true');
      cells.set(`${col.lesson}/${col.step}`, td);
      tr.append(td);
    }
    return { tr, name, account, busy, failures, manage, cells };
  }

  #fill(row: Row, learner: GridLearner, room: RoomAnswer): void {
    set(row.name, learner.name);
    set(row.account, `account ${learner.accountId}`);
    set(row.busy, learner.busy ? `Busy: ${learner.busy}…` : '');
    row.busy.hidden = !learner.busy;
    row.manage.setAttribute('aria-label', `Manage ${learner.name}`);
    const failed = failuresOf(learner, room.lessons);
    set(row.failures, failed.map((f) => `✗ ${f.error} in “${f.title}”`).join('; '));
    row.failures.hidden = failed.length === 0;
    if (failed.length > 0) row.tr.dataset.failed = '';
    else delete row.tr.dataset.failed;
    for (const col of this.#columns) {
      const td = row.cells.get(`${col.lesson}/${col.step}`)!;
      const cell = stepOf(learner, col.lesson, col.step);
      const mark = (STATUS_MARK[cell.status] ?? STATUS_MARK.idle).mark;
      if (td.dataset.status !== cell.status) td.dataset.status = cell.status;
      set(td.firstElementChild as HTMLElement, mark);
      const label = cellLabel(learner.name, col.title, cell);
      set(td.lastElementChild as HTMLElement, label);
      if (td.title !== label) td.title = label;
    }
  }

  #counts(room: RoomAnswer): void {
    const learners = room.learners.length;
    const list = this.#part('count-list');
    const byLesson = new Map<string, HTMLLIElement[]>();
    for (const col of this.#columns) {
      const count = room.counts[col.lesson]?.[col.step];
      const td = this.#part('counts').querySelector<HTMLElement>(`td[data-lesson="${CSS.escape(col.lesson)}"][data-step="${CSS.escape(col.step)}"]`);
      const sentence = countSentence(count, learners, `“${col.title}”`);
      if (td) {
        set(td, String(count?.ran ?? 0));
        td.title = sentence;
        td.dataset.failed = String(count?.failed ?? 0);
      }
      if (this.#lesson && col.lesson !== this.#lesson) continue;
      const li = el('li', count?.failed ? 'count-bad' : '', sentence);
      li.dataset.lesson = col.lesson;
      li.dataset.step = col.step;
      byLesson.set(col.lesson, [...(byLesson.get(col.lesson) ?? []), li]);
    }
    // One group per lesson, under its number and title, so "Delete the role" says which lesson.
    const items = room.lessons.flatMap((lesson, i) => {
      const steps = byLesson.get(lesson.slug);
      if (!steps) return [];
      const group = el('li', 'count-lesson');
      const inner = el('ul', '');
      inner.append(...steps);
      group.append(el('span', 'count-lesson-title', `${i + 1}. ${lesson.title}`), inner);
      return [group];
    });
    // Rebuilt only when a sentence changed, so a screen reader's place in the list is kept.
    const text = items.map((i) => i.textContent).join('\n');
    if (list.dataset.text !== text) {
      list.dataset.text = text;
      list.replaceChildren(...items);
    }
  }
}

/** Sets text only when it changed (no needless mutations for assistive technology). */
function set(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
