/**
 * The Poisson bootstrap over users behind the 95% intervals of weighted headcounts, shares
 * abroad and net flows (docs/methods.md, "Uncertainty of counts").
 *
 * Each resampled unit (a user, or one of {@link BOOTSTRAP_GROUPS} hash groups of users)
 * draws one Poisson(1) multiplier per replicate from h32(unit key, replicate, seed), a hash
 * defined in 32-bit integer arithmetic that any SQL engine computes identically
 * (`hash.sql`); the key of a user is its `uid`, the dense rank of `user_id` assigned at
 * ingest (numeric ids numerically, then text ids in code-point order), so neither row
 * order nor the engine changes a multiplier. `buildBootstrap` (the `bootstrap` stage)
 * writes the units and multipliers once; a measure gives the contributions of its cells
 * per unit, and a replicate of a cell is the multiplier-weighted sum (or ratio of two
 * sums); the interval is the 2.5th and 97.5th percentiles over the replicates.
 *
 * Per-user or grouped: with at most {@link BOOTSTRAP_GROUPS} users each user is a unit;
 * above, users are hashed into that many groups, their partial sums per cell computed in
 * one pass and the groups resampled (the cost then no longer grows with users). A grouped
 * replicate of a total is rescaled by groups / Σ m: the plain sum Σ m_g·S_g would add
 * T²/groups to the variance of a total T (the group sums' common mean is resampled too),
 * while the rescaled one keeps, in expectation over the hashing, the per-user variance
 * Σ y² (1 − 1/groups). Ratios need no rescaling (it cancels).
 */
import { fill, ident, join, sql, sqlFile, type Sql } from '../../db/index.ts';
import type { Row } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';

/** Number of hash groups of the grouped form (and the most users resampled one by one). */
export const BOOTSTRAP_GROUPS = 1000;

const HASH = sqlFile(import.meta.url, 'hash.sql');
const KEYS_USERS = sqlFile(import.meta.url, 'keys-users.sql');
const KEYS_REPLICATES = sqlFile(import.meta.url, 'keys-replicates.sql');
const UNITS_USER = sqlFile(import.meta.url, 'units-user.sql');
const UNITS_GROUP = sqlFile(import.meta.url, 'units-group.sql');
const MULT = sqlFile(import.meta.url, 'mult.sql');
const MULT_READ = sqlFile(import.meta.url, 'mult-read.sql');
const PART_READ = sqlFile(import.meta.url, 'part-read.sql');

/** A percentile interval, and the replicate values when asked for. */
export interface Interval {
  low: number | null;
  high: number | null;
  replicates?: (number | null)[];
}

/** The intervals of one measure's cells, by {@link cellKey}. */
export type Intervals = Map<string, Interval>;

/** What to bootstrap: the cells' contributions per unit. */
export interface BootstrapSpec {
  /**
   * A query over `boot_units(uid, unit)` and the measure's tables returning `keys`…,
   * `unit`, `a`, `b`, one row per cell and unit: the sum of the cell's figure (a) and, for
   * a ratio, of its denominator (b; 0 otherwise) over the unit's users.
   */
  contributions: Sql;
  /** The cell's key columns, as the published rows name them. */
  keys: readonly string[];
  /** Interval of Σa / Σb instead of Σa. */
  ratio?: boolean;
  /** Return every replicate's value too (for ranks). */
  replicates?: boolean;
}

/** How the bootstrap is run; the study's options by default. */
export interface BootstrapPlan {
  replicates: number;
  seed: number;
  /** Hash groups of the grouped form. */
  groups?: number;
  /** Most users resampled one by one (default: `groups`); more users → grouped form. */
  perUserMax?: number;
}

/**
 * Write `boot_units(uid, unit)` (the resampled unit of every user of `positions`) and
 * `boot_multipliers(r, m, scale)` (replicate r = 1 … R: the Poisson(1) multiplier of every
 * unit, in unit order, and the replicate's scale). With 0 replicates both are empty.
 */
export async function buildBootstrap(
  ctx: StudyContext,
  plan: BootstrapPlan = { replicates: ctx.options.bootstrap, seed: ctx.options.bootstrapSeed },
): Promise<void> {
  const db = ctx.db;
  const groups = plan.groups ?? BOOTSTRAP_GROUPS;
  const seed = plan.seed >>> 0;
  try {
    await db.run(KEYS_USERS);
    await db.run(fill(HASH, { seed }));
    const users = (await db.scalar<number>('SELECT count(*) FROM tf_boot_hash')) ?? 0;
    const grouped = users > (plan.perUserMax ?? groups);
    await db.run(grouped ? fill(UNITS_GROUP, { groups }) : UNITS_USER);
    await db.run(fill(KEYS_REPLICATES, { replicates: Math.max(0, plan.replicates) }));
    await db.run(fill(HASH, { seed }));
    await db.run(fill(MULT, { grouped: sql`${grouped}`, groups }));
    if (plan.replicates > 0)
      ctx.log?.(`bootstrap: ${plan.replicates} replicates over ${grouped ? `${groups} hash groups of ${users} users` : `${users} users`}`);
  } finally {
    for (const t of ['tf_boot_keys', 'tf_boot_hash', 'tf_boot_ukey']) await db.run(`DROP TABLE IF EXISTS ${t}`);
  }
}

/** The key string of a cell: its key values joined. */
export function cellKey(row: Row, keys: readonly string[]): string {
  return keys.map((k) => String(row[k])).join('\u0001');
}

