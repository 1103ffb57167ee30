/**
 * Solving one group's normal equations: X'WX assembled from the aggregates read from SQL
 * (the intercept/x block, each level's sums, each pair of levels), factored with aliased
 * columns dropped in order, and the coefficients the row-level SQL needs.
 */
import { SingularDesignError, SpecError, TooFewObservationsError } from './errors.ts';
import { SCRATCH_MAX, choleskyInOrder, cholSolve } from './linalg.ts';
import type { Row } from './session.ts';

/** The levels table read into typed arrays (rows ordered by gid, effect, code); q = −1 for a base level. */
export interface LevelRows {
  n: number;
  gid: Int32Array;
  eff: Int32Array;
  code: Int32Array;
  q: Int32Array;
  sw: Float64Array;
  /** s[i][r] = Σ w·var_i over the level's rows (var 0 = y, then the x's). */
  s: Float64Array[];
}

/**
 * The weight of each pair of levels of two effects (e1 < e2, level codes c1, c2) that occurs
 * in a group, in any order: `order` lists the rows by gid (group g's are `order[r]` for r in
 * its `pairRange`). The design columns are looked up by group in solveGroup, as the shared
 * rows' (the base levels have none: their pairs are not in the design).
 */
export interface PairRows {
  n: number;
  gid: IntColumn;
  e1: IntColumn;
  e2: IntColumn;
  c1: IntColumn;
  c2: IntColumn;
  sw: Float64Array;
  order: Int32Array;
}

/** A column of small non-negative integers (ids, codes), as narrow as its values allow. */
export type IntColumn = Int32Array | Uint16Array | Uint8Array;

/** Shared rows: the pair weights of the shared rows (effects e1, e2, level codes c1, c2), ordered by outer id. */
export interface SharedPairRows {
  n: number;
  oid: Int32Array;
  e1: Int32Array;
  e2: Int32Array;
  c1: Int32Array;
  c2: Int32Array;
  sw: Float64Array;
}

/**
 * The solved coefficients the row-level SQL needs, per group: `scalar` = the intercept and
 * x coefficients, then for each x j the row j of (X'WX)⁻¹ restricted the same way, then
 * for each of the `combos` linear combinations d of a decomposition (X'WX)⁻¹d, then
 * (with `interceptRow`) the intercept's row (P·(1+p+combos) or P·(2+p+combos) values);
 * `fe[k]` = rows [gid, code, b, a_0 … a_{p−1}, the combinations' parts] for every level of
 * effect k present in the group (0 for the base level and dropped levels).
 */
export class Coefficients {
  readonly scalar = new Map<number, Float64Array>();
  readonly fe: number[][][];
  constructor(
    m: number,
    readonly interceptRow: boolean,
    readonly combos = 0,
  ) {
    this.fe = Array.from({ length: m }, () => []);
  }
}

/** What solving the normal equations of one group gave. */
export interface GroupSolve {
  gid: number;
  n: number;
  rank: number;
  /** Reported x indices (kept), in spec order. */
  xs: number[];
  /** For each reported x: its coefficient. */
  beta: number[];
  /** (X'WX)⁻¹ restricted to the reported x's, row-major. */
  ainv: number[];
  dropped: string[];
  /** Kept dummy columns per fixed effect. */
  feKept: number[];
  /**
   * With a decomposition: its parts (the plan's order) and the bread over the reported x's
   * then the parts, row-major ((k + parts)²), for the iid variance.
   */
  combos?: { estimates: number[]; bread: number[] };
  /**
   * By score index (the x's 0 … p − 1, then the decomposition's parts p + c): a bound on
   * every score term |w·e·h_j| of the group, √(rss_w · V_jj) (Cauchy–Schwarz: Σw·h_j² =
   * V_jj, Σw·e² = rss_w, with rss_w = y'Wy − b'X'Wy from the cross-products), or NaN when
   * not available (no residual sum above zero); 0 where the row of (X'WX)⁻¹ is 0 (a dropped
   * x, a decomposition's empty part: its terms are 0). It only sets the scale of the
   * cluster passes' integer score sums: a bound too small makes their cast overflow, and
   * the pass falls back to the exact two-part sums (`variancePieces`).
   */
  scoreBound: number[];
}

/** What solving needs of a decomposition: the 0/1 regressor's index and each group's x and effect indices. */
export interface DecompositionInput {
  readonly x: string;
  readonly xi: number;
  readonly groups: readonly { readonly x: readonly number[]; readonly fe: readonly number[] }[];
}

