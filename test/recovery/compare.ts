/**
 * Recovery checks: compare a study's output tables with the truth.json of the synthetic
 * world they were measured on (docs/synthetic-world.md, "Recovery tests").
 *
 * Conventions aligned here:
 * - the study publishes the full country × year × group grid (zeros included) for
 *   headcount, flows, abroad_share and mobility, and truth.json lists only cells with at
 *   least one person or move: a study row absent from the truth must be empty (every
 *   count 0, every figure 0 or null);
 * - truth rows are restricted to the study's measured years;
 * - `mobility`: only the columns both publish (turnover_rate, foreign_job_change_share,
 *   net_per_10k) are compared;
 * - premium rows: the study has a row only where both groups are present (n_ai ≥ 1 and
 *   n − n_ai ≥ 1); `pooled` truth is rebuilt from the yearly truth rows over the study's
 *   years (the study stacks every measured year, truth.json's own pooled row stacks
 *   2010 to the last year).
 */
import type { Cell, OutputTable } from '../../src/output/table.ts';
import type { Truth, TruthTable } from '../../src/synth/truth.ts';

type TruthCell = string | number | null;

/** How one indicator table is compared: key columns, exact counts, real figures (1e-9 relative). */
export interface ExactSpec {
  keys: string[];
  counts: string[];
  reals: string[];
}

/** The stock and flow tables compared exactly, by output name. */
export const EXACT_SPECS = {
  headcount: { keys: ['country', 'year', 'group'], counts: ['persons'], reals: ['persons_weighted'] },
  flows: {
    keys: ['country', 'year', 'group'],
    counts: ['inflow', 'outflow', 'net'],
    reals: ['inflow_weighted', 'outflow_weighted', 'net_weighted'],
  },
  bilateral_flows: {
    keys: ['origin', 'destination', 'year', 'group'],
    counts: ['moves'],
    reals: ['moves_weighted_origin', 'moves_weighted_destination'],
  },
  abroad: { keys: ['origin', 'destination', 'year', 'group'], counts: ['persons'], reals: ['persons_weighted'] },
  abroad_share: {
    keys: ['origin', 'year', 'group'],
    counts: ['persons', 'persons_abroad'],
    reals: ['share_abroad', 'persons_weighted', 'persons_abroad_weighted', 'share_abroad_weighted'],
  },
  mobility: { keys: ['country', 'year', 'group'], counts: [], reals: ['turnover_rate', 'foreign_job_change_share', 'net_per_10k'] },
  composition: {
    keys: ['country', 'year', 'group', 'dimension', 'category'],
    counts: ['persons'],
    reals: ['share', 'persons_weighted', 'share_weighted'],
  },
} as const satisfies Record<string, ExactSpec>;

/** Relative tolerance of weighted figures and shares. */
export const REL_TOL = 1e-9;

/** One disagreement between truth and study. */
export interface Mismatch {
  table: string;
  key: string;
  kind: 'missing' | 'extra' | 'value';
  column?: string;
  truth?: TruthCell | Cell;
  study?: TruthCell | Cell;
}

/** Outcome of one exact comparison. */
export interface ExactResult {
  compared: number;
  /** Study rows absent from the truth (all empty). */
  emptyExtras: number;
  mismatches: Mismatch[];
}

/** Truth rows as records. */
export function truthRecords(t: TruthTable): Record<string, TruthCell>[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i] ?? null])));
}

const keyOf = (r: Record<string, unknown>, keys: readonly string[]): string => keys.map((k) => String(r[k])).join('|');

/** Equal within `rel` relative (exact for zero), nulls equal only to nulls. */
export function close(a: unknown, b: unknown, rel = REL_TOL): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Compare a truth table with a study table: same keys (up to empty study rows), counts
 * exactly, reals to {@link REL_TOL}. Only truth rows of `years` take part.
 */
