/**
 * A build step (an Astro integration, run by `astro build` when the site is written): Pagefind
 * indexes the lesson pages of the built site and writes its static search index and its
 * browser library to `<outDir>/pagefind/`, which the header's search (src/components/shell/
 * site-search.ts) loads on demand. Only what Base.astro marks `data-pagefind-body` (a lesson's
 * <main>) is indexed, and within it not the code, the step controls and outputs or the
 * interactive panels, which would make results noisy (EXCLUDED). It does not run under
 * `astro dev` (search then says the index is missing). Pagefind's binary comes from npm
 * (its platform package), nothing is downloaded.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/** Parts of a lesson page that are not prose: code, a step's controls and output, live panels. */
export const EXCLUDED = [
  'pre',
  '.step-code',
  '.step-controls',
  '.step-output',
  '.lesson-head-row',
  '.pager',
  'dialog',
  'lesson-runner',
  'credentials-panel',
  'mfa-authenticator',
  'next-lesson',
  'report-download',
  'trust-diagram',
  'try-it',
];

/** Indexes the built site in `dir` and writes `dir/pagefind/`; answers how many pages it indexed. */
export async function buildSearchIndex(dir: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ excludeSelectors: EXCLUDED, forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${dir}: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}

/** The integration for astro.config.mjs; list it before precompress() so the index's files are compressed too. */
export function searchIndex(): AstroIntegration {
  return {
    name: 'sts-workshop-search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const pages = await buildSearchIndex(fileURLToPath(dir));
        logger.info(`search index: ${pages} pages indexed by Pagefind`);
      },
    },
  };
}
