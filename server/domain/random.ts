/**
 * A small seeded random number generator for everything that must be random yet repeatable: the
 * demo sheets and the rank-robustness bootstrap. Same seed, same numbers, on every machine: only
 * 32-bit integer operations (Math.imul, shifts), no Math.random.
 */

/** A 32-bit hash of the seed text (FNV-1a), so `--seed demo` works as well as `--seed 42`. */
export function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * mulberry32 (Tommy Ettinger, public domain): uniform numbers in [0, 1) with 32 bits each. Not for
 * secrets; ample for drawing judges with replacement.
 */
export function prng(seed: string): () => number {
  let state = hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n) from a {@link prng}: the bias of floor(u·n) is below n / 2³², nil for panels. */
export function randomIndex(random: () => number, n: number): number {
  return Math.floor(random() * n);
}
