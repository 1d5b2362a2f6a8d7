/**
 * Crash-test support: the random trials' PRNG (mulberry32), so that a seed replays a run's
 * choices on every machine: which lessons, how far through, when to kill. Not for anything
 * that needs unpredictable numbers.
 */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** A number in [0, 1). */
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    /** `count` distinct elements of `list`, in the list's order. */
    pick: <T>(list: readonly T[], count: number): T[] => {
      const order = list.map((item, i) => ({ item, i, r: next() })).sort((x, y) => x.r - y.r).slice(0, count);
      return order.sort((x, y) => x.i - y.i).map((x) => x.item);
    },
  };
}
