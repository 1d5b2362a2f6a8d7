// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

/**
 * Rehype plugin: links that leave the site open in a new tab and never leak the page URL
 * (`rel="noopener noreferrer"`), for every link written in Markdown/MDX lesson prose.
 * @returns {(tree: any) => void}
 */
function externalLinks() {
  /** @param {any} node */
  const visit = (node) => {
    const href = node.type === 'element' && node.tagName === 'a' ? node.properties?.href : undefined;
    if (typeof href === 'string' && /^https?:\/\//i.test(href)) {
      node.properties.target = '_blank';
      node.properties.rel = ['noopener', 'noreferrer'];
    }
    for (const child of node.children ?? []) visit(child);
  };
  return (tree) => visit(tree);
}

/**
 * The site is plain static HTML + external ES modules. The notebook server sends
 * `Content-Security-Policy: script-src 'self'`, so the build must not emit any inline
 * `<script>` content:
 * - `vite.build.assetsInlineLimit: 0`: Astro inlines a processed `<script>` whose bundle is
 *   smaller than this limit; 0 makes every script an external `/_astro/*.js` file.
 * - no islands (`client:*`), no `<ClientRouter />`, no `prefetch`, no `is:inline` scripts:
 *   each of those injects inline script content.
 * - the dev toolbar is off (it only runs under `astro dev`, but it is noise next to a CSP).
 * Styles may be inline (the CSP allows `'unsafe-inline'` for styles only), so Shiki's
 * `style=""` attributes and small inlined stylesheets are fine.
 */
export default defineConfig({
  output: 'static',
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
  integrations: [
    mdx(),
    // ──────────────────────────────────────────────────────────────────────────────
    // DEV API INTEGRATION GOES HERE.
    // Another engineer adds an integration that mounts the Hono API (server/app.ts)
    // into `astro dev` via the `astro:server:setup` hook, so that `/api/*` is served
    // same-origin on port 4321 during development (see shared toolchain.md §3).
    // Keep it dev-only; `astro build` must stay a pure static build.
    // ──────────────────────────────────────────────────────────────────────────────
  ],
  markdown: {
    rehypePlugins: [externalLinks],
    // Fenced code in lesson prose follows the reader's colour scheme (see Base.astro).
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  build: {
    // Small stylesheets may be inlined; scripts never are (see vite below).
    inlineStylesheets: 'auto',
  },
  vite: {
    build: { assetsInlineLimit: 0 },
  },
});