/** Everything solving one group reads. */
export interface GroupInput {
  /** The model's names (x's, fixed effects) and the reported x's (undefined: all). */
  readonly x: readonly string[];
  readonly fe: readonly string[];
  readonly report: readonly string[] | undefined;
  /** Text naming the group in error messages ('' for a single sample). */
  readonly where: string;
  readonly gid: number;
  readonly n: number;
  /** The intercept/x block of the cross-products (crossprod.sql row). */
  readonly cp: Row;
  /** Levels of every effect, this group's rows in `lvRange`. */
  readonly lv: LevelRows;
  readonly lvRange: readonly [number, number];
  readonly pairs: PairRows;
  readonly pairRange: readonly [number, number];
  /** Level labels by effect and code (for dropped dummies). */
  readonly labels: readonly (readonly { code: number; label: string }[])[];
  /** Weighted means of y and the x's of the group (stride 1 + p), by which the sample was centred. */
  readonly mean: Float64Array;
  /** The stride of a level code in the pair look-up (the largest number of levels of an effect). */
  readonly L: number;
  /**
   * More pairs of levels added to the group's (`fitFamilies`: those of the effects constant
   * within a cell), in `rows` range; the shared rows' pairs (`sharedRows()`) otherwise.
   */
  readonly shared?: { rows: SharedPairRows; range: readonly [number, number] };
  /** The pairs' effect ids as this model's effect indices (−1: not in the model); default the same. */
  readonly pairEffects?: Int32Array;
  readonly decompose?: DecompositionInput;
}

