// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { precompress } from './scripts/precompress.ts';
import { searchIndex } from './scripts/search-index.ts';
import { codeThemes } from './src/components/step/code-themes.ts';

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
 * Rehype plugin: every table in lesson prose sits in a box that scrolls sideways when the table is
 * wider than the column (a phone, a long ARN), and that box can take the keyboard's focus, so
 * the hidden columns can be scrolled into view without a mouse (WCAG 2.1.1; axe's
 * scrollable-region-focusable). It is a labelled region, named after the table's header cells.
 * @returns {(tree: any) => void}
 */
function scrollableTables() {
  /** @param {any} node @returns {string} */
  const text = (node) => (node.type === 'text' ? node.value : (node.children ?? []).map(text).join(''));
  /** @param {any} node @returns {any[]} */
  const headers = (node) => (node.type === 'element' && node.tagName === 'th' ? [node] : (node.children ?? []).flatMap(headers));
  /** @param {any} node */
  const visit = (node) => {
    node.children = (node.children ?? []).map((/** @type {any} */ child) => {
      if (child.type !== 'element' || child.tagName !== 'table') return (visit(child), child);
      const names = headers(child).map((th) => text(th).trim()).filter(Boolean);
      const label = names.length > 0 ? `Table: ${names.join(', ')}` : 'Table';
      return { type: 'element', tagName: 'div', properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: label }, children: [child] };
    });
  };
  return (tree) => visit(tree);
}

/**
 * `npm run dev`: mounts the notebook's API (server/notebook.ts, with its embedded sandbox) into
 * `astro dev`, same-origin on port 4321, so Run buttons work while lesson prose hot-reloads.
 * The notebook is composed once per dev server (server code changes need a restart) and prints
 * its launch URL like `npm start`. Dev-only: `astro build` stays a pure static build.
 * @returns {import('astro').AstroIntegration}
 */
function notebookDevApi() {
  return {
    name: 'sts-workshop-dev-api',
    hooks: {
      'astro:server:setup': async ({ server }) => {
        const { getRequestListener } = await import('@hono/node-server');
        // Plain Node imports (Node 22 strips types), not Vite's SSR loader: the server is not
        // part of the site and must not share its module graph.
        const { readConfig } = await import(new URL('./server/config.ts', import.meta.url).href);
        const { createNotebook } = await import(new URL('./server/notebook.ts', import.meta.url).href);
        const config = readConfig([], { ...process.env, PORT: process.env.PORT ?? '4321' });
        const notebook = await createNotebook({ ...config, distDir: undefined });
        // overrideGlobalObjects: false keeps the global Response intact for Astro and Shiki.
        const listener = getRequestListener(notebook.app.fetch, { overrideGlobalObjects: false });
        const port = config.port;
        console.log(`STS Workshop (dev): target ${notebook.target.kind}, account ${notebook.target.accountId}`);
        console.log(`Open http://127.0.0.1:${port}/?token=${config.token}`);
        server.middlewares.use((req, res, next) => {
          const url = req.url ?? '';
          if (url.startsWith('/api/') || /[?&]token=/.test(url)) return void listener(req, res);
          next();
        });
        server.httpServer?.once('close', () => void notebook.close());
      },
    },
  };
}

/**
 * The site is plain static HTML + external ES modules. The notebook server sends
 * `Content-Security-Policy: script-src 'self'`, so the build must not emit any inline
 * `<script>` content:
 * - `vite.build.assetsInlineLimit: 0`: Astro inlines a processed `<script>` whose bundle is
 *   smaller than this limit; 0 makes every script an external `/_astro/*.js` file.
 * - no islands (`client:*`), no `<ClientRouter />`, no `prefetch`, no `is:inline` scripts with
 *   content: each of those injects inline script content. (`<script is:inline src="/…">` for a
 *   file in public/ is external: Base.astro loads public/shell-boot.js that way.)
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
    notebookDevApi(),
    searchIndex(),
    precompress(),
  ],
  markdown: {
    rehypePlugins: [externalLinks, scrollableTables],
    // Fenced code in lesson prose follows the page's theme: no default colour, only the
    // --shiki-light / --shiki-dark variables, which global.css picks with light-dark().
    shikiConfig: { themes: { ...codeThemes }, defaultColor: false },
  },
  build: {
    // Small stylesheets may be inlined; scripts never are (see vite below).
    inlineStylesheets: 'auto',
  },
  vite: {
    build: { assetsInlineLimit: 0 },
  },
});
