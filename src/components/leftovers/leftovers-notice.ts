/**
 * `<leftovers-notice>` on the home page: asks the clean-up API what earlier runs left in this
 * account and, when something is there, shows it with a link to the Clean up lesson (the same
 * list the server printed at start). Silent when nothing is left or the page has no token.
 */
import { apiGet } from '../../api/api-client.ts';
import { leftoversText } from './leftovers.ts';

class LeftoversNotice extends HTMLElement {
  async connectedCallback() {
    try {
      const text = leftoversText((await apiGet('/api/cleanup')).leftovers);
      if (!text) return;
      const message = this.querySelector<HTMLElement>('[data-message]');
      if (message) message.textContent = text;
      this.hidden = false;
    } catch {
      // No server, no notice.
    }
  }
}

customElements.define('leftovers-notice', LeftoversNotice);
