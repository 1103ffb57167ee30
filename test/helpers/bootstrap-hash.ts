/**
 * The bootstrap's hash and Poisson(1) draw (src/measure/bootstrap/hash.sql, mult.sql)
 * reimplemented in TypeScript with JavaScript's own 32-bit operations (Math.imul, ^,
 * >>>), independently of the SQL's 16-bit split products and a + b − 2(a & b) xor, to
 * check the SQL and to write the fixture test/fixtures/bootstrap-hash.json.
 */

/** murmur3's 32-bit finaliser. */
export function fmix32(h: number): number {
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** h32(key, stream, seed) of hash.sql; `key` is masked to its low 32 bits. */
export function h32(key: number | bigint, stream: number, seed: number): number {
  const k = Number(BigInt(key) & 0xffffffffn);
  const inner = fmix32((k ^ seed) >>> 0);
  return fmix32((inner ^ (Math.imul(stream >>> 0, 0x9e3779b9) >>> 0)) >>> 0);
}

/** floor(2^32 · P(X ≤ k)) for X ~ Poisson(1), k = 0 … 11, computed exactly (BigInt rationals). */
export function poissonThresholds(): number[] {
  const S = 10n ** 60n;
  let einv = 0n;
  let fact = 1n;
  for (let j = 0; j < 60; j++) {
    if (j > 0) fact *= BigInt(j);
    einv += ((j % 2 === 0 ? 1n : -1n) * S) / fact;
  }
  const out: number[] = [];
  let cdf = 0n;
  fact = 1n;
  for (let k = 0; k < 12; k++) {
    if (k > 0) fact *= BigInt(k);
    cdf += einv / fact;
    out.push(Number((cdf * 2n ** 32n) / S));
  }
  return out;
}

const T = poissonThresholds();

/** The Poisson(1) draw of mult.sql from a 32-bit hash: the smallest k with h < T_k (12 beyond T_11). */
export function poisson1(h: number): number {
  for (let k = 0; k < T.length; k++) if (h < T[k]!) return k;
  return 12;
}
