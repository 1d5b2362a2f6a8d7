/**
 * The offers inside a step's result. A step that holds a secret the learner may need (a console
 * sign-in URL) returns an `OfferRef` (`{ $offer, label, masked, expiresAt, expiresInSeconds }`,
 * see src/lessons/lesson.ts) in its place: `isOfferRef` recognizes one (and nothing looser),
 * `findOffers` collects those of a result for the reveal-once controls (offer-control.ts),
 * `withOfferPlaceholders` copies the result for its JSON block with each offer replaced by a
 * short placeholder, and `agedOffer` makes an offer from a remembered run count down from when it
 * was made. Pure: no DOM, no fetch, tested with node:test.
 */
import type { OfferRef } from '../../lessons/lesson.ts';

export type { OfferRef };

const MAX_OFFERS = 8;

export function isOfferRef(value: unknown): value is OfferRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.$offer === 'string' &&
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v.$offer) &&
    typeof v.label === 'string' &&
    typeof v.masked === 'string' &&
    (v.expiresAt === undefined || typeof v.expiresAt === 'string')
  );
}

/** Every OfferRef inside a result value (depth-first, first of each name, at most 8). */
export function findOffers(value: unknown): OfferRef[] {
  const found = new Map<string, OfferRef>();
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number) => {
    if (found.size >= MAX_OFFERS || depth > 8 || typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (isOfferRef(v)) {
      if (!found.has(v.$offer)) found.set(v.$offer, v);
      return;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child, depth + 1);
  };
  walk(value, 0);
  return [...found.values()];
}

/** What the result JSON shows in place of an offer: the control below carries the value. */
export function offerPlaceholder(ref: OfferRef): string {
  return `${ref.label || 'secret'} (see below)`;
}

/**
 * A copy of a result value with each OfferRef replaced by its placeholder, for the result's JSON
 * block: the raw `{ $offer, label, masked, … }` means nothing to a learner. Other values are
 * kept as they are (a cycle, which JSON results never have, is cut).
 */
export function withOfferPlaceholders(value: unknown): unknown {
  const inPath = new Set<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (isOfferRef(v)) return offerPlaceholder(v);
    if (depth > 16 || inPath.has(v)) return v;
    inPath.add(v);
    const copy = Array.isArray(v) ? v.map((child) => walk(child, depth + 1)) : Object.fromEntries(Object.entries(v).map(([k, child]) => [k, walk(child, depth + 1)]));
    inPath.delete(v);
    return copy;
  };
  return walk(value, 0);
}

/**
 * An offer from a remembered run, for a page loaded later: its `expiresInSeconds` counted from
 * when it was made (`madeAt`, ms) rather than from now, so the countdown does not start over.
 */
export function agedOffer(ref: OfferRef, madeAt: number, now: number): OfferRef {
  if (ref.expiresInSeconds === undefined || !Number.isFinite(madeAt)) return ref;
  const elapsed = Math.max(0, (now - madeAt) / 1000);
  return { ...ref, expiresInSeconds: Math.max(0, Math.round(ref.expiresInSeconds - elapsed)) };
}
