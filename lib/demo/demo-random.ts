// Small deterministic random helpers, so the demo is the same for the same minute on every machine.

export type Random = () => number;

/** mulberry32: small, fast, and seeded by an integer. */
export function rng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const hex = (random: Random, digits: number): string =>
  Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join("");

export function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

/** A log-normal duration around `medianMs`: most near it, a long tail above. */
export const lognormal = (random: Random, medianMs: number, sigma = 0.45): number =>
  medianMs * Math.exp(sigma * gaussian(random));

/** A whole count around `expected`, spread as Poisson arrivals are (normal approximation). */
export function countAround(random: Random, expected: number): number {
  if (expected <= 0) return 0;
  if (expected < 20) {
    // Knuth's method: exact for the small counts where the approximation is poor.
    const limit = Math.exp(-expected);
    let count = 0;
    for (let p = random(); p > limit; p *= random()) count++;
    return count;
  }
  return Math.max(0, Math.round(expected + Math.sqrt(expected) * gaussian(random)));
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** A whole number in [min, max]. */
export const between = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));