/** Solve one group and record the coefficients its row-level SQL needs in `coefs`. */
export function solveGroup(g: GroupInput, coefs: Coefficients): GroupSolve {
  const p = g.x.length;
  const m = g.fe.length;
  const P = p + 1;
  const { gid, cp, lv, pairs: pr } = g;
  const [lo, hi] = g.lvRange;
  const [plo, phi] = g.pairRange;

  // Design columns: 0 intercept, 1..p the x's, then each effect's levels but the first
  // (numbered in SQL: fe-sums.sql).
  let K = P;
  for (let r = lo; r < hi; r++) if (lv.q[r]! >= 0) K = Math.max(K, lv.q[r]! + 1);
  const colFe: [number, number][] = new Array(K - P); // design column − P → [effect, code]
  for (let r = lo; r < hi; r++) if (lv.q[r]! >= 0) colFe[lv.q[r]! - P] = [lv.eff[r]!, lv.code[r]!];

  // X'WX in a buffer reused by the next group (zeroed here): thousands of groups of ~100
  // columns would otherwise allocate and collect a K×K array each.
  const A = scratchA(K * K);
  const c = new Float64Array(K);
  const ref = new Float64Array(K);
  const set = (i: number, j: number, v: number): void => {
    A[i * K + j] = v;
    A[j * K + i] = v;
  };
  const num = (v: unknown): number => v as number;
  const sw = num(cp.sw);
  set(0, 0, sw);
  ref[0] = sw;
  c[0] = num(cp.s0);
  for (let i = 1; i < P; i++) {
    set(0, i, num(cp[`s${i}`]));
    c[i] = num(cp[`s0_${i}`]);
    for (let j = i; j < P; j++) set(i, j, num(cp[`s${i}_${j}`]));
    // Uncentred Σw·x² = Σw·(x−m)² + 2m·Σw·(x−m) + m²·Σw, the norm R's test compares to.
    // Its terms cancel when the group's x sit far from m (shared rows are centred at the
    // outer key's means): a norm within rounding of 0 is that of a column of zeros, 0, and
    // the factorisation drops the column (a noise norm, even a negative one, would keep it).
    const mu = g.mean[i]!;
    const [sii, si] = [num(cp[`s${i}_${i}`]), num(cp[`s${i}`])];
    const norm = sii + 2 * mu * si + mu * mu * sw;
    ref[i] = norm > 2 ** -40 * (sii + Math.abs(2 * mu * si) + mu * mu * sw) ? norm : 0;
  }
  for (let r = lo; r < hi; r++) {
    const q = lv.q[r]!;
    if (q < 0) continue;
    const w = lv.sw[r]!;
    set(q, q, w);
    set(0, q, w);
    ref[q] = w;
    for (let i = 1; i < P; i++) set(i, q, lv.s[i]![r]!);
    c[q] = lv.s[0]![r]!;
  }
  // Pairs of levels of two different effects: off-diagonal, own and shared parts add up.
  const addPair = (i: number, j: number, v: number): void => {
    A[i * K + j]! += v;
    A[j * K + i]! += v;
  };
  if (phi > plo || g.shared) {
    // Design column of each (effect, level code) present in this group (−1: base/absent).
    const L = g.L;
    const col = new Int32Array(m * L).fill(-1);
    for (let r = lo; r < hi; r++) col[lv.eff[r]! * L + lv.code[r]!] = lv.q[r]!;
    const add = (e1: number, c1: number, e2: number, c2: number, v: number): void => {
      const q1 = col[e1 * L + c1]!;
      const q2 = col[e2 * L + c2]!;
      if (q1 >= 0 && q2 >= 0) addPair(q1, q2, v);
    };
    // The group's own pairs, then the shared rows' (own and shared parts add up).
    const pe = g.pairEffects;
    for (let i = plo; i < phi; i++) {
      const r = pr.order[i]!;
      if (!pe) add(pr.e1[r]!, pr.c1[r]!, pr.e2[r]!, pr.c2[r]!, pr.sw[r]!);
      else {
        const e1 = pe[pr.e1[r]!]!;
        const e2 = pe[pr.e2[r]!]!;
        if (e1 >= 0 && e2 >= 0) add(e1, pr.c1[r]!, e2, pr.c2[r]!, pr.sw[r]!);
      }
    }
    if (g.shared) {
      const { rows: sp, range: [slo, shi] } = g.shared;
      for (let r = slo; r < shi; r++) add(sp.e1[r]!, sp.c1[r]!, sp.e2[r]!, sp.c2[r]!, sp.sw[r]!);
    }
  }

  const f = choleskyInOrder(A, K, ref, undefined, g.n);
  if (f.dropped.includes(1))
    throw new SingularDesignError(
      `the regressor "${g.x[0]}" is collinear with the intercept${m ? ', the fixed effects' : ''}${p > 1 ? ' or the other x' : ''}${g.where} (constant in the sample?): it cannot be estimated`,
    );
  const rank = f.r;
  if (g.n - rank < 1)
    throw new TooFewObservationsError(`${g.n} observation(s)${g.where} for ${rank} parameters: the regression has no residual degrees of freedom`);

  const pos = new Map(f.kept.map((j, i) => [j, i]));
  const expand = (z: Float64Array): Float64Array => {
    const full = new Float64Array(K);
    f.kept.forEach((j, i) => (full[j] = z[i]!));
    return full;
  };
  const invRow = (col: number): Float64Array => {
    const e = new Float64Array(f.r);
    e[pos.get(col)!] = 1;
    return expand(cholSolve(f, e));
  };
  const beta = expand(cholSolve(f, Float64Array.from(f.kept, (j) => c[j]!)));
  const xs: number[] = [];
  for (let i = 0; i < p; i++) if (pos.has(1 + i) && (!g.report || g.report.includes(g.x[i]!))) xs.push(i);
  const inv: Float64Array[] = Array.from({ length: p }, () => new Float64Array(K)); // dropped x: zeros
  for (const i of xs) inv[i] = invRow(1 + i);
  if (coefs.interceptRow) for (let i = 0; i < p; i++) if (pos.has(1 + i) && !xs.includes(i)) inv[i] = invRow(1 + i);

  // A decomposition: each part is d'b with d fixed (the group means' differences), so its
  // scores are those of the row (X'WX)⁻¹d, computed as the x's rows are.
  const parts = g.decompose ? decompositionVectors(g.decompose, g, A, K, ref, colFe, P) : [];
  if (g.decompose && !pos.has(1 + g.decompose.xi))
    throw new SingularDesignError(`the decomposed regressor "${g.decompose.x}" is collinear with the other columns${g.where}: no decomposition`);
  const partRows = parts.map((d) => expand(cholSolve(f, Float64Array.from(f.kept, (j) => d[j]!))));

  // What the row-level SQL reads.
  const nc = coefs.combos;
  if (parts.length !== nc) throw new Error(`decomposition parts: ${parts.length} computed, ${nc} expected`);
  const rowsOut = (coefs.interceptRow ? 2 + p : 1 + p) + nc;
  const scalar = new Float64Array(P * rowsOut);
  scalar.set(beta.subarray(0, P), 0);
  inv.forEach((a, j) => scalar.set(a.subarray(0, P), (1 + j) * P));
  partRows.forEach((a, c) => scalar.set(a.subarray(0, P), (1 + p + c) * P));
  if (coefs.interceptRow) scalar.set(invRow(0).subarray(0, P), (1 + p + nc) * P);
  coefs.scalar.set(gid, scalar);
  for (let r = lo; r < hi; r++) {
    const q = lv.q[r]!;
    coefs.fe[lv.eff[r]!]!.push([gid, lv.code[r]!, q < 0 ? 0 : beta[q]!, ...inv.map((a) => (q < 0 ? 0 : a[q]!)), ...partRows.map((a) => (q < 0 ? 0 : a[q]!))]);
  }

  const ainv: number[] = [];
  for (const i of xs) for (const j of xs) ainv.push(inv[i]![1 + j]!);
  let combos: GroupSolve['combos'];
  if (parts.length) {
    // Bread over [reported x's, parts]: u'(X'WX)⁻¹v with u, v unit vectors or part vectors.
    const rows = [...xs.map((i) => inv[i]!), ...partRows];
    const vecs = [...xs.map((i) => unit(K, 1 + i)), ...parts];
    const bread: number[] = [];
    for (const a of rows) for (const v of vecs) bread.push(dot(a, v));
    combos = { estimates: parts.map((d) => dot(d, beta)), bread };
  }

  // The weighted residual sum of squares from the normal equations (y centred: s0_0 is
  // Σw(y − ȳ)²), for the score terms' bound. Its cancellation makes it inexact in a
  // near-perfect fit, too large (a coarse grid for the true terms) or ≤ 0: below 2⁻²⁶ of
  // the terms it cancels, no bound. (A bound too small is caught by the cast's overflow.)
  let rss = num(cp.s0_0);
  let size = Math.abs(rss);
  for (const j of f.kept) {
    rss -= beta[j]! * c[j]!;
    size += Math.abs(beta[j]! * c[j]!);
  }
  const bound = (v: number): number => (rss > 2 ** -26 * size && v > 0 && Number.isFinite(rss * v) ? Math.sqrt(rss * v) : NaN);
  const scoreBound = [...inv.map((a, i) => (pos.has(1 + i) ? bound(a[1 + i]!) : 0)), ...partRows.map((a, c) => (a.every((v) => v === 0) ? 0 : bound(dot(a, parts[c]!))))];

  const feKept = new Array<number>(m).fill(0);
  for (const j of f.kept) if (j >= P) feKept[colFe[j - P]![0]]!++;
  const dropped = f.dropped.map((j) => {
    if (j < P) return g.x[j - 1]!;
    const [k, code] = colFe[j - P]!;
    return `factor(${g.fe[k]})${g.labels[k]![code]!.label}`;
  });
  return { gid, n: g.n, rank, xs, beta: xs.map((i) => beta[1 + i]!), ainv, dropped, feKept, ...(combos ? { combos } : {}), scoreBound };
}