export function compareExact(name: string, spec: ExactSpec, truth: TruthTable, study: OutputTable, years: ReadonlySet<number>): ExactResult {
  const mismatches: Mismatch[] = [];
  const byKey = new Map(study.rows.map((r) => [keyOf(r, spec.keys), r]));
  if (byKey.size !== study.rows.length) throw new Error(`${name}: duplicate keys in the study's table`);
  const seen = new Set<string>();
  let compared = 0;
  for (const t of truthRecords(truth)) {
    if (!years.has(Number(t.year))) continue;
    const key = keyOf(t, spec.keys);
    seen.add(key);
    const s = byKey.get(key);
    if (!s) {
      mismatches.push({ table: name, key, kind: 'missing' });
      continue;
    }
    compared++;
    if (s.suppressed !== false) mismatches.push({ table: name, key, kind: 'value', column: 'suppressed', truth: false, study: s.suppressed ?? null });
    for (const c of spec.counts) {
      if (s[c] !== t[c]) mismatches.push({ table: name, key, kind: 'value', column: c, truth: t[c], study: s[c] ?? null });
    }
    for (const c of spec.reals) {
      if (!close(t[c], s[c])) mismatches.push({ table: name, key, kind: 'value', column: c, truth: t[c], study: s[c] ?? null });
    }
  }
  let emptyExtras = 0;
  for (const [key, s] of byKey) {
    if (seen.has(key)) continue;
    const empty = spec.counts.every((c) => s[c] === 0) && spec.reals.every((c) => s[c] === 0 || s[c] === null);
    if (empty) emptyExtras++;
    else mismatches.push({ table: name, key, kind: 'extra', study: JSON.stringify(s) });
  }
  return { compared, emptyExtras, mismatches };
}

/** A premium cell of the truth: counts and the true mean AI log-premium of the sample (null without AI users). */
export interface TruthPremiumCell {
  family: PremiumFamily;
  n: number;
  n_ai: number;
  lp: number | null;
  /**
   * Lower bound on the distinct AI and non-AI persons of the cell: the counts themselves
   * for a year; for `pooled` (which counts person-years) the largest yearly count.
   */
  persons_ai: number;
  persons_non_ai: number;
}

/** The premium families: premium.csv (skill `all` or a skill) and premium_by_seniority.csv. */
export type PremiumFamily = 'all' | 'skill' | 'seniority';

/**
 * Truth premium cells keyed `country|year|third` (third = skill or seniority level), for
 * the study's years, with `pooled` rebuilt from the yearly cells over those years, as the
 * study stacks them: n and n_ai add up (a skill's pooled sample also stacks the non-AI
 * users of years without holders, taken from the `all` rows), the true mean is the
 * n_ai-weighted mean of the yearly means.
 */
export function truthPremiumCells(truth: Truth, years: ReadonlySet<number>): Map<string, TruthPremiumCell> {
  const out = new Map<string, TruthPremiumCell>();
  const pooled = new Map<string, TruthPremiumCell & { sum: number }>();
  const nonAi = new Map<string, number[]>(); // country → non-AI n of each year (all rows)
  const yearly = (t: TruthTable, third: string) =>
    truthRecords(t).filter((r) => r.year !== 'pooled' && years.has(Number(r.year))).map((r) => ({ r, k3: String(r[third]) }));
  const rows = [
    ...yearly(truth.premium, 'skill').map((x) => ({ ...x, family: (x.k3 === 'all' ? 'all' : 'skill') as PremiumFamily })),
    ...yearly(truth.premium_by_seniority, 'seniority').map((x) => ({ ...x, family: 'seniority' as PremiumFamily })),
  ];
  for (const { r, k3, family } of rows) {
    const n = Number(r.n);
    const nAi = Number(r.n_ai);
    const lp = r.true_log_premium === null ? null : Number(r.true_log_premium);
    if (family === 'all') nonAi.set(String(r.country), [...(nonAi.get(String(r.country)) ?? []), n - nAi]);
    out.set(`${r.country}|${r.year}|${k3}`, { family, n, n_ai: nAi, lp, persons_ai: nAi, persons_non_ai: n - nAi });
    const pk = `${r.country}|pooled|${k3}`;
    const p = pooled.get(pk) ?? { family, n: 0, n_ai: 0, lp: null, sum: 0, persons_ai: 0, persons_non_ai: 0 };
    p.n += family === 'skill' ? nAi : n; // the non-AI part of a skill sample is added below
    p.n_ai += nAi;
    if (nAi > 0) p.sum += nAi * lp!;
    p.persons_ai = Math.max(p.persons_ai, nAi);
    p.persons_non_ai = Math.max(p.persons_non_ai, n - nAi);
    pooled.set(pk, p);
  }
  for (const [k, { sum, ...p }] of pooled) {
    if (p.family === 'skill') {
      const na = nonAi.get(k.slice(0, k.indexOf('|'))) ?? [];
      p.n += na.reduce((a, b) => a + b, 0);
      p.persons_non_ai = Math.max(0, ...na);
    }
    out.set(k, { ...p, lp: p.n_ai > 0 ? sum / p.n_ai : null });
  }
  return out;
}

