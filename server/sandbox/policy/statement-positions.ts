/**
 * Where each statement of a policy document sits in the document's JSON text, the way IAM's
 * policy simulator reports it in `MatchedStatements` (StartPosition / EndPosition): 1-based
 * line and column; a statement's span begins right after the token before it (the `[` of the
 * Statement array for the first one, the previous statement for the others, so the separating
 * comma belongs to the next span) and ends right after its closing `}`. That rule reproduces
 * the positions in AWS responses seen in public reports (`3:17`–`8:6` for AdministratorAccess
 * as AWS stores it). Pure and total: it never throws; text it cannot follow gives `undefined`.
 * It does not validate the policy (parse.ts does) and knows nothing of what the statements say.
 */

export interface Position {
  line: number;
  column: number;
}

export interface StatementSpan {
  start: Position;
  end: Position;
}

/** One span per statement, in document order, or `undefined` when the text cannot be followed. */
export function statementSpans(text: string): StatementSpan[] | undefined {
  try {
    const ranges = statementRanges(text);
    if (!ranges) return undefined;
    const at = positionsOf(text);
    return ranges.map(([start, end]) => ({ start: at(start), end: at(end) }));
  } catch {
    return undefined;
  }
}

/** Character offsets [start, end) of each statement: the last top-level `Statement` wins, as in JSON.parse. */
function statementRanges(text: string): [number, number][] | undefined {
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return undefined;
  i = skipSpace(text, i + 1);
  let found: [number, number][] | undefined;
  while (text[i] !== '}') {
    if (text[i] !== '"') return undefined;
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text[i] !== ':') return undefined;
    const afterColon = i + 1;
    const valueStart = skipSpace(text, afterColon);
    const valueEnd = skipValue(text, valueStart);
    if (key === 'Statement') found = text[valueStart] === '[' ? elementRanges(text, valueStart) : [[afterColon, valueEnd]];
    i = skipSpace(text, valueEnd);
    if (text[i] === ',') i = skipSpace(text, i + 1);
    else if (text[i] !== '}') return undefined;
  }
  return found;
}

/** The elements of the array starting at `open`, each from the end of the token before it. */
function elementRanges(text: string, open: number): [number, number][] {
  const ranges: [number, number][] = [];
  let previousEnd = open + 1;
  let i = skipSpace(text, open + 1);
  while (text[i] !== ']') {
    const end = skipValue(text, i);
    ranges.push([previousEnd, end]);
    previousEnd = end;
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return ranges;
}

/** The offset just past the JSON value starting at `i`. */
function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first === '{' || first === '[') {
    const close = first === '{' ? '}' : ']';
    let j = skipSpace(text, i + 1);
    while (text[j] !== close) {
      if (j >= text.length) throw new Error('unterminated');
      j = skipSpace(text, skipValue(text, j));
      if (text[j] === ':' || text[j] === ',') j = skipSpace(text, j + 1);
    }
    return j + 1;
  }
  let j = i;
  while (j < text.length && !/[\s,:\]}]/.test(text[j])) j++;
  if (j === i) throw new Error('unexpected token');
  return j;
}

function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  if (j >= text.length) throw new Error('unterminated string');
  return j + 1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** Offset -> 1-based line and column (a line ends at `\n`). */
function positionsOf(text: string): (offset: number) => Position {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    return { line: line + 1, column: offset - lineStarts[line] + 1 };
  };
}
