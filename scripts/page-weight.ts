/**
 * The weight of each page of the built site: its HTML, and everything it makes the browser load
 * up front, the scripts (`<script src>`, `<link rel=modulepreload>` and the modules those import
 * statically, each counted once per page) and the stylesheets (`<link rel=stylesheet>` and inline
 * `<style>`), in bytes as built and gzipped (best compression, as the build's .gz copies). For
 * the budget test (tests/page-weight.test.ts) and `npm run bench`. It reads files only; it does
 * not follow dynamic `import()` (loaded on demand) or images.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

export interface Bytes {
  raw: number;
  gzip: number;
}

export interface FileWeight extends Bytes {
  /** The file's URL in the site, or `<style> #n` for a page's n-th inline stylesheet. */
  url: string;
}

export interface PageWeight {
  /** The page's path in the site: `/`, `/lessons/who-am-i/`. */
  page: string;
  html: Bytes;
  js: Bytes & { files: FileWeight[] };
  css: Bytes & { files: FileWeight[] };
}

/** Every HTML page under `dist`, lightest path first. */
export async function pageWeights(dist: string): Promise<PageWeight[]> {
  const pages = (await readdir(dist, { recursive: true })).filter((name) => name.endsWith('.html')).sort();
  return Promise.all(pages.map((name) => pageWeight(dist, name)));
}

async function pageWeight(dist: string, name: string): Promise<PageWeight> {
  const html = await readFile(join(dist, name));
  const text = html.toString('utf8');
  const refs = pageAssets(text);
  const files = new Map<string, Buffer>();
  const load = async (url: string) => {
    if (files.has(url)) return undefined;
    const body = await readFile(join(dist, url));
    files.set(url, body);
    return body;
  };
  const pending = [...refs.scripts];
  while (pending.length > 0) {
    const url = pending.shift()!;
    const body = await load(url);
    if (body) pending.push(...staticImports(body.toString('utf8')).map((spec) => posix.join(posix.dirname(url), spec)));
  }
  const scripts = [...files.keys()];
  for (const url of refs.stylesheets) await load(url);
  const weigh = (url: string, body: Buffer): FileWeight => ({ url, raw: body.length, gzip: gzipped(body) });
  const sum = (list: FileWeight[]) => ({
    raw: list.reduce((n, f) => n + f.raw, 0),
    gzip: list.reduce((n, f) => n + f.gzip, 0),
    files: list.sort((a, b) => b.gzip - a.gzip),
  });
  const page = '/' + name.replace(/index\.html$/, '').split('\\').join('/');
  return {
    page,
    html: { raw: html.length, gzip: gzipped(html) },
    js: sum(scripts.map((url) => weigh(url, files.get(url)!))),
    css: sum([...refs.stylesheets.map((url) => weigh(url, files.get(url)!)), ...refs.inlineStyles.map((text, i) => weigh(`<style> #${i + 1}`, Buffer.from(text)))]),
  };
}

const gzipped = (body: Buffer) => gzipSync(body, { level: constants.Z_BEST_COMPRESSION }).length;

/** The site-local scripts, stylesheets and inline styles an HTML page loads up front. */
export function pageAssets(html: string): { scripts: string[]; stylesheets: string[]; inlineStyles: string[] } {
  const scripts = new Set<string>();
  const stylesheets = new Set<string>();
  for (const [tag, name] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const attrs = attributes(tag);
    if (name!.toLowerCase() === 'script' && attrs.src) scripts.add(attrs.src);
    const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('stylesheet') && attrs.href) stylesheets.add(attrs.href);
    if (rel.includes('modulepreload') && attrs.href) scripts.add(attrs.href);
  }
  const local = (url: string) => url.startsWith('/') && !url.startsWith('//');
  const inlineStyles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]!);
  return { scripts: [...scripts].filter(local), stylesheets: [...stylesheets].filter(local), inlineStyles };
}

/** The relative modules a built ES module imports statically (`import{a}from"./x.js"`, `import"./y.js"`). */
export function staticImports(js: string): string[] {
  const found = new Set<string>();
  for (const m of js.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) found.add(m[1]!);
  return [...found];
}

function attributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) attrs[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return attrs;
}