/** One premium cell compared: the study's estimate against the truth. */
export interface PremiumCell {
  key: string;
  family: PremiumFamily;
  pooled: boolean;
  n: number;
  n_ai: number;
  persons_ai: number;
  persons_non_ai: number;
  truth: number;
  estimate: number;
  se: number;
  z: number;
}

/** Outcome of the premium comparison. */
export interface PremiumResult {
  /** Count and key mismatches (n, n_ai, rows present on one side only). */
  mismatches: Mismatch[];
  /** Cells with an estimate, a positive se and the truth (every size). */
  cells: PremiumCell[];
}

/**
 * Compare premium.csv and premium_by_seniority.csv with the truth: the same cells (a study
 * row wherever the truth sample has both groups), n and n_ai exactly, and, for every cell
 * with an estimate, z = (estimate − true_log_premium) / se.
 */
export function comparePremium(truthCells: ReturnType<typeof truthPremiumCells>, premium: OutputTable, bySeniority: OutputTable): PremiumResult {
  const mismatches: Mismatch[] = [];
  const cells: PremiumCell[] = [];
  const study = new Map<string, { table: string; row: Record<string, Cell> }>();
  for (const r of premium.rows) study.set(`${r.country}|${r.year}|${r.skill}`, { table: 'premium', row: r });
  for (const r of bySeniority.rows) study.set(`${r.country}|${r.year}|${r.seniority}`, { table: 'premium_by_seniority', row: r });
  for (const [key, t] of truthCells) {
    const table = t.family === 'seniority' ? 'premium_by_seniority' : 'premium';
    const s = study.get(key)?.row;
    const both = t.n_ai >= 1 && t.n - t.n_ai >= 1;
    if (!s) {
      if (both) mismatches.push({ table, key, kind: 'missing' });
      continue;
    }
    if (!both) {
      mismatches.push({ table, key, kind: 'extra', study: JSON.stringify(s) });
      continue;
    }
    for (const c of ['n', 'n_ai'] as const) {
      if (s[c] !== t[c]) mismatches.push({ table, key, kind: 'value', column: c, truth: t[c], study: s[c] ?? null });
    }
    const est = s.estimate;
    const se = s.se;
    if (typeof est === 'number' && typeof se === 'number' && se > 0 && t.lp !== null) {
      cells.push({
        key, family: t.family, pooled: key.includes('|pooled|'), n: t.n, n_ai: t.n_ai, persons_ai: t.persons_ai, persons_non_ai: t.persons_non_ai,
        truth: t.lp, estimate: est, se, z: (est - t.lp) / se,
      });
    }
  }
  for (const [key, s] of study) if (!truthCells.has(key)) mismatches.push({ table: s.table, key, kind: 'extra', study: JSON.stringify(s.row) });
  return { mismatches, cells };
}

/**
 * Expected rejects of the world (truth.expected_rejects) summed by reason and by table,
 * next to the manifest's counts.
 */
export function expectedRejects(truth: Truth): { byReason: Record<string, number>; byTable: Record<string, number> } {
  const byReason: Record<string, number> = {};
  const byTable: Record<string, number> = {};
  for (const r of truth.expected_rejects) {
    byReason[r.reason] = (byReason[r.reason] ?? 0) + r.count;
    byTable[r.table] = (byTable[r.table] ?? 0) + r.count;
  }
  return { byReason, byTable };
}

/** Drop zero entries (the manifest lists every table, with 0 when nothing was rejected). */
export function nonZero(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== 0));
}

/** Summary of z-scores: count, 3-SE misses, their rate, mean and sd. */
export function zSummary(cells: readonly PremiumCell[]): { cells: number; misses: number; missRate: number; meanZ: number; sdZ: number } {
  const n = cells.length;
  const misses = cells.filter((c) => Math.abs(c.z) > 3).length;
  const mean = n ? cells.reduce((a, c) => a + c.z, 0) / n : NaN;
  const sd = n > 1 ? Math.sqrt(cells.reduce((a, c) => a + (c.z - mean) ** 2, 0) / (n - 1)) : NaN;
  return { cells: n, misses, missRate: n ? misses / n : NaN, meanZ: mean, sdZ: sd };
}
