/**
 * The one XML writer the sandbox's protocols share, and the one converter from a result tree to
 * what it writes. The writer is fast-xml-parser's builder, escaping text as AWS does (only `&`,
 * `<` and `>`: apostrophes and quotes stay, so `Value 'x' at 'roleSessionName'` reads the same
 * on the wire as from AWS) and attribute values with `"` escaped too. The converter drops
 * undefined, writes booleans and numbers as text and Dates as ISO-8601, and lists in the
 * protocol's style: `<member>` elements for the query protocol, `<item>` elements for EC2's,
 * the element repeated for S3. It knows no envelope (the protocols in protocol/ write those).
 */
import { XMLBuilder } from 'fast-xml-parser';

export interface XmlStyle {
  /**
   * `member`: `<Tags><member>…</member></Tags>` (query); `item`: `<tagSet><item>…</item></tagSet>`
   * (EC2); `repeat`: `<Contents>…</Contents><Contents>…` (S3).
   */
  lists: 'member' | 'item' | 'repeat';
  /** `seconds`: `2026-11-21T21:02:15Z` (query services); `milliseconds`: `2026-11-21T21:02:15.000Z` (S3, EC2). */
  dates: 'seconds' | 'milliseconds';
}

const escapeText = (value: unknown) => String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  processEntities: false,
  tagValueProcessor: (_name, value) => escapeText(value),
  attributeValueProcessor: (_name, value) => escapeText(value).replace(/"/g, '&quot;'),
});

/** Writes a tree (`@_name` keys are attributes, `#text` the element's text). */
export function writeXml(tree: Record<string, unknown>): string {
  return builder.build(tree);
}

/** A result tree in the shape `writeXml` takes. */
export function xmlTree(value: unknown, style: XmlStyle): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return style.dates === 'seconds' ? value.toISOString().replace(/\.\d{3}Z$/, 'Z') : value.toISOString();
  if (Array.isArray(value)) {
    const items = value.map((item) => xmlTree(item, style));
    if (style.lists === 'repeat') return items;
    return items.length === 0 ? '' : { [style.lists]: items };
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const converted = xmlTree(inner, style);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  return String(value);
}
