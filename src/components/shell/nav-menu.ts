/**
 * <nav-menu>: the Menu button and its drawer (markup in NavMenu.astro). Opening moves the
 * contents of the page's hidden columns (`.sidebar`: lessons and steps; `.toc`: "On this page")
 * into the modal <dialog>, so there is one copy of that navigation and whatever keeps it up to
 * date (completion marks) keeps working; closing puts them back. Escape, the close button, a
 * click on the backdrop or on a link close it, and focus goes back to the Menu button. It does
 * not decide what a column shows, nor when a column is hidden (the CSS does).
 */

class NavMenu extends HTMLElement {
  #wired = false;
  /** Each moved node and the column it came from, while the drawer is open. */
  #borrowed: { node: Node; from: Element }[] = [];

  connectedCallback(): void {
    if (this.#wired) return;
    this.#wired = true;
    const dialog = this.#dialog();
    this.#button().addEventListener('click', () => this.open());
    this.querySelector('[data-part="close"]')?.addEventListener('click', () => this.close());
    dialog.addEventListener('click', (event) => {
      const target = event.target as Element;
      // The dialog element itself is hit only on its backdrop (its content fills it).
      if (target === dialog || target.closest('a[href]')) this.close();
    });
    dialog.addEventListener('close', () => this.#giveBack());
  }

  open(): void {
    const dialog = this.#dialog();
    if (dialog.open) return;
    const body = this.querySelector('[data-part="body"]')!;
    const columns = [...document.querySelectorAll('.page > .sidebar, .page > .toc')];
    const hidden = columns.filter((column) => getComputedStyle(column).display === 'none');
    for (const column of hidden.length > 0 ? hidden : columns) {
      const section = document.createElement('div');
      section.className = 'nav-menu-section';
      for (const node of [...column.childNodes]) {
        this.#borrowed.push({ node, from: column });
        section.append(node);
      }
      body.append(section);
    }
    dialog.showModal();
    this.#button().setAttribute('aria-expanded', 'true');
    dialog.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest' });
  }

  close(): void {
    const dialog = this.#dialog();
    if (dialog.open) dialog.close();
    this.#giveBack();
  }

  #giveBack(): void {
    for (const { node, from } of this.#borrowed) from.append(node);
    this.#borrowed = [];
    this.querySelector('[data-part="body"]')?.replaceChildren();
    const button = this.#button();
    button.setAttribute('aria-expanded', 'false');
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected || this.#dialog().contains(active)) button.focus();
  }

  #dialog(): HTMLDialogElement {
    return this.querySelector('dialog')!;
  }

  #button(): HTMLButtonElement {
    return this.querySelector('button[aria-controls]')!;
  }
}

if (!customElements.get('nav-menu')) customElements.define('nav-menu', NavMenu);
