/**
 * A build step (an Astro integration, run by `astro build` when the site is written): beside each
 * compressible file of the built site (HTML, JS, CSS, SVG, JSON, XML, text) it writes a Brotli
 * copy (`.br`, best quality) and a gzip copy (`.gz`), each only when smaller than the file, so
 * the notebook server sends them as they are (serveStatic's `precompressed`, server/app.ts) and
 * compresses nothing while serving. It touches only the static site, never an API answer (why:
 * server/app.ts), and does not run under `astro dev`.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { AstroIntegration } from 'astro';

const COMPRESSIBLE = /\.(?:html|js|mjs|css|svg|json|xml|txt|webmanifest)$/i;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export interface PrecompressTotals {
  files: number;
  raw: number;
  br: number;
  gzip: number;
}

/** Writes the .br and .gz copies for every compressible file under `dir`; answers the byte totals. */
export async function precompressDir(dir: string): Promise<PrecompressTotals> {
  const totals: PrecompressTotals = { files: 0, raw: 0, br: 0, gzip: 0 };
  const files = (await readdir(dir, { recursive: true })).filter((name) => COMPRESSIBLE.test(name));
  await Promise.all(
    files.map(async (name) => {
      const path = join(dir, name);
      if (!(await stat(path)).isFile()) return;
      const body = await readFile(path);
      const [br, gzipped] = await Promise.all([
        brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gz(body, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      totals.files++;
      totals.raw += body.length;
      totals.br += Math.min(br.length, body.length);
      totals.gzip += Math.min(gzipped.length, body.length);
      if (br.length < body.length) await writeFile(`${path}.br`, br);
      if (gzipped.length < body.length) await writeFile(`${path}.gz`, gzipped);
    }),
  );
  return totals;
}

/** The integration for astro.config.mjs. */
export function precompress(): AstroIntegration {
  return {
    name: 'sts-workshop-precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const t = await precompressDir(fileURLToPath(dir));
        const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
        logger.info(`${t.files} files precompressed: ${kb(t.raw)} → ${kb(t.br)} Brotli, ${kb(t.gzip)} gzip`);
      },
    },
  };
}
