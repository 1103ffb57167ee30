/**
 * A small seeded pseudo-random generator for the link's resampling (permutation draws,
 * Webb weights), so every run of a study gives the same p-values: xoshiro128** (Blackman
 * and Vigna, 2018) with its 128-bit state filled from the seed by splitmix32.
 */

/** A seeded stream of uniform numbers. */
export interface Rng {
  /** An unsigned 32-bit integer. */
  nextU32(): number;
  /** A uniform integer in 0 … n − 1 (rejection sampling, no modulo bias). */
  below(n: number): number;
}

/** xoshiro128** seeded by splitmix32 from a 32-bit integer seed. */
export function xoshiro128(seed: number): Rng {
  let z = seed >>> 0;
  const splitmix = (): number => {
    z = (z + 0x9e3779b9) >>> 0;
    let x = z;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    return (x ^ (x >>> 16)) >>> 0;
  };
  const s = [splitmix(), splitmix(), splitmix(), splitmix()];
  const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2] = (s[2]! ^ s[0]!) >>> 0;
    s[3] = (s[3]! ^ s[1]!) >>> 0;
    s[1] = (s[1]! ^ s[2]!) >>> 0;
    s[0] = (s[0]! ^ s[3]!) >>> 0;
    s[2] = (s[2]! ^ t) >>> 0;
    s[3] = rotl(s[3]!, 11);
    return result;
  };
  return {
    nextU32,
    below(n: number): number {
      if (!(n >= 1 && n <= 2 ** 32 && Number.isInteger(n))) throw new Error(`rng.below: bad bound ${n}`);
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const u = nextU32();
        if (u < limit) return u % n;
      }
    },
  };
}
