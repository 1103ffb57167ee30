/**
 * Ranks of countries with their ranges (docs/methods.md, "Ranks and their ranges"): the
 * rank of each country's estimate, and the 2.5th–97.5th percentile of its rank over
 * resampled values: the bootstrap replicates for counts, seeded normal draws of
 * (estimate, se) for premiums.
 */
import type { Row } from '../../contract/index.ts';
import { xoshiro128 } from '../link/prng.ts';
import { cellKey, type Intervals } from './index.ts';

/** One country's rank among `n`, with its range (null when there is nothing to resample). */
export interface RankRange {
  country: string;
  rank: number;
  low: number | null;
  high: number | null;
  n: number;
}

/** Draws of premiums' ranks (and their seed) used by the report. */
export const PREMIUM_RANK_DRAWS = 1000;
export const PREMIUM_RANK_SEED = 20251205;

/**
 * Ranks, largest first, of `values` (ties: the smaller country code ranks first, as a
 * stable sort of rows in code order does). Returns rank by position of `values`.
 */
export function ranks(values: readonly { country: string; v: number }[]): number[] {
  return values.map((a) => {
    let r = 1;
    for (const b of values) if (b.v > a.v || (b.v === a.v && b.country < a.country)) r++;
    return r;
  });
}

/** The ⌈q·R⌉-th smallest of R values (inverted empirical CDF), or null when R = 0. */
export function percentileRank(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1;
  return sorted[i]!;
}

/**
 * Ranks with ranges from resampled values: `samples[i][r]` is country i's value in
 * replicate r (a replicate where any value is missing is left out).
 */
export function rankRanges(points: readonly { country: string; v: number; samples: readonly (number | null)[] }[]): RankRange[] {
  const base = ranks(points);
  const reps = points.length ? Math.min(...points.map((p) => p.samples.length)) : 0;
  const byCountry: number[][] = points.map(() => []);
  for (let r = 0; r < reps; r++) {
    const vals = points.map((p) => ({ country: p.country, v: p.samples[r] }));
    if (vals.some((x) => x.v === null || x.v === undefined || !Number.isFinite(x.v))) continue;
    const rr = ranks(vals as { country: string; v: number }[]);
    rr.forEach((k, i) => byCountry[i]!.push(k));
  }
  return points.map((p, i) => {
    const sorted = byCountry[i]!.sort((a, b) => a - b);
    return { country: p.country, rank: base[i]!, low: percentileRank(sorted, 0.025), high: percentileRank(sorted, 0.975), n: points.length };
  });
}

/** A standard normal stream (Box–Muller on xoshiro128** uniforms in (0, 1)). */
function normals(seed: number): () => number {
  const rng = xoshiro128(seed);
  let spare: number | null = null;
  const unif = (): number => (rng.nextU32() + 0.5) / 2 ** 32;
  return () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(unif()));
    const th = 2 * Math.PI * unif();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
}

/**
 * Ranks of estimates with ranges from `draws` seeded normal draws of each (estimate, se),
 * largest first. Countries are drawn in code order, so the ranges do not depend on the
 * order of `points`.
 */
export function normalRankRanges(
  points: readonly { country: string; estimate: number; se: number }[],
  draws = PREMIUM_RANK_DRAWS,
  seed = PREMIUM_RANK_SEED,
): RankRange[] {
  const ordered = [...points].sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
  const z = normals(seed);
  const samples: number[][] = ordered.map(() => []);
  for (let r = 0; r < draws; r++) ordered.forEach((p, i) => samples[i]!.push(p.estimate + p.se * z()));
  const out = rankRanges(ordered.map((p, i) => ({ country: p.country, v: p.estimate, samples: samples[i]! })));
  const byCountry = new Map(out.map((o) => [o.country, o]));
  return points.map((p) => byCountry.get(p.country)!);
}

/**
 * The rows of ranks.csv for one measure: within each (year, group), the countries whose
 * `value` column is published, ranked with the range of their ranks over the bootstrap
 * replicates in `intervals` (a published zero without contributions is 0 in every
 * replicate; ranges are blank when the bootstrap is off).
 */
export function rankRows(rows: readonly Row[], intervals: Intervals, opts: { measure: string; value: string; keys: readonly string[] }): Row[] {
  const reps = Math.max(0, ...[...intervals.values()].map((iv) => iv.replicates?.length ?? 0));
  const cells = new Map<string, { country: string; v: number; samples: readonly (number | null)[] }[]>();
  for (const r of rows) {
    const v = r[opts.value];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const g = `${String(r.year)}\u0001${String(r.group)}`;
    const samples = intervals.get(cellKey(r, opts.keys))?.replicates ?? (v === 0 ? new Array<number>(reps).fill(0) : []);
    (cells.get(g) ?? cells.set(g, []).get(g)!).push({ country: r.country as string, v, samples });
  }
  const out: Row[] = [];
  for (const [g, points] of cells) {
    const [year, group] = g.split('\u0001');
    const y = Number(year);
    for (const k of rankRanges(points)) {
      out.push({
        measure: opts.measure, country: k.country, year: Number.isInteger(y) ? y : year!, group: group!,
        rank: k.rank, rank_low: k.low, rank_high: k.high, n_ranked: k.n,
      });
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((a, b) => cmp(a.country as string, b.country as string) || (a.year as number) - (b.year as number) || cmp(a.group as string, b.group as string));
}
