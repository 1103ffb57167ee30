/**
 * The regression engine: OLS of y on x + an intercept + dummies of categorical fixed
 * effects, optionally weighted, with iid, HC1, CR1 (Stata small-sample factor) or two-way
 * clustered variance — computed exactly from SQL aggregates.
 *
 * All heavy work runs in DuckDB: X'WX and X'Wy are grouped aggregates (level counts,
 * level × level counts, level × x sums), so only a K×K matrix reaches TypeScript, where it
 * is factored with aliased columns dropped in column order (as R's `lm`). Residuals and
 * the scores a_j'x_i·w_i·e_i of the reported coefficients are computed per row in SQL from
 * small per-group coefficient lists, then summed by cluster. `estimateBy` runs the same
 * handful of queries once for every group of a split. See docs/estimator.md.
 */
import { DOUBLE, LIST, listValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { Db, fill, ident, raw, sql, sqlFile, type Sql } from '../db/index.ts';
import { ClusterNullError, EmptySampleError, QueryError, SingularDesignError, TalentflowError } from '../errors.ts';
import { choleskyInOrder, cholSolve } from './linalg.ts';
import { RegressionFit } from './result.ts';
import type { RegressionResult, RegressionSpec, Vcov } from './types.ts';

export { ClusterNullError, EmptySampleError, SingularDesignError };
export { RegressionFit } from './result.ts';
export type { RegressionResult, RegressionSpec, TidyRow, Vcov } from './types.ts';

/** The sample has no more observations than estimated parameters (no residual df). */
export class TooFewObservationsError extends EmptySampleError {}

/** A clustered variance needs at least two clusters. */
export class TooFewClustersError extends EmptySampleError {}

/** Fit one regression. Throws the group's named error if it cannot be estimated. */
export async function estimate(db: Db, spec: RegressionSpec): Promise<RegressionResult> {
  if (spec.by?.length) throw new Error('estimate() fits one sample: use estimateBy() for a split');
  const groups = await fitGroups(db, Object.freeze({ ...spec }), []);
  const only = groups[0];
  if (!only) throw new EmptySampleError(`the regression sample of ${spec.y} is empty: the source has no rows`);
  if (only.out instanceof Error) throw only.out;
  return only.out;
}

/**
 * Fit one regression per distinct combination of the `by` columns in one pass of
 * aggregate queries. Key: the `by` values joined with '|' (NULL as ''). A group that cannot
 * be estimated (empty, first regressor aliased, NULL cluster, too few observations or
 * clusters) maps to its named error; the other groups are unaffected.
 */
export async function estimateBy(
  db: Db,
  spec: RegressionSpec & { by: readonly string[] },
): Promise<Map<string, RegressionResult | TalentflowError>> {
  if (spec.by.length === 0) throw new Error('estimateBy needs at least one `by` column');
  const groups = await fitGroups(db, Object.freeze({ ...spec }), spec.by);
  return new Map(groups.map((g) => [g.label, g.out]));
}

// ---------------------------------------------------------------------------------------

const T = {
  rows: sqlFile(import.meta.url, 'sql/rows.sql'),
  keys: sqlFile(import.meta.url, 'sql/keys.sql'),
  groups: sqlFile(import.meta.url, 'sql/groups.sql'),
  levels: sqlFile(import.meta.url, 'sql/levels.sql'),
  sample: sqlFile(import.meta.url, 'sql/sample.sql'),
  crossprod: sqlFile(import.meta.url, 'sql/crossprod.sql'),
  feSums: sqlFile(import.meta.url, 'sql/fe-sums.sql'),
  feAgg: sqlFile(import.meta.url, 'sql/fe-agg.sql'),
  pairAgg: sqlFile(import.meta.url, 'sql/pair-agg.sql'),
  outer: sqlFile(import.meta.url, 'sql/outer.sql'),
  groupsShared: sqlFile(import.meta.url, 'sql/groups-shared.sql'),
  sampleShared: sqlFile(import.meta.url, 'sql/sample-shared.sql'),
  sharedExpand: sqlFile(import.meta.url, 'sql/shared-expand.sql'),
  fePairs: sqlFile(import.meta.url, 'sql/fe-pairs.sql'),
  clusterCodes: sqlFile(import.meta.url, 'sql/cluster-codes.sql'),
  fitted: sqlFile(import.meta.url, 'sql/fitted.sql'),
  iid: sqlFile(import.meta.url, 'sql/scores-iid.sql'),
  hetero: sqlFile(import.meta.url, 'sql/scores-hetero.sql'),
  cluster: sqlFile(import.meta.url, 'sql/scores-cluster.sql'),
};

type Row = Record<string, unknown>;
interface GroupOut {
  label: string;
  out: RegressionResult | TalentflowError;
}

/** Columns of the cluster variable(s), or none. */
function clusterColumns(v: Vcov): readonly string[] {
  if (typeof v === 'string') return [];
  return typeof v.cluster === 'string' ? [v.cluster] : v.cluster;
}

let tableCounter = 0;

/** Internal column lists (generated names, never user text). */
const list = (n: number, f: (i: number) => string, sep = ', '): string => Array.from({ length: n }, (_, i) => f(i)).join(sep);

async function fitGroups(db: Db, spec: RegressionSpec, by: readonly string[]): Promise<GroupOut[]> {
  if (spec.x.length === 0) throw new Error('a regression needs at least one x column');
  if (spec.report && (spec.report.length === 0 || spec.report.some((c) => !spec.x.includes(c))))
    throw new Error('`report` must name one or more of the x columns');
  const p = spec.x.length;
  const m = spec.fe.length;
  const cl = clusterColumns(spec.vcov);
  const nb = Math.max(by.length, 1);
  const P = p + 1; // stride of per-group [intercept/y, x...] lists
  const shared = spec.shared === true;
  if (shared && by.length < 2) throw new Error('shared mode needs at least two `by` columns (the last one holds NULL for shared rows)');

  const id = `${process.pid}_${++tableCounter}`;
  const name = (s: string): Sql => sql`${ident(`tf_stats_${id}_${s}`)}`;
  const tables: Tables = { prefix: `tf_stats_${id}_`, created: [] };
  const keysT = name('keys');
  const groupsT = name('groups');
  const outerT = name('outer');
  const sampleT = name('sample');
  const levelT = spec.fe.map((_, k) => name(`levels${k}`));
  const clusterT = cl.map((_, k) => name(`clusters${k}`));
  const created = tables.created;
  const create = async (table: Sql, q: Sql): Promise<void> => {
    created.push(table);
    await db.run(q);
  };

  const tp0 = performance.now();
  const prof = (what: string): void => {
    if (process.env.TALENTFLOW_PROFILE) process.stderr.write(`  stats ${what}: ${Math.round(performance.now() - tp0)} ms\n`);
  };
  try {
    // The model's columns of every source row, cast, and whether the row enters the
    // sample (finite y, x and weight; weight > 0). Read twice: for the keys, for the sample.
    const cols: Sql[] = [
      ...(by.length ? by.map((c, i) => sql`src.${ident(c)} AS ${raw(`b${i}`)}`) : [raw('0 AS b0')]),
      sql`CAST(src.${ident(spec.y)} AS DOUBLE) AS y`,
      ...spec.x.map((c, i) => sql`CAST(src.${ident(c)} AS DOUBLE) AS ${raw(`x${i}`)}`),
      spec.weights ? sql`CAST(src.${ident(spec.weights)} AS DOUBLE) AS w` : raw('1.0::DOUBLE AS w'),
      ...spec.fe.map((c, k) => sql`src.${ident(c)} AS ${raw(`f${k}`)}`),
      ...cl.map((c, k) => sql`src.${ident(c)} AS ${raw(`c${k}`)}`),
    ];
    const rows = fill(T.rows, {
      columns: cols.map(String).join(',\n    '),
      ok: ['isfinite(y)', ...spec.x.map((_, i) => `isfinite(x${i})`), 'isfinite(w)', 'w > 0'].join(' AND '),
      source: spec.source,
    });

    // 1. Groups and fixed-effect levels in one pass; GROUPING() bit i is set when column i
    //    is not in the grouping set.
    const bCols = Array.from({ length: nb }, (_, i) => `b${i}`);
    const fCols = spec.fe.map((_, k) => `f${k}`);
    const allCols = [...bCols, ...fCols];
    const setId = (inSet: string[]): number =>
      allCols.reduce((acc, c, i) => acc + (inSet.includes(c) ? 0 : 2 ** (allCols.length - 1 - i)), 0);
    const vars = ['y', ...spec.x.map((_, i) => `x${i}`)];
    await create(
      keysT,
      fill(T.keys, {
        keys: keysT,
        rows,
        allCols: allCols.join(', '),
        clusterNull: cl.length ? cl.map((_, k) => `c${k} IS NULL`).join(' OR ') : 'false',
        means: vars.map((v, i) => `sum(w * ${v}) FILTER (WHERE ok) / sum(w) FILTER (WHERE ok) AS m${i}`).join(', '),
        sets: [`(${bCols.join(', ')})`, ...(shared ? [`(${bCols.slice(0, -1).join(', ')})`] : []), ...fCols.map((f) => `(${f})`)].join(', '),
      }),
    );
    const labels = bCols.map((b) => `coalesce(CAST(${b} AS VARCHAR), '')`).join(', ');
    // spec.only: the labels of the groups to fit, in a table the groups query filters on.
    let keep = (_labels: string): string => 'true';
    if (spec.only) {
      const keepT = await appendTable(db, tables, 'keep', ['label VARCHAR'], spec.only.map((l) => [l]));
      keep = (ls) => `concat_ws('|', ${ls}) IN (SELECT label FROM ${keepT})`;
    }
    const last = bCols[bCols.length - 1]!;
    const outerCols = bCols.slice(0, -1);
    const match = (a: string, b: string, cs: string[]): string => cs.map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`).join(' AND ');
    if (!shared)
      await create(groupsT, fill(T.groups, { groups: groupsT, keys: keysT, by: bCols.join(', '), labels, setId: setId(bCols), keep: keep(labels) }));
    else {
      const ownLabels = bCols.map((b) => `coalesce(CAST(own.${b} AS VARCHAR), '')`).join(', ');
      await create(outerT, fill(T.outer, { outer: outerT, keys: keysT, outerBy: outerCols.join(', '), setOuter: setId(outerCols) }));
      await create(
        groupsT,
        fill(T.groupsShared, {
          groups: groupsT,
          keys: keysT,
          outer: outerT,
          setBy: setId(bCols),
          last,
          ownBy: bCols.map((b) => `own.${b}`).join(', '),
          labels: ownLabels,
          keep: keep(ownLabels),
          outerMeans: vars.map((_, i) => `o.m${i}`).join(', '),
          ownOuterMatch: match('own', 'o', outerCols),
          ownBaseMatch: match('own', 'base', outerCols),
        }),
      );
    }
    for (let k = 0; k < m; k++)
      await create(levelT[k]!, fill(T.levels, { levels: levelT[k]!, keys: keysT, col: `f${k}`, setId: setId([`f${k}`]) }));

    for (let k = 0; k < cl.length; k++)
      await create(clusterT[k]!, fill(T.clusterCodes, { codes: clusterT[k]!, rows, col: `c${k}` }));

    prof('keys+groups+levels');
    // 2. The encoded, centred sample.
    await create(
      sampleT,
      fill(shared ? T.sampleShared : T.sample, {
        sample: sampleT,
        rows,
        groups: groupsT,
        outer: outerT,
        last,
        outerMatch: match('r', 'o', outerCols),
        xs: list(p, (i) => `r.x${i} - ${shared ? 'o' : 'g'}.m${i + 1} AS x${i}`),
        codes: m ? list(m, (k) => `l${k}.code AS f${k}`) : 'NULL AS nofe',
        // Cluster values as dense integer codes (NULL stays NULL).
        clusters: cl.length ? list(cl.length, (k) => `cl${k}.code AS c${k}`) : 'NULL AS nocl',
        byMatch: list(nb, (i) => `r.b${i} IS NOT DISTINCT FROM g.b${i}`, ' AND '),
        levelJoins: [
          list(m, (k) => `JOIN ${levelT[k]!} AS l${k} ON r.f${k} IS NOT DISTINCT FROM l${k}.v`, '\n'),
          list(cl.length, (k) => `LEFT JOIN ${clusterT[k]!} AS cl${k} ON cl${k}.v = r.c${k}`, '\n'),
        ].join('\n'),
      }),
    );
    // Shared mode: aggregates of the unstacked sample, the shared rows' copied to every
    // group of their outer key (shared-expand.sql); the row-level score pass reads the
    // sample with the shared rows fanned out the same way.
    const aliases = (sums: string[]): string[] => sums.map((e) => e.slice(e.lastIndexOf(' AS ') + 4));
    const expand = (agg: Sql | string, keys: string[], sums: string[]): Sql =>
      fill(T.sharedExpand, {
        agg: String(agg),
        groups: groupsT,
        keysSel: keys.map((k) => `, ${k}`).join(''),
        resums: aliases(sums).map((a) => `sum(${a}) AS ${a}`).join(', '),
      });
    const scoreRows: Sql = shared
      ? raw(`(SELECT * EXCLUDE (oid) FROM ${sampleT} WHERE gid IS NOT NULL
  UNION ALL BY NAME
  SELECT grp.gid AS gid, s.* EXCLUDE (gid, oid) FROM ${sampleT} AS s JOIN ${groupsT} AS grp ON s.gid IS NULL AND grp.oid = s.oid)`)
      : sampleT;

    const groups = await db.all<{ gid: number; label: string; n: number; cluster_nulls: number } & Row>(
      sql`SELECT * FROM ${groupsT} ORDER BY gid`,
    );
    const nG = groups.length;
    const levels: { code: number; label: string }[][] = [];
    for (let k = 0; k < m; k++) levels.push(await db.all(sql`SELECT code, label FROM ${levelT[k]!} ORDER BY code`));
    const L = levels.map((l) => Math.max(l.length, 1));
    const mean = new Float64Array(nG * P);
    for (const g of groups) for (let i = 0; i < P; i++) mean[g.gid * P + i] = (g[`m${i}`] as number | null) ?? 0;

    prof('sample');
    // 3. Cross-products: the intercept/x block, each level's sums, each pair of levels.
    const cpSums: string[] = ['sum(w) AS sw'];
    for (let i = 0; i < P; i++) {
      cpSums.push(`sum(w * ${vars[i]}) AS s${i}`);
      for (let j = i; j < P; j++) cpSums.push(`sum(w * ${vars[i]} * ${vars[j]}) AS s${i}_${j}`);
    }
    const cp = await db.all(
      shared
        ? expand(raw(`SELECT oid, gid, ${cpSums.join(', ')} FROM ${sampleT} GROUP BY oid, gid`), [], cpSums)
        : fill(T.crossprod, { sample: sampleT, sums: cpSums.join(', ') }),
    );
    const Lmax = Math.max(1, ...L);
    const lvT = name('fe');
    let lv: LevelRows = { n: 0, gid: new Int32Array(0), eff: new Int32Array(0), code: new Int32Array(0), q: new Int32Array(0), sw: new Float64Array(0), s: [] };
    let pr: PairRows = { n: 0, gid: new Int32Array(0), q1: new Int32Array(0), q2: new Int32Array(0), sw: new Float64Array(0) };
    let sharedPairs: SharedPairRows | undefined;
    if (m > 0) {
      const firstPresent = (ks: number[]): string => `CASE ${ks.map((k) => `WHEN GROUPING(f${k}) = 0 THEN ${k}`).join(' ')} END`;
      const ks = Array.from({ length: m }, (_, k) => k);
      const grp = shared ? 'oid, gid' : 'gid';
      const feVarSums = vars.map((v, i) => `sum(w * ${v}) AS s${i}`);
      const feAgg = fill(T.feAgg, {
        grp,
        sample: sampleT,
        eff: firstPresent(ks),
        fes: fCols.join(', '),
        sums: feVarSums.join(', '),
        sets: fCols.map((f) => `(${grp}, ${f})`).join(', '),
      });
      await create(
        lvT,
        fill(T.feSums, {
          levels: lvT,
          agg: String(shared ? expand(feAgg, ['eff', 'code'], ['sum(w) AS sw', ...feVarSums]) : feAgg),
          P,
          m,
          L: Lmax,
        }),
      );
      prof('fe levels table');
      lv = await readLevels(db, sql`SELECT gid, eff, code, q, sw, ${raw(vars.map((_, i) => `s${i}`).join(', '))} FROM ${lvT} ORDER BY gid, eff, code`, P);
      prof('fe levels read');
      const pairSets: string[] = [];
      for (let k = 0; k < m; k++) for (let l = k + 1; l < m; l++) pairSets.push(`(${grp}, f${k}, f${l})`);
      if (pairSets.length) {
        const pairAgg = fill(T.pairAgg, {
          grp,
          sample: sampleT,
          eff1: firstPresent(ks),
          eff2: firstPresent([...ks].reverse()),
          fes: fCols.join(', '),
          fesRev: [...fCols].reverse().join(', '),
          sets: pairSets.join(', '),
        });
        if (shared) {
          // The shared rows' pair weights are read once per outer key and added to each
          // group's matrix in solveGroup, not copied to every group in SQL (the largest
          // aggregate of a shared fit: pairs of levels × groups per outer key).
          const pairT = name('pairs');
          await create(pairT, raw(`CREATE TEMP TABLE ${pairT} AS ${pairAgg}`));
          pr = await readPairs(db, fill(T.fePairs, { levels: lvT, agg: `SELECT * FROM ${pairT} WHERE gid IS NOT NULL`, m, L: Lmax }));
          const { n, cols } = await readTyped(db, sql`SELECT oid, e1, e2, c1, c2, sw FROM ${pairT} WHERE gid IS NULL ORDER BY oid`, ['i', 'i', 'i', 'i', 'i', 'd']);
          const [oid, e1, e2, c1, c2, sw] = cols as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Float64Array];
          sharedPairs = { n, oid, e1, e2, c1, c2, sw };
        } else pr = await readPairs(db, fill(T.fePairs, { levels: lvT, agg: pairAgg, m, L: Lmax }));
      }
    }

    prof('crossproducts');
    // 4. Solve each group.
    const cpBy = new Map(cp.map((r) => [r.gid as number, r]));
    const lvAt = groupStarts(lv.gid, lv.n, nG);
    const prAt = groupStarts(pr.gid, pr.n, nG);
    const nOuter = shared ? Math.max(0, ...groups.map((g) => Number(g.oid) + 1)) : 0;
    const spAt = sharedPairs ? groupStarts(sharedPairs.oid, sharedPairs.n, nOuter) : undefined;
    const coefs = new Coefficients(m);
    const solved: (GroupSolve | TalentflowError)[] = groups.map((g) => {
      if (g.n === 0)
        return new EmptySampleError(
          `the regression sample${by.length ? ` of group "${g.label}"` : ''} is empty: every row has a NULL or non-finite ${spec.y}, x or weight (or a weight ≤ 0)`,
        );
      if (g.cluster_nulls > 0)
        return new ClusterNullError(
          `${g.cluster_nulls} observation(s)${by.length ? ` of group "${g.label}"` : ''} have a NULL cluster (${cl.join(', ')}): give them a cluster value or drop them from the sample`,
        );
      try {
        const lvRange: [number, number] = [lvAt[g.gid]!, lvAt[g.gid + 1]!];
        const prRange: [number, number] = [prAt[g.gid]!, prAt[g.gid + 1]!];
        const sp =
          sharedPairs && spAt ? { rows: sharedPairs, range: [spAt[Number(g.oid)]!, spAt[Number(g.oid) + 1]!] as [number, number], L: Lmax } : undefined;
        return solveGroup(spec, by.length > 0, g, cpBy.get(g.gid)!, lv, lvRange, pr, prRange, levels, mean, coefs, sp);
      } catch (e) {
        if (e instanceof TalentflowError) return e;
        throw e;
      }
    });

    prof('solve');
    // 5. Residuals and scores in SQL.
    const live = solved.some((s) => !(s instanceof Error));
    const variance = live ? await scorePass(db, spec, scoreRows, coefs, L, cl.length, tables) : new Map<number, Row[]>();
    prof('scores');

    return groups.map((g, gi) => {
      const s = solved[gi]!;
      if (s instanceof Error) return { label: g.label, out: s };
      try {
        return { label: g.label, out: finish(spec, s, variance.get(g.gid) ?? [], cl.length) };
      } catch (e) {
        if (e instanceof TalentflowError) return { label: g.label, out: e };
        throw e;
      }
    });
  } finally {
    for (const t of created.reverse()) await db.run(sql`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  }
}

/** The levels table read into typed arrays (rows ordered by gid, effect, code); q = −1 for a base level. */
interface LevelRows {
  n: number;
  gid: Int32Array;
  eff: Int32Array;
  code: Int32Array;
  q: Int32Array;
  sw: Float64Array;
  /** s[i][r] = Σ w·var_i over the level's rows (var 0 = y, then the x's). */
  s: Float64Array[];
}

/** Shared mode: the pair weights of the shared rows (effects e1, e2, level codes c1, c2), ordered by outer id. */
interface SharedPairRows {
  n: number;
  oid: Int32Array;
  e1: Int32Array;
  e2: Int32Array;
  c1: Int32Array;
  c2: Int32Array;
  sw: Float64Array;
}

/** The crosses of two non-base levels, as design columns, ordered by gid. */
interface PairRows {
  n: number;
  gid: Int32Array;
  q1: Int32Array;
  q2: Int32Array;
  sw: Float64Array;
}

/** Read a numeric result chunk by chunk into typed arrays (never whole-result JS objects). */
async function readTyped(db: Db, q: Sql, kinds: ('i' | 'd')[]): Promise<{ n: number; cols: (Int32Array | Float64Array)[] }> {
  let cap = 4096;
  let n = 0;
  let cols = kinds.map((k) => (k === 'i' ? new Int32Array(cap) : new Float64Array(cap)));
  for await (const chunk of db.chunks(q)) {
    const rows = chunk.rowCount;
    if (n + rows > cap) {
      while (n + rows > cap) cap *= 2;
      cols = cols.map((c) => {
        const bigger = c instanceof Int32Array ? new Int32Array(cap) : new Float64Array(cap);
        bigger.set(c.subarray(0, n));
        return bigger;
      });
    }
    for (let j = 0; j < kinds.length; j++) {
      const vals = chunk.getColumnValues(j);
      const col = cols[j]!;
      for (let i = 0; i < rows; i++) col[n + i] = Number(vals[i] ?? 0);
    }
    n += rows;
  }
  return { n, cols };
}

async function readLevels(db: Db, q: Sql, P: number): Promise<LevelRows> {
  const { n, cols } = await readTyped(db, q, ['i', 'i', 'i', 'i', 'd', ...Array.from({ length: P }, () => 'd' as const)]);
  const [gid, eff, code, qq, sw, ...s] = cols;
  return { n, gid: gid as Int32Array, eff: eff as Int32Array, code: code as Int32Array, q: qq as Int32Array, sw: sw as Float64Array, s: s as Float64Array[] };
}

async function readPairs(db: Db, q: Sql): Promise<PairRows> {
  const { n, cols } = await readTyped(db, q, ['i', 'i', 'i', 'd']);
  const [gid, q1, q2, sw] = cols;
  return { n, gid: gid as Int32Array, q1: q1 as Int32Array, q2: q2 as Int32Array, sw: sw as Float64Array };
}

/** For rows sorted by gid: start[g] .. start[g+1] are group g's rows. */
function groupStarts(gid: Int32Array, n: number, nG: number): Int32Array {
  const start = new Int32Array(nG + 1);
  for (let i = 0; i < n; i++) start[gid[i]! + 1]!++;
  for (let g = 0; g < nG; g++) start[g + 1]! += start[g]!;
  return start;
}

/** Temp tables of one fit: name prefix (for the appender) and what to drop at the end. */
interface Tables {
  prefix: string;
  created: Sql[];
}

/**
 * The solved coefficients the row-level SQL needs, per group: `scalar` = the intercept
 * and x coefficients, then for each x j the row j of (X'WX)⁻¹ restricted the same way
 * (P·(1+p) values); `fe[k]` = rows [gid, code, b, a_0 … a_{p−1}] for every level of
 * effect k present in the group (0 for the base level and dropped levels).
 */
class Coefficients {
  readonly scalar = new Map<number, Float64Array>();
  readonly fe: number[][][];
  constructor(m: number) {
    this.fe = Array.from({ length: m }, () => []);
  }
}

/** What solving the normal equations of one group gave. */
interface GroupSolve {
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
}

function solveGroup(
  spec: RegressionSpec,
  split: boolean,
  g: { gid: number; label: string; n: number },
  cp: Row,
  lv: LevelRows,
  [lo, hi]: [number, number],
  pr: PairRows,
  [plo, phi]: [number, number],
  levels: { code: number; label: string }[][],
  mean: Float64Array,
  coefs: Coefficients,
  sharedPairs?: { rows: SharedPairRows; range: [number, number]; L: number },
): GroupSolve {
  const p = spec.x.length;
  const m = spec.fe.length;
  const P = p + 1;
  const gid = g.gid;

  // Design columns: 0 intercept, 1..p the x's, then each effect's levels but the first
  // (numbered in SQL: fe-sums.sql).
  let K = P;
  for (let r = lo; r < hi; r++) if (lv.q[r]! >= 0) K = Math.max(K, lv.q[r]! + 1);
  const colFe: [number, number][] = new Array(K - P); // design column − P → [effect, code]
  for (let r = lo; r < hi; r++) if (lv.q[r]! >= 0) colFe[lv.q[r]! - P] = [lv.eff[r]!, lv.code[r]!];

  const A = new Float64Array(K * K);
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
    const mu = mean[gid * P + i]!;
    ref[i] = num(cp[`s${i}_${i}`]) + 2 * mu * num(cp[`s${i}`]) + mu * mu * sw;
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
  for (let r = plo; r < phi; r++) addPair(pr.q1[r]!, pr.q2[r]!, pr.sw[r]!);
  if (sharedPairs) {
    // Design column of each (effect, level code) present in this group (−1: base/absent).
    const { rows: sp, range: [slo, shi], L } = sharedPairs;
    const col = new Int32Array(m * L).fill(-1);
    for (let r = lo; r < hi; r++) col[lv.eff[r]! * L + lv.code[r]!] = lv.q[r]!;
    for (let r = slo; r < shi; r++) {
      const q1 = col[sp.e1[r]! * L + sp.c1[r]!]!;
      const q2 = col[sp.e2[r]! * L + sp.c2[r]!]!;
      if (q1 >= 0 && q2 >= 0) addPair(q1, q2, sp.sw[r]!);
    }
  }

  const f = choleskyInOrder(A, K, ref, undefined, g.n);
  const inGroup = split ? ` in group "${g.label}"` : '';
  if (f.dropped.includes(1))
    throw new SingularDesignError(
      `the regressor "${spec.x[0]}" is collinear with the intercept${m ? ', the fixed effects' : ''}${p > 1 ? ' or the other x' : ''}${inGroup} (constant in the sample?): it cannot be estimated`,
    );
  const rank = f.r;
  if (g.n - rank < 1)
    throw new TooFewObservationsError(
      `${g.n} observation(s)${inGroup} for ${rank} parameters: the regression has no residual degrees of freedom`,
    );

  const pos = new Map(f.kept.map((j, i) => [j, i]));
  const expand = (z: Float64Array): Float64Array => {
    const full = new Float64Array(K);
    f.kept.forEach((j, i) => (full[j] = z[i]!));
    return full;
  };
  const beta = expand(cholSolve(f, Float64Array.from(f.kept, (j) => c[j]!)));
  const xs: number[] = [];
  for (let i = 0; i < p; i++) if (pos.has(1 + i) && (!spec.report || spec.report.includes(spec.x[i]!))) xs.push(i);
  const inv: Float64Array[] = Array.from({ length: p }, () => new Float64Array(K)); // dropped x: zeros
  for (const i of xs) {
    const e = new Float64Array(f.r);
    e[pos.get(1 + i)!] = 1;
    inv[i] = expand(cholSolve(f, e));
  }
  const rows = xs.map((i) => inv[i]!);

  // What the row-level SQL reads.
  const scalar = new Float64Array(P * (1 + p));
  scalar.set(beta.subarray(0, P), 0);
  inv.forEach((a, j) => scalar.set(a.subarray(0, P), (1 + j) * P));
  coefs.scalar.set(gid, scalar);
  for (let r = lo; r < hi; r++) {
    const q = lv.q[r]!;
    coefs.fe[lv.eff[r]!]!.push([gid, lv.code[r]!, q < 0 ? 0 : beta[q]!, ...inv.map((a) => (q < 0 ? 0 : a[q]!))]);
  }

  const ainv: number[] = [];
  for (const a of rows) for (const j of xs) ainv.push(a[1 + j]!);

  const dropped = f.dropped.map((j) => {
    if (j < P) return spec.x[j - 1]!;
    const [k, code] = colFe[j - P]!;
    return `factor(${spec.fe[k]})${levels[k]![code]!.label}`;
  });
  return { gid, n: g.n, rank, xs, beta: xs.map((i) => beta[1 + i]!), ainv, dropped };
}

/** Run the residual/score query for every solved group; rows by group id. */
async function scorePass(
  db: Db,
  spec: RegressionSpec,
  sample: Sql,
  coefs: Coefficients,
  L: readonly number[],
  nCl: number,
  tables: Tables,
): Promise<Map<number, Row[]>> {
  const p = spec.x.length;
  const m = spec.fe.length;
  const P = p + 1;
  // The x's whose score terms are needed (spec.report, default all).
  const rep = spec.x.flatMap((c, j) => (!spec.report || spec.report.includes(c) ? [j] : []));
  const params: Record<string, Float64Array> = {};
  let joins = '';
  // term(which, i): coefficient i of the intercept/x part; level(which, k): the FE k part.
  // which = -1 for β, j for row j of (X'WX)⁻¹.
  let term: (which: number, i: number) => string;
  let level: (which: number, k: number) => string;
  const only = coefs.scalar.size === 1 ? [...coefs.scalar.values()][0]! : undefined;
  if (only) {
    // One group: intercept/x coefficients inlined as DOUBLE literals, FE coefficients
    // as constant DOUBLE[] parameters indexed by level code (no join).
    term = (which, i) => {
      const v = only[(which + 1) * P + i]!;
      if (!Number.isFinite(v)) throw new Error('non-finite coefficient');
      return `(${v.toExponential(16)})`;
    };
    for (let k = 0; k < m; k++)
      for (let which = -1; which < p; which++) {
        const dense = new Float64Array(L[k]!);
        for (const r of coefs.fe[k]!) dense[r[1]!] = r[3 + which]!;
        params[`c${which + 1}f${k}`] = dense;
      }
    level = (which, k) => `$c${which + 1}f${k}[s.f${k} + 1]`;
  } else {
    // Many groups: the coefficients go into small tables joined by group (and level code);
    // per-group lists as parameters would be copied per row chunk.
    const cs = await appendTable(db, tables, 'coef', [
      'gid INTEGER',
      ...Array.from({ length: P * (1 + p) }, (_, i) => `c${i} DOUBLE`),
    ], [...coefs.scalar].map(([gid, v]) => [gid, ...v]));
    joins += `JOIN ${cs} AS cs ON cs.gid = s.gid\n`;
    // Each level table is keyed by one integer, gid·L_k + code: with a composite key
    // (gid, code) DuckDB's optimizer joins the small tables with each other on gid first,
    // a huge intermediate (measured 30 s at 3M rows × 300 groups, against 1 s).
    const nG = Math.max(0, ...coefs.scalar.keys()) + 1;
    for (let k = 0; k < m; k++) {
      if (nG * L[k]! >= 2 ** 31) throw new Error(`split too large for the level key: ${nG} groups × ${L[k]} levels`);
      const t = await appendTable(db, tables, `coef_f${k}`, [
        'key INTEGER',
        ...Array.from({ length: 1 + p }, (_, j) => `c${j} DOUBLE`),
      ], coefs.fe[k]!.map(([gid, code, ...rest]) => [gid! * L[k]! + code!, ...rest]));
      joins += `JOIN ${t} AS k${k} ON k${k}.key = s.gid * ${L[k]!} + s.f${k}\n`;
    }
    term = (which, i) => `cs.c${(which + 1) * P + i}`;
    level = (which, k) => `k${k}.c${which + 1}`;
  }
  const linear = (which: number): string =>
    [
      term(which, 0),
      ...spec.x.map((_, i) => `${term(which, i + 1)} * s.x${i}`),
      ...spec.fe.map((_, k) => level(which, k)),
    ].join(' + ');
  const fitted = fill(T.fitted, {
    sample,
    joins,
    clusters: nCl ? list(nCl, (k) => `s.c${k}`) : 'NULL AS nocl',
    xb: linear(-1),
    h: rep.map((j) => `${linear(j)} AS h${j}`).join(',\n       '),
  });
  const products: string[] = [];
  for (const j of rep) for (const k of rep) if (k >= j) products.push(`sum(s${j} * s${k}) AS v${j}_${k}`);

  let q: Sql;
  const v = spec.vcov;
  if (v === 'iid') q = fill(T.iid, { fitted });
  else if (v === 'hetero')
    q = fill(T.hetero, { fitted, scores: rep.map((j) => `w * e * h${j} AS s${j}`).join(', '), products: products.join(', ') });
  else {
    const two = nCl === 2;
    q = fill(T.cluster, {
      fitted,
      clusters: list(nCl, (k) => `c${k}`),
      scoreSums: rep.map((j) => `sum(w * e * h${j}) AS s${j}`).join(', '),
      sets: two ? '(gid, c0), (gid, c1), (gid, c0, c1)' : '(gid, c0)',
      term: two ? '(c0 IS NOT NULL)::INTEGER + 2 * (c1 IS NOT NULL)::INTEGER' : '1',
      products: products.join(', '),
    });
  }
  const rows = await query(db, q, params);
  const out = new Map<number, Row[]>();
  for (const r of rows) {
    const g = r.gid as number;
    const list = out.get(g);
    if (list) list.push(r);
    else out.set(g, [r]);
  }
  return out;
}

/** Turn a group's solve and score rows into a result. */
function finish(spec: RegressionSpec, s: GroupSolve, rows: Row[], nCl: number): RegressionFit {
  const k = s.xs.length;
  const N = s.n;
  const K = s.rank;
  const dfResid = N - K;
  const meat = (r: Row, a: number, b: number): number => {
    const [i, j] = a <= b ? [a, b] : [b, a];
    return r[`v${i}_${j}`] as number;
  };
  const V = new Array<number>(k * k).fill(0);
  let nClusters: number | undefined;
  let dfInference = dfResid;
  const v = spec.vcov;
  if (v === 'iid') {
    const rss = (rows[0]?.rss as number | undefined) ?? 0;
    const sigma2 = rss / dfResid;
    for (let i = 0; i < k * k; i++) V[i] = sigma2 * s.ainv[i]!;
  } else if (v === 'hetero') {
    const r = rows[0]!;
    const adj = N / dfResid;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) V[a * k + b] = adj * meat(r, s.xs[a]!, s.xs[b]!);
  } else {
    // One-way: term 1. Two-way: terms 1 (c0), 2 (c1), 3 (intersection, subtracted).
    const terms = rows.map((r) => ({ term: r.term as number, g: r.g as number, r }));
    const sizes = terms.filter((t) => t.term !== 3).map((t) => t.g);
    nClusters = Math.min(...sizes);
    if (!(nClusters >= 2))
      throw new TooFewClustersError(
        `${nClusters} cluster(s) in the sample: a clustered variance needs at least 2 (use vcov 'hetero')`,
      );
    dfInference = nClusters - 1;
    const hc1 = (N - 1) / dfResid;
    for (const t of terms) {
      const sign = t.term === 3 && nCl === 2 ? -1 : 1;
      const adj = sign * hc1 * (t.g / (t.g - 1));
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) V[a * k + b]! += adj * meat(t.r, s.xs[a]!, s.xs[b]!);
    }
  }
  return new RegressionFit({
    spec,
    nobs: N,
    dfResid,
    ...(nClusters !== undefined ? { nClusters } : {}),
    dfInference,
    dropped: s.dropped,
    terms: s.xs.map((i) => spec.x[i]!),
    estimates: s.beta,
    vcov: V,
  });
}

