/**
 * Secrets a step offers the learner (a console sign-in URL): held in server memory per lesson,
 * the step's result carries only a masked reference, and `reveal` hands the value over once, on
 * an explicit request, never after it expired. It registers nothing and streams nothing: the
 * Workshop registers the value as a secret when it is offered.
 */
import type { OfferRef } from '../../src/lessons/lesson.ts';
import { WorkshopError } from './workshop-error.ts';

interface Offer {
  value: string;
  label: string;
  expiresAt?: number;
  revealed: boolean;
}

export class Offers {
  readonly #offers = new Map<string, Offer>();

  /** Keeps the value and answers the reference the step's result shows instead. */
  offer(name: string, value: string, details: { label: string; expiresAt?: Date; mask: string }, now: number): OfferRef {
    this.#offers.set(name, { value, label: details.label, expiresAt: details.expiresAt?.getTime(), revealed: false });
    const left = details.expiresAt ? Math.round((details.expiresAt.getTime() - now) / 1000) : undefined;
    return { $offer: name, label: details.label, masked: details.mask, expiresAt: details.expiresAt?.toISOString(), expiresInSeconds: left };
  }

  /** The deliberate reveal, once: a second reveal is refused, and so is an expired offer. */
  reveal(name: string, now: number): { value: string; label: string; expiresAt?: string; expiresInSeconds?: number } {
    const offer = this.#offers.get(name);
    if (!offer) throw new WorkshopError(404, 'NoSuchOffer', 'Nothing to reveal here: run the step that makes it first.');
    if (offer.expiresAt !== undefined && now >= offer.expiresAt) {
      throw new WorkshopError(409, 'Expired', `The ${offer.label} has expired: run the step again for a new one.`);
    }
    if (offer.revealed) throw new WorkshopError(409, 'AlreadyRevealed', `The ${offer.label} was already shown once; run the step again for a new one.`);
    offer.revealed = true;
    return {
      value: offer.value,
      label: offer.label,
      expiresAt: offer.expiresAt === undefined ? undefined : new Date(offer.expiresAt).toISOString(),
      expiresInSeconds: offer.expiresAt === undefined ? undefined : Math.round((offer.expiresAt - now) / 1000),
    };
  }

  clear(): void {
    this.#offers.clear();
  }
}
