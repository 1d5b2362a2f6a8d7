/**
 * `<report-download>` (markup in ReportButton.astro): its button fetches the lab report
 * (`GET /api/report`, with the session key via api-fetch.ts, which a plain link could not send)
 * and saves it under the server's file name through a Blob and an object URL. A refused or
 * failed download is said in the note beside the button. It builds nothing of the report.
 */
import { apiFetch } from '../../api/api-fetch.ts';
import { apiErrorMessage } from '../step/render-event.ts';
import { reportFilename } from './report-filename.ts';

class ReportDownload extends HTMLElement {
  #wired = false;

  connectedCallback(): void {
    if (this.#wired) return;
    this.#wired = true;
    this.querySelector('button')?.addEventListener('click', () => void this.download());
  }

  async download(): Promise<void> {
    const button = this.querySelector('button');
    if (!button || button.disabled) return;
    button.disabled = true;
    this.#note('Preparing the report…');
    try {
      const res = await apiFetch('/api/report', { headers: { accept: 'text/markdown' }, cache: 'no-store' });
      if (!res.ok) return this.#note(`No report: ${apiErrorMessage(res.status, await res.text().catch(() => ''))}`);
      const name = reportFilename(res.headers.get('content-disposition'));
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.hidden = true;
      this.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.#note(`Saved ${name}`);
    } catch (err) {
      this.#note(`Could not download the report: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      button.disabled = false;
    }
  }

  #note(text: string): void {
    const note = this.querySelector<HTMLElement>('[data-part="note"]');
    if (note) note.textContent = text;
  }
}

if (!customElements.get('report-download')) customElements.define('report-download', ReportDownload);