/** Create a temp table (INTEGER, DOUBLE or VARCHAR columns) and fill it with the appender; returns its SQL name. */
async function appendTable(db: Db, tables: Tables, suffix: string, cols: string[], rows: Iterable<ArrayLike<number | string>>): Promise<Sql> {
  const name = `${tables.prefix}${suffix}`;
  const q = sql`${ident(name)}`;
  tables.created.push(q);
  await db.run(raw(`CREATE TEMP TABLE ${q} (${cols.join(', ')})`));
  const app = await db.conn.createAppender(name, 'main', 'temp');
  const kinds = cols.map((c) => c.slice(c.lastIndexOf(' ') + 1));
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) {
      const v = r[i]!;
      if (kinds[i] === 'VARCHAR') app.appendVarchar(String(v));
      else if (kinds[i] === 'INTEGER') app.appendInteger(v as number);
      else app.appendDouble(v as number);
    }
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
  return q;
}

/** Run a query with named DOUBLE[] parameters (only those the text uses are bound). */
async function query(db: Db, q: Sql, params: Record<string, Float64Array>): Promise<Row[]> {
  const text = String(q);
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const [k, v] of Object.entries(params)) {
    if (!text.includes(`$${k}[`)) continue;
    values[k] = listValue(Array.from(v));
    types[k] = LIST(DOUBLE);
  }
  try {
    const reader = await db.conn.runAndReadAll(text, values, types);
    return reader.getRowObjectsJS().map((r) => {
      const o: Row = {};
      for (const [k, v] of Object.entries(r)) o[k] = typeof v === 'bigint' ? Number(v) : v;
      return o;
    });
  } catch (e) {
    throw new QueryError(`query failed: ${(e as Error).message}`, text, { cause: e });
  }
}
