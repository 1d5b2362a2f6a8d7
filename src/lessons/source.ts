/**
 * Shown code = run code. Extracts the `// #region <id>` … `// #endregion` block of a lesson's
 * steps.ts text (imported `?raw` by the site), drops the marker lines and the common
 * indentation. It throws when a region is missing or duplicated so that a step without shown
 * code fails the build and the tests; it does not highlight or render anything.
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
