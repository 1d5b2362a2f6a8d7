/**
 * <target-banner>: says which AWS the steps on this page will call (the offline sandbox or a
 * real account), from GET /api/session. Text only; the colour comes from `data-state`, which
 * is also mirrored on <html data-target> so the whole page can warn on real AWS. In a workshop
 * room it loads a learner's chrome (room/learner-chrome.ts) or, for a session that ended, the
 * page that says so (room/learner-gone.ts), both on demand.
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
      const session = await apiGet('/api/session');
      view = describeSession(session);
      // A workshop room's learner: their chrome (announcements, pacing, leaving) loads only for them.
      if (session.room?.role === 'learner') void import('../room/learner-chrome.ts').then((m) => m.startLearnerChrome());
    } catch (err) {
      view = describeFailure(err instanceof ApiError ? err.status : 0);
      // A learner whose session ended (they left, were removed, or the room ended).
      if (err instanceof ApiError && /^(LeftRoom|Removed|RoomEnded)$/.test(err.code)) {
        const code = err.code as 'LeftRoom' | 'Removed' | 'RoomEnded';
        void import('../room/learner-gone.ts').then((m) => m.showGone(code));
      }
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
