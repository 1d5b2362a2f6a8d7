/**
 * IAM list pagination: `Marker` and `MaxItems` (1–1000, default 100) in, `IsTruncated` (always
 * sent, `false` when the list is complete) and `Marker` (only when truncated) out. Lists are
 * sorted by a key, and the marker is an opaque encoding of the first key of the next page, so
 * a page boundary survives entities being deleted between calls. It filters nothing itself.
 */
import { validationError } from '../../errors.ts';
import type { QueryParams } from '../../protocol/query-params.ts';
import { check, length, pattern, range } from '../../protocol/validate.ts';

const MARKER_PREFIX = 'sbx1:';

export interface Truncation {
  IsTruncated: boolean;
  Marker?: string;
}

export function paginate<T>(items: T[], keyOf: (item: T) => string, params: QueryParams): { items: T[]; truncation: Truncation } {
  const marker = params.get('Marker');
  const maxItemsText = params.get('MaxItems');
  check(length(marker, 'marker', 1, 320), pattern(marker, 'marker', '[\\u0020-\\u00FF]+'), range(maxItemsText, 'maxItems', 1, 1000));
  const maxItems = maxItemsText === undefined ? 100 : Number(maxItemsText);
  const sorted = items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let start = 0;
  if (marker !== undefined) {
    const from = decodeMarker(marker);
    start = sorted.findIndex((entry) => entry.key >= from);
    if (start === -1) start = sorted.length;
  }
  const pageItems = sorted.slice(start, start + maxItems);
  const next = sorted[start + maxItems];
  return {
    items: pageItems.map((entry) => entry.item),
    truncation: next ? { IsTruncated: true, Marker: encodeMarker(next.key) } : { IsTruncated: false },
  };
}

function encodeMarker(key: string): string {
  return Buffer.from(MARKER_PREFIX + key, 'utf8').toString('base64');
}

function decodeMarker(marker: string): string {
  const text = /^[A-Za-z0-9+/]+={0,2}$/.test(marker) ? Buffer.from(marker, 'base64').toString('utf8') : '';
  if (!text.startsWith(MARKER_PREFIX)) throw validationError('Invalid Marker.');
  return text.slice(MARKER_PREFIX.length);
}