/** The replicates' multipliers, unit-major: m[unit·R + r], and each replicate's scale. */
interface Multipliers {
  reps: number;
  units: number;
  m: Float64Array;
  scale: Float64Array;
}

async function readMultipliers(ctx: StudyContext): Promise<Multipliers> {
  const rows = await ctx.db.all<{ r: number; m: number[]; scale: number }>(MULT_READ);
  const reps = rows.length;
  const units = rows[0]?.m.length ?? 0;
  const m = new Float64Array(units * reps);
  const scale = new Float64Array(reps);
  rows.forEach((row, r) => {
    if (row.m.length !== units) throw new Error(`bootstrap: replicate ${row.r} has ${row.m.length} multipliers, not ${units}`);
    row.m.forEach((x, u) => (m[u * reps + r] = x));
    scale[r] = row.scale;
  });
  return { reps, units, m, scale };
}

/**
 * The intervals of each spec's cells from `boot_units` and `boot_multipliers` (empty maps
 * when there are no replicates). The contributions are streamed in (cell, unit) order
 * and multiplied by the replicates' multipliers here: only partial sums per cell and unit
 * (at most cells × units rows) leave the database.
 */
export async function bootstrapIntervals(ctx: StudyContext, specs: readonly BootstrapSpec[]): Promise<Intervals[]> {
  const mult = await readMultipliers(ctx);
  if (mult.reps === 0) return specs.map(() => new Map());
  const out: Intervals[] = [];
  for (const spec of specs) out.push(await cellIntervals(ctx, spec, mult));
  return out;
}

async function cellIntervals(ctx: StudyContext, spec: BootstrapSpec, mult: Multipliers): Promise<Intervals> {
  const { reps, units, m, scale } = mult;
  const keys = join(spec.keys.map((k) => ident(k)));
  // Replicate sums per cell: va[r] = Σ_unit m[unit, r]·a[unit] (vb likewise for a ratio).
  const cells: { key: string; va: Float64Array; vb: Float64Array | null }[] = [];
  let cur: { key: string; va: Float64Array; vb: Float64Array | null } | null = null;
  let curKey: unknown[] = [];
  const nk = spec.keys.length;
  for await (const chunk of ctx.db.batches(fill(PART_READ, { contributions: spec.contributions, keys }))) {
    const vecs = Array.from({ length: chunk.columnCount }, (_, i) => chunk.column(i));
    const keyVecs = vecs.slice(0, nk);
    const [uv, av, bv] = [vecs[nk], vecs[nk + 1], vecs[nk + 2]];
    for (let i = 0; i < chunk.rowCount; i++) {
      // Rows come in cell order: a new cell starts where any key value changes.
      if (!cur || keyVecs.some((v, k) => v[i] !== curKey[k])) {
        curKey = keyVecs.map((v) => v[i]);
        cur = { key: curKey.map((x) => String(x)).join('\u0001'), va: new Float64Array(reps), vb: spec.ratio ? new Float64Array(reps) : null };
        cells.push(cur);
      }
      const unit = Number(uv![i]);
      if (!(unit >= 0 && unit < units)) throw new Error(`bootstrap: unit ${unit} outside 0 … ${units - 1}`);
      const a = Number(av![i] ?? 0);
      const mu = unit * reps;
      const va = cur.va;
      for (let r = 0; r < reps; r++) va[r] = va[r]! + a * m[mu + r]!;
      if (cur.vb) {
        const b = Number(bv![i] ?? 0);
        const vb = cur.vb;
        for (let r = 0; r < reps; r++) vb[r] = vb[r]! + b * m[mu + r]!;
      }
    }
  }
  const out: Intervals = new Map();
  for (const c of cells) {
    const values: (number | null)[] = [];
    for (let r = 0; r < reps; r++) values.push(c.vb ? (c.vb[r] === 0 ? null : c.va[r]! / c.vb[r]!) : scale[r]! * c.va[r]!);
    const sorted = values.filter((x): x is number => x !== null).sort((x, y) => x - y);
    const iv: Interval = { low: quantile7(sorted, 0.025), high: quantile7(sorted, 0.975) };
    if (spec.replicates) iv.replicates = values;
    out.set(c.key, iv);
  }
  return out;
}

/**
 * The q-quantile of sorted values by linear interpolation between order statistics
 * (R's type 7, DuckDB's quantile_cont, PostgreSQL's percentile_cont); null when empty.
 */
export function quantile7(sorted: readonly number[], q: number): number | null {
  const n = sorted.length;
  if (!n) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Write a measure's intervals into its rows as `low` / `high` (in place; returns the
 * rows). A cell without contributions gets [0, 0] when `zero` says its estimate is 0 (a
 * count of nobody), else blanks; every cell is blank when the bootstrap is off (`on`
 * false).
 */
export function attachIntervals<R extends Row>(
  rows: R[],
  intervals: Intervals,
  opts: { keys: readonly string[]; low: string; high: string; on: boolean; zero?: (row: R) => boolean },
): R[] {
  for (const row of rows) {
    const iv = intervals.get(cellKey(row, opts.keys));
    const none = opts.on && opts.zero?.(row) ? 0 : null;
    (row as Row)[opts.low] = opts.on ? (iv ? iv.low : none) : null;
    (row as Row)[opts.high] = opts.on ? (iv ? iv.high : none) : null;
  }
  return rows;
}
