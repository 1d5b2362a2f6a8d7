/**
 * The one XML writer the sandbox's protocols share: fast-xml-parser's builder, escaping text as
 * AWS does (only `&`, `<` and `>`; apostrophes and quotes stay as they are, so messages such as
 * `Value 'x' at 'roleSessionName'` read the same on the wire as from AWS), and attribute values
 * with `"` escaped too. It knows no envelope (query-xml.ts and s3-xml.ts do).
 */
import { XMLBuilder } from 'fast-xml-parser';

const escapeText = (value: unknown) => String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const xmlBuilder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  processEntities: false,
  tagValueProcessor: (_name, value) => escapeText(value),
  attributeValueProcessor: (_name, value) => escapeText(value).replace(/"/g, '&quot;'),
});
