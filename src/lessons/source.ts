/**
 * Shown code = run code. `regionOf` extracts the `// #region <id>` … `// #endregion` block of a
 * lesson's steps.ts text (imported `?raw` by the site), drops the marker lines and the common
 * indentation; `findRegion` decides which file holds a step's region: the lesson's own steps.ts
 * or, for steps several lessons share, one module in src/lessons/shared/. Both throw when a
 * region is missing, duplicated or ambiguous so that a step without its shown code fails the
 * build and the tests; nothing here highlights or renders anything.
 */
export function regionOf(text: string, id: string): string {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === `// #region ${id}`);
  if (start === -1) throw new Error(`No "// #region ${id}" in the lesson source`);
  if (lines.findIndex((line, i) => i > start && line.trim() === `// #region ${id}`) !== -1) {
    throw new Error(`Region "${id}" appears twice in the lesson source`);
  }
  const end = lines.findIndex((line, i) => i > start && line.trim() === '// #endregion');
  if (end === -1) throw new Error(`Region "${id}" has no "// #endregion"`);
  const body = lines.slice(start + 1, end);
  const indents = body.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return body.map((l) => l.slice(cut)).join('\n').replace(/^\n+|\s+$/g, '');
}

/** A step's shown code and the file it came from (a key of the `sources` given to findRegion). */
export interface FoundRegion {
  path: string;
  code: string;
}

/**
 * Where the code of step `id` of the lesson at `lessonPath` is written, and that code. `sources`
 * maps file paths (as `import.meta.glob` gives them) to their text; it holds the lesson's steps.ts
 * and the shared modules (`…/shared/*.ts`), and may hold other lessons' files, which are ignored.
 *
 * - The lesson's own `// #region <id>` wins, unless a shared module that the lesson imports has
 *   a region with the same id too: then the page could show code other than what runs, and this
 *   throws.
 * - Otherwise exactly one shared module must have the region, and the lesson must import it (a
 *   value import, not `import type`); anything else throws, naming the files.
 */
export function findRegion(sources: Record<string, string>, lessonPath: string, id: string): FoundRegion {
  const lessonText = sources[lessonPath];
  if (lessonText === undefined) throw new Error(`${lessonPath} is not among the sources`);
  const withRegion = sharedPaths(sources, lessonPath).filter((path) => hasRegion(sources[path]!, id));
  const imported = importsOf(lessonText, lessonPath);
  const used = withRegion.filter((path) => imported.has(normalize(path)));

  if (hasRegion(lessonText, id)) {
    if (used.length > 0) {
      throw new Error(
        `Region "${id}" is both in ${lessonPath} and in ${used.join(', ')}, which it imports: ` +
          'rename one of them so that the page shows the code that runs',
      );
    }
    return { path: lessonPath, code: regionIn(lessonText, id, lessonPath) };
  }
  if (withRegion.length === 0) {
    throw new Error(`No "// #region ${id}" in ${lessonPath} nor in any shared module`);
  }
  if (withRegion.length > 1) {
    throw new Error(`Region "${id}" is in more than one shared module (${withRegion.join(', ')}); a shared region id must be unique`);
  }
  const [path] = withRegion as [string];
  if (used.length === 0) {
    throw new Error(`No "// #region ${id}" in ${lessonPath}; ${path} has one, but the lesson does not import that module`);
  }
  return { path, code: regionIn(sources[path]!, id, path) };
}

/** regionOf, with the file named in its errors. */
function regionIn(text: string, id: string, path: string): string {
  try {
    return regionOf(text, id);
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)} (${path})`);
  }
}

function hasRegion(text: string, id: string): boolean {
  return text.split(/\r?\n/).some((line) => line.trim() === `// #region ${id}`);
}

/** The shared modules among `sources`: `…/shared/<name>.ts`, tests excluded. */
function sharedPaths(sources: Record<string, string>, lessonPath: string): string[] {
  return Object.keys(sources)
    .filter((path) => path !== lessonPath && /(?:^|\/)shared\/[^/]+\.ts$/.test(path) && !path.endsWith('.test.ts'))
    .sort();
}

/** The relative modules that `text` (the file at `path`) imports values from, normalized. */
function importsOf(text: string, path: string): Set<string> {
  const found = new Set<string>();
  const dir = path.split('/').slice(0, -1).join('/');
  for (const match of text.matchAll(/\bimport\s+(type\s+)?(?:[^'";]*?\bfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g)) {
    if (!match[1]) found.add(normalize(`${dir}/${match[2]}`));
  }
  return found;
}

/** `a/./b/../c.ts` → `a/c.ts`; leading `..` segments stay. */
function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