let scratch = new Float64Array(0);
/**
 * A zeroed buffer of `n` doubles: up to {@link SCRATCH_MAX} the same memory for every group
 * (grown when needed), a larger one allocated (not kept once the fit is done).
 */
function scratchA(n: number): Float64Array {
  if (n > SCRATCH_MAX) return new Float64Array(n);
  if (scratch.length < n) scratch = new Float64Array(n);
  const a = scratch.subarray(0, n);
  a.fill(0);
  return a;
}

function unit(K: number, i: number): Float64Array {
  const e = new Float64Array(K);
  e[i] = 1;
  return e;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * The design-column vectors of a decomposition's parts: one per group, then `explained`
 * (every group) and `total` (explained + the regressor itself). Entry j is the difference
 * of column j's weighted mean between the rows with x = 1 and x = 0, read from X'WX: row 0
 * holds Σw·z, and with x centred at m, Σ_{x=1} w·z = Σ w·(x − m)·z + m·Σ w·z.
 */
function decompositionVectors(
  dec: DecompositionInput,
  g: GroupInput,
  A: Float64Array,
  K: number,
  ref: Float64Array,
  colFe: readonly [number, number][],
  P: number,
): Float64Array[] {
  const col = 1 + dec.xi;
  const m = g.mean[col]!;
  const sw = A[0]!;
  const s1 = (j: number): number => A[col * K + j]! + m * A[j]!;
  const n1 = s1(0);
  const n0 = sw - n1;
  // 0/1 check: Σw·x² (uncentred) = Σw·x, and both groups present.
  if (!(Math.abs(ref[col]! - n1) <= 1e-9 * Math.max(Math.abs(ref[col]!), Math.abs(n1))) || !(n1 > 0) || !(n0 > 0))
    throw new SpecError(`decompose(): "${dec.x}" is not a 0/1 regressor with both values${g.where}`);
  const d = new Float64Array(K);
  for (let j = 1; j < K; j++) d[j] = s1(j) / n1 - (A[j]! - s1(j)) / n0;
  d[col] = 1;
  const inGroup = (j: number, grp: DecompositionInput['groups'][number]): boolean =>
    j < P ? grp.x.includes(j - 1) : grp.fe.includes(colFe[j - P]![0]);
  const parts = dec.groups.map((grp) => d.map((v, j) => (j > 0 && j !== col && inGroup(j, grp) ? v : 0)));
  const explained = d.map((v, j) => (j > 0 && j !== col ? v : 0));
  const total = explained.map((v, j) => (j === col ? 1 : v));
  return [...parts, explained, total];
}
