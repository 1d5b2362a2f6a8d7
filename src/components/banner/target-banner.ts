/**
 * <target-banner>: says which AWS the steps on this page will call (the offline sandbox or a
 * real account), from GET /api/session. Text only; the colour comes from `data-state`, which
 * is also mirrored on <html data-target> so the whole page can warn on real AWS.
 */
import { ApiError, apiGet } from '../../api/api-client.ts';
import { describeFailure, describeSession, type BannerView } from './session.ts';

class TargetBanner extends HTMLElement {
  #started = false;

  connectedCallback(): void {
    if (this.#started) return;
    this.#started = true;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    let view: BannerView;
    try {
      view = describeSession(await apiGet('/api/session'));
    } catch (err) {
      view = describeFailure(err instanceof ApiError ? err.status : 0);
    }
    this.#show(view);
  }

  #show(view: BannerView): void {
    this.dataset.state = view.state;
    const text = this.querySelector<HTMLElement>('[data-part="text"]');
    const detail = this.querySelector<HTMLElement>('[data-part="detail"]');
    if (text) text.textContent = view.text;
    if (detail) {
      detail.textContent = view.detail;
      detail.hidden = view.detail === '';
    }
    if (view.state === 'sandbox' || view.state === 'aws') document.documentElement.dataset.target = view.state;
    else delete document.documentElement.dataset.target;
  }
}

if (!customElements.get('target-banner')) customElements.define('target-banner', TargetBanner);
