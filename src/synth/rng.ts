/**
 * Seeded randomness for the synthetic world. Each user has an independent sub-stream: a
 * xoroshiro128+ generator (pure-rand) whose 128-bit state is a hash of (seed, user index,
 * stream number). A user's rows therefore depend only on the seed and the user's index,
 * never on how users are chunked or on how many users precede them, and any user can be
 * regenerated alone. Hash: murmur3's 32-bit finaliser over distinct odd-constant mixes.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** One integer (up to 53 bits: low and high words) mixed into the hash state h. */
function mix(h: number, x: number): number {
  h = fmix32(h ^ Math.imul(x | 0, 0xcc9e2d51));
  return fmix32(h + Math.imul(Math.floor(x / 0x100000000) | 0, 0x1b873593));
}

const HASH_START = 0x9e3779b9 | 0;

/** A 32-bit hash of a few integers (deterministic on every platform). */
export function hash32(...xs: number[]): number {
  let h = HASH_START;
  for (const x of xs) h = mix(h, x);
  return h;
}

/** hash32(a, b, c, k) without a rest-argument array (hot: four per Rng). */
function hash4(a: number, b: number, c: number, k: number): number {
  return mix(mix(mix(mix(HASH_START, a), b), c), k);
}

/** A uniform random source for one user (or one named stream). */
export class Rng {
  private readonly g: RandomGenerator;

  constructor(seed: number, index: number, stream = 0) {
    const s = [hash4(seed, index, stream, 1), hash4(seed, index, stream, 2), hash4(seed, index, stream, 3), hash4(seed, index, stream, 4)];
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
    this.g = xoroshiro128plusFromState(s);
  }

  /** Uniform on [0, 1) with 53 random bits. */
  u(): number {
    const a = this.g.next() >>> 5; // 27 bits
    const b = this.g.next() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Bernoulli(p). */
  chance(p: number): boolean {
    return this.u() < p;
  }

  /** Integer uniform on [0, n). */
  int(n: number): number {
    return Math.floor(this.u() * n);
  }

  /** Standard normal (Box–Muller, one value per call). */
  normal(): number {
    const u1 = 1 - this.u();
    const u2 = this.u();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.u());
  }

  /** An element of a list. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  /** An index drawn from a cumulative distribution (last entry 1). */
  cdf(cum: Float64Array | readonly number[]): number {
    const u = this.u();
    for (let i = 0; i < cum.length; i++) if (u < cum[i]!) return i;
    return cum.length - 1;
  }
}

/** Cumulative distribution of relative weights. */
export function cumulative(weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => {
    acc += w / total;
    out[i] = acc;
  });
  out[weights.length - 1] = 1;
  return out;
}
