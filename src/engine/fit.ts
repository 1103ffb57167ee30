/**
 * The fit of one model on every group of a split, in one pass of aggregate queries:
 * OLS of y on x + an intercept + dummies of categorical fixed effects, optionally weighted.
 *
 * All heavy work runs in the database: X'WX and X'Wy are grouped aggregates (level counts,
 * level × level counts, level × x sums), so only a K×K matrix per group reaches
 * TypeScript, where it is factored with aliased columns dropped in column order (as R's
 * `lm`). Residuals and the scores a_j'x_i·w_i·e_i of the reported coefficients are computed
 * per row in SQL from small per-group coefficient lists, then summed (by cluster). The
 * stages: 1. groups and levels, 2. the encoded sample, 3. cross-products, 4. solve,
 * 5. variance pieces. See docs/estimator.md.
 */
import { ClusterNullError, EmptySampleError, EngineError, EngineQueryError, SpecError } from './errors.ts';
import { FitResult, type ClusterMeat, type FitPieces } from './result.ts';
import { Session, type Row } from './session.ts';
import { Coefficients, solveGroup, type GroupSolve, type IntColumn, type LevelRows, type PairRows, type SharedPairRows } from './solve.ts';
import { clusterColumns, vcovName, type GroupKey, type KeyValue, type Ssc, type VcovType } from './spec.ts';
import { exactOfParts, exactParts, exactSum, id, isFinite, join, listParam, lit, notDistinct, q, template, toDouble, type Frag, type Node, type Piece } from './sql.ts';
import type { Encoded, GroupStrategy, RowStrategy } from './strategy.ts';

/** The engine's SQL templates (also read by `families.ts`). */
export const T = {
  rows: template('rows'),
  keys: template('keys'),
  keysLevels: template('keys-levels'),
  groups: template('groups'),
  levels: template('levels'),
  sample: template('sample'),
  crossprod: template('crossprod'),
  feSums: template('fe-sums'),
  feAgg: template('fe-agg'),
  pairAgg: template('pair-agg'),
  outer: template('outer'),
  groupsShared: template('groups-shared'),
  sampleShared: template('sample-shared'),
  sharedExpand: template('shared-expand'),
  clusterCodes: template('cluster-codes'),
  fitted: template('fitted'),
  iid: template('scores-iid'),
  hetero: template('scores-hetero'),
  cluster: template('scores-cluster'),
  cluster2: template('scores-cluster2'),
  nested: template('nested'),
};

/** A validated model with everything the fit derives from it. */
export interface Plan {
  readonly y: string;
  readonly x: readonly string[];
  readonly fe: readonly string[];
  readonly weights: string | undefined;
  /** The default variance and rule, then every type and rule the result can switch to. */
  readonly vcov: VcovType;
  readonly ssc: Ssc;
  readonly vcovs: readonly VcovType[];
  readonly sscs: readonly Ssc[];
  /** Reported x's (undefined: all). */
  readonly report: readonly string[] | undefined;
  /** The decomposition asked for (`FitOptions.decompose`), checked against the model. */
  readonly decompose?: DecompositionPlan;
}

/** Components of a decomposition that are not groups: `unexplained` is the x's coefficient. */
export const DECOMPOSITION_TOTALS: readonly string[] = ['total', 'explained', 'unexplained'];

/**
 * A checked decomposition: the 0/1 regressor (index `xi` in the x's) and the linear
 * combinations computed with every fit, named in `names`: one per group (its x indices and
 * fixed-effect indices), then `explained` and `total`.
 */
export interface DecompositionPlan {
  readonly x: string;
  readonly xi: number;
  readonly names: readonly string[];
  readonly groups: readonly { readonly x: readonly number[]; readonly fe: readonly number[] }[];
}

/** One group's outcome. */
export interface GroupOut {
  readonly key: GroupKey;
  readonly out: FitResult | EngineError;
}

/** Internal column lists (generated names, never user text). */
const list = (n: number, f: (i: number) => string, sep = ', '): string => Array.from({ length: n }, (_, i) => f(i)).join(sep);

/** How a key reads in a message. */
export function formatKey(key: GroupKey): string {
  return `"${key.map((v) => (v === null ? 'NULL' : String(v))).join(', ')}"`;
}

/** A group key value as the database returned it, typed. */
export function keyValue(v: unknown): KeyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

/** Fit `plan` on every group of `by` (none: the whole source is one group). */
export async function fitGroups(
  session: Session,
  source: Node,
  plan: Plan,
  by: readonly string[],
  strategy: { rows: RowStrategy; groups: GroupStrategy; scoreBatchRows: number; encoded?: Encoded },
): Promise<GroupOut[]> {
  const p = plan.x.length;
  const m = plan.fe.length;
  // Cluster columns of every requested clustered variance, each once.
  const cl = [...new Set(plan.vcovs.flatMap((v) => clusterColumns(v)))];
  const nb = Math.max(by.length, 1);
  const P = p + 1; // stride of per-group [intercept/y, x...] lists
  const shared = strategy.rows.kind === 'shared';
  const only = strategy.groups.kind === 'only' ? strategy.groups.keys : undefined;
  const name = (s: string): Node => session.table(s);
  const keysT = name('keys');
  const groupsT = name('groups');
  const outerT = name('outer');
  const sampleT = name('sample');
  // Effects and clusters the caller encoded (FitOptions.encoded): read as they are, no
  // levels or codes table, no join.
  const encFe = plan.fe.map((f) => strategy.encoded?.fe?.[f]);
  const encCl = cl.map((c) => strategy.encoded?.clusters?.includes(c) === true);
  const rawFe = plan.fe.flatMap((_, k) => (encFe[k] ? [] : [k]));
  const levelT = plan.fe.map((_, k) => (encFe[k] ? undefined : name(`levels${k}`)));
  const clusterT = cl.map((_, k) => (encCl[k] ? undefined : name(`clusters${k}`)));
  const create = (q: Frag): Promise<void> => session.run(q);

  try {
    // The model's columns of every source row, cast, and whether the row enters the
    // sample (finite y, x and weight; weight > 0). Read twice: for the keys, for the sample.
    const wScale = await weightScale(session, source, plan);
    const cols: Piece[] = [
      ...(by.length ? by.map((c, i) => q`src.${id(c)} AS b${i}`) : ['0 AS b0']),
      q`${toDouble(q`src.${id(plan.y)}`)} AS y`,
      ...plan.x.map((c, i) => q`${toDouble(q`src.${id(c)}`)} AS x${i}`),
      weightColumn(plan, wScale),
      ...plan.fe.map((c, k) => q`src.${id(encFe[k]?.column ?? c)} AS f${k}`),
      ...cl.map((c, k) => q`src.${id(c)} AS c${k}`),
    ];
    const rows = T.rows.fill({
      columns: join(cols, ',\n    '),
      ok: join([...['y', ...plan.x.map((_, i) => `x${i}`), 'w'].map((v) => isFinite(v)), 'w > 0'], ' AND '),
      source,
    });

    // 1. Groups and fixed-effect levels in one pass; GROUPING() bit i is set when column i
    //    is not in the grouping set.
    const bCols = Array.from({ length: nb }, (_, i) => `b${i}`);
    const fCols = plan.fe.map((_, k) => `f${k}`);
    const allCols = [...bCols, ...fCols];
    const setId = (inSet: string[]): number =>
      allCols.reduce((acc, c, i) => acc + (inSet.includes(c) ? 0 : 2 ** (allCols.length - 1 - i)), 0);
    const vars = ['y', ...plan.x.map((_, i) => `x${i}`)];
    const clusterNull = cl.length ? cl.map((_, k) => `c${k} IS NULL`).join(' OR ') : 'false';
    // Encoded effects: the range of their codes and their NULLs, checked below, over every
    // row of the source (the column must hold codes only): aggregates without a filter,
    // cheaper than ones filtered by the sample's condition.
    const encCheck = plan.fe.flatMap((_, k) => (encFe[k] ? [k] : []));
    const checks = encCheck.flatMap((k) => [
      [`min(r.f${k})`, `lo${k}`],
      [`max(r.f${k})`, `hi${k}`],
      [`count(*) - count(r.f${k})`, `nul${k}`],
    ]);
    const keysWeightSum = plan.weights ? exactSum('CASE WHEN ok THEN w END') : toDouble('count(*) FILTER (WHERE ok)');
    // The groups' sets (GROUPING over the `by` columns only: the effects' columns are NULL
    // there) and the effects' sets, in two parts so that the means are summed for the groups only.
    await create(
      T.keys.fill({
        keys: keysT,
        rows,
        // GROUPING over the `by` columns, shifted past the effects' bits (all set: not in the set)
        setId: `GROUPING(${bCols.join(', ')}) * ${2 ** m} + ${2 ** m - 1}`,
        groupCols: [...bCols, ...fCols.map((f) => `NULL AS ${f}`)].join(', '),
        clusterNull,
        // Σw of an unweighted model is the row count and w·v is v (see `weighted`, `weightSum`).
        means: join([
          ...vars.map((v, i) => q`${exactSum(`CASE WHEN ok THEN ${weighted(plan, v)} END`)} / ${keysWeightSum} AS m${i}`),
          ...checks.map(([e, a]) => `${e} AS ${a}`),
        ]),
        sets: [`(${bCols.join(', ')})`, ...(shared ? [`(${bCols.slice(0, -1).join(', ')})`] : [])].join(', '),
        levels: rawFe.length
          ? T.keysLevels.fill({
              rows,
              setId: `CASE ${rawFe.map((k) => `WHEN GROUPING(f${k}) = 0 THEN ${setId([`f${k}`])}`).join(' ')} END`,
              levelCols: [...bCols.map((b) => `NULL AS ${b}`), ...fCols.map((f, k) => (encFe[k] ? `NULL AS ${f}` : f))].join(', '),
              clusterNull,
              noMeans: [...vars.map((_, i) => `NULL AS m${i}`), ...checks.map(([, a]) => `NULL AS ${a}`)].join(', '),
              sets: rawFe.map((k) => `(f${k})`).join(', '),
            })
          : '',
      }),
    );
    session.mark('keys');
    await checkEncodedCodes(session, keysT, encCheck, (k) => ({ name: plan.fe[k]!, column: encFe[k]!.column, n: encFe[k]!.labels.length }));
    // The groups strategy `only`: the keys to fit, in a table the groups query filters on.
    let keep = (_alias: string): Piece => 'true';
    if (only) {
      if (only.some((k) => k.length !== nb)) throw new EngineError(`onlyGroups: every key needs ${nb} value(s), one per \`by\` column`);
      if (only.length === 0) keep = () => 'false';
      else {
        const keepT = name('keep');
        const values = join(only.map((k) => q`(${join(k.map((v) => lit(v)))})`), ',\n  ');
        await create(q`CREATE TEMP TABLE ${keepT} AS SELECT * FROM (VALUES ${values}) AS v(${bCols.join(', ')})`);
        keep = (a) => q`EXISTS (SELECT 1 FROM ${keepT} AS k WHERE ${bCols.map((b) => `k.${b} IS NOT DISTINCT FROM ${a}.${b}`).join(' AND ')})`;
      }
    }
    const last = bCols[bCols.length - 1]!;
    const outerCols = bCols.slice(0, -1);
    const match = (a: string, b: string, cs: string[]): Piece =>
      cs.length ? join(cs.map((c) => notDistinct(`${a}.${c}`, `${b}.${c}`)), ' AND ') : 'true';
    if (!shared) await create(T.groups.fill({ groups: groupsT, keys: keysT, by: bCols.join(', '), setId: setId(bCols), keep: keep('t') }));
    else {
      await create(T.outer.fill({ outer: outerT, keys: keysT, outerBy: outerCols.join(', '), setOuter: setId(outerCols) }));
      await create(
        T.groupsShared.fill({
          groups: groupsT,
          keys: keysT,
          outer: outerT,
          setBy: setId(bCols),
          last,
          ownBy: bCols.map((b) => `own.${b}`).join(', '),
          keep: keep('own'),
          outerMeans: vars.map((_, i) => `o.m${i}`).join(', '),
          ownOuterMatch: match('own', 'o', outerCols),
          ownBaseMatch: match('own', 'base', outerCols),
        }),
      );
    }
    for (const k of rawFe) await create(T.levels.fill({ levels: levelT[k]!, keys: keysT, col: `f${k}`, setId: setId([`f${k}`]) }));
    for (let k = 0; k < cl.length; k++) if (!encCl[k]) await create(T.clusterCodes.fill({ codes: clusterT[k]!, rows, col: `c${k}` }));

    session.mark('keys+groups+levels');
    // 2. The encoded, centred sample.
    await create(
      (shared ? T.sampleShared : T.sample).fill({
        sample: sampleT,
        rows,
        groups: groupsT,
        outer: outerT,
        last,
        outerMatch: match('r', 'o', outerCols),
        xs: list(p, (i) => `r.x${i} - ${shared ? 'o' : 'g'}.m${i + 1} AS x${i}`),
        // An unweighted model's sample has no weight column (w = 1: see `weighted`, `weightSum`).
        w: plan.weights ? ', r.w' : '',
        codes: m ? list(m, (k) => (encFe[k] ? `r.f${k} AS f${k}` : `l${k}.code AS f${k}`)) : 'NULL AS nofe',
        // Cluster values as dense integer codes, or as encoded (NULL stays NULL).
        clusters: cl.length ? list(cl.length, (k) => (encCl[k] ? `r.c${k} AS c${k}` : `cl${k}.code AS c${k}`)) : 'NULL AS nocl',
        byMatch: match('r', 'g', bCols),
        levelJoins: join(
          [
            ...rawFe.map((k) => q`JOIN ${levelT[k]!} AS l${k} ON ${notDistinct(`r.f${k}`, `l${k}.v`)}`),
            ...cl.flatMap((_, k) => (encCl[k] ? [] : [q`LEFT JOIN ${clusterT[k]!} AS cl${k} ON cl${k}.v = r.c${k}`])),
          ],
          '\n',
        ),
      }),
    );
    // Shared rows: aggregates of the unstacked sample, the shared rows' copied to every
    // group of their outer key (shared-expand.sql); the row-level score pass reads the
    // sample with the shared rows fanned out the same way.
    const expand = (agg: Frag, keys: string[], sums: readonly Sum[]): Frag =>
      T.sharedExpand.fill({
        agg,
        groups: groupsT,
        cols: [...keys, ...sums.map((x) => x.alias)].map((c) => `a.${c}`).join(', '),
        keysSel: keys.map((k) => `, ${k}`).join(''),
        resums: renderSums(sums.map((x) => ({ expr: x.alias, alias: x.alias }))),
      });
    const sampleCols = ['y', ...plan.x.map((_, i) => `x${i}`), ...(plan.weights ? ['w'] : []), ...(m ? fCols : ['nofe']), ...(cl.length ? cl.map((_, k) => `c${k}`) : ['nocl'])];
    const groups = await session.rows<{ gid: number; n: number; cluster_nulls: number } & Row>(q`SELECT * FROM ${groupsT} ORDER BY gid`);
    // The rows of the score pass, of every group or of one batch (groups lo … hi; in shared
    // mode the shared rows of those groups' outer keys only).
    const scoreRows = (b?: ScoreBatch): Node => {
      if (!shared) return sampleT;
      let own = '';
      let sh = '';
      if (b) {
        const oids = groups.filter((g) => g.gid >= b[0] && g.gid <= b[1]).map((g) => Number(g.oid));
        own = ` AND gid BETWEEN ${b[0]} AND ${b[1]}`;
        sh = ` AND grp.gid BETWEEN ${b[0]} AND ${b[1]} AND s.oid BETWEEN ${Math.min(...oids)} AND ${Math.max(...oids)}`;
      }
      return q`(SELECT gid, ${sampleCols.join(', ')} FROM ${sampleT} WHERE gid IS NOT NULL${own}
  UNION ALL
  SELECT grp.gid AS gid, ${sampleCols.map((c) => `s.${c}`).join(', ')} FROM ${sampleT} AS s JOIN ${groupsT} AS grp ON s.gid IS NULL AND grp.oid = s.oid${sh})`;
    };
    const nG = groups.length;
    const levels: { code: number; label: string }[][] = [];
    for (let k = 0; k < m; k++)
      levels.push(encFe[k]?.labels.map((label, code) => ({ code, label })) ?? (await session.rows(q`SELECT code, label FROM ${levelT[k]!} ORDER BY code`)));
    const L = levels.map((l) => Math.max(l.length, 1));
    const keyOf = (g: Row): GroupKey => (by.length ? bCols.map((b) => keyValue(g[b])) : []);

    session.mark('sample');
    // 3. Cross-products: the intercept/x block, each level's sums, each pair of levels.
    const { cp, lv, pr, sharedPairs, Lmax } = await crossProducts(session, { plan, shared, sampleT, vars, fCols, L, nG, expand, pairsTable: name('pairs'), partsTable: name('parts') });
    session.mark('crossproducts');
    // 4. Solve each group.
    const cpBy = new Map(cp.map((r) => [r.gid as number, r]));
    const lvAt = groupStarts(lv.gid, lv.n, nG);
    const prAt = groupStarts(pr.gid, pr.n, nG);
    const nOuter = shared ? Math.max(0, ...groups.map((g) => Number(g.oid) + 1)) : 0;
    const spAt = sharedPairs ? groupStarts(sharedPairs.oid, sharedPairs.n, nOuter) : undefined;
    const hc3 = plan.vcovs.includes('HC3');
    const coefs = new Coefficients(m, hc3, plan.decompose?.names.length ?? 0);
    const solved: (GroupSolve | EngineError)[] = groups.map((g) => {
      const where = by.length ? ` in group ${formatKey(keyOf(g))}` : '';
      if (g.n === 0)
        return new EmptySampleError(
          `the regression sample${where} is empty: every row has a NULL or non-finite ${plan.y}, x or weight (or a weight ≤ 0)`,
        );
      if (g.cluster_nulls > 0)
        return new ClusterNullError(
          `${g.cluster_nulls} observation(s)${where} have a NULL cluster (${cl.join(', ')}): give them a cluster value or drop them from the sample`,
        );
      try {
        const oid = Number(g.oid);
        return solveGroup(
          {
            x: plan.x,
            fe: plan.fe,
            report: plan.report,
            where,
            gid: g.gid,
            n: g.n,
            cp: cpBy.get(g.gid)!,
            lv,
            lvRange: [lvAt[g.gid]!, lvAt[g.gid + 1]!],
            pairs: pr,
            pairRange: [prAt[g.gid]!, prAt[g.gid + 1]!],
            labels: levels,
            mean: Float64Array.from({ length: P }, (_, i) => (g[`m${i}`] as number | null) ?? 0),
            ...(plan.decompose ? { decompose: plan.decompose } : {}),
            L: Lmax,
            ...(sharedPairs && spAt ? { shared: { rows: sharedPairs, range: [spAt[oid]!, spAt[oid + 1]!] as const } } : {}),
          },
          coefs,
        );
      } catch (e) {
        if (e instanceof EngineError) return e;
        throw e;
      }
    });

    session.mark('solve');
    // 5. Residuals and variance pieces in SQL.
    const live = solved.filter((s): s is GroupSolve => !(s instanceof Error));
    const pieces = live.length ? await variancePieces(session, plan, scoreRows, coefs, L, cl, live, strategy.scoreBatchRows) : new Map<number, GroupPieces>();
    session.mark('scores');

    return groups.map((g, gi) => {
      const key = keyOf(g);
      const s = solved[gi]!;
      if (s instanceof Error) return { key, out: s };
      try {
        return { key, out: finish(plan, s, pieces.get(g.gid) ?? emptyPieces(), wScale) };
      } catch (e) {
        if (e instanceof EngineError) return { key, out: e };
        throw e;
      }
    });
  } finally {
    await session.dropAll();
  }
}

/**
 * The encoded effects `ks` checked from the keys table's `lo<k>`, `hi<k>` and `nul<k>`
 * columns: their codes must be integers 0 … n − 1, never NULL (a `SpecError` otherwise).
 */
export async function checkEncodedCodes(
  session: Session,
  keysT: Node,
  ks: readonly number[],
  of: (k: number) => { name: string; column: string; n: number },
): Promise<void> {
  if (!ks.length) return;
  const [c] = await session.rows(q`SELECT ${ks.map((k) => `min(lo${k}) AS lo${k}, max(hi${k}) AS hi${k}, sum(nul${k}) AS nul${k}`).join(', ')} FROM ${keysT}`);
  for (const k of ks) {
    const num = (a: string): number | null => (c?.[a] == null ? null : Number(c[a]));
    const [lo, hi, nul] = [num(`lo${k}`), num(`hi${k}`), num(`nul${k}`)];
    const { name, column, n } = of(k);
    if ((nul ?? 0) > 0 || (lo !== null && lo < 0) || (hi !== null && hi >= n))
      throw new SpecError(`encoded: the codes of "${name}" in ${column} must be integers 0 … ${n - 1}, one per label, never NULL`);
  }
}

/**
 * One aggregate of the engine: `exactSum(expr) AS alias` (see `exactSum`: order-independent);
 * with `count`, the row count as a double instead (Σw of an unweighted model, see {@link weightSum}).
 */
export interface Sum {
  readonly expr: string;
  readonly alias: string;
  readonly count?: boolean;
}

/** One sum's expression. */
export function sumOf(x: Sum): Node {
  return x.count ? toDouble('count(*)') : exactSum(x.expr);
}

/** Sums as a select list. */
export function renderSums(sums: readonly Sum[]): Frag {
  return join(sums.map((x) => q`${sumOf(x)} AS ${x.alias}`));
}

/**
 * `w · e` as SQL; for an unweighted model (w is the constant 1.0) `e` alone, the same double
 * (1.0 · e = e exactly), one multiplication less per row and aggregate.
 */
export function weighted(plan: Plan, e: string): string {
  return plan.weights ? `w * ${e}` : e;
}

/**
 * The power of two the weights are multiplied by in the sample: 2⁻ᵏ bringing the largest
 * finite weight of the source to at most 1 (1 when it is at most 1, or the model is
 * unweighted). Every exact sum's term then stays below 2⁵³ (`exactSum`) whatever the
 * weights' scale: w·x·x with weights of 10⁹ and an x of 10⁴ would not. A power of two
 * scales each weight exactly, and the estimates and variances of weighted least squares do
 * not depend on the weights' scale; {@link finish} gives the bread and the residual sum of
 * squares back in the weights' own scale (the meat does not depend on it).
 */
export async function weightScale(session: Session, source: Node, plan: Plan): Promise<number> {
  if (!plan.weights) return 1;
  const [r] = await session.rows(
    q`SELECT max(w) AS mx FROM (SELECT ${toDouble(q`src.${id(plan.weights)}`)} AS w FROM ${source} AS src) AS r WHERE ${isFinite('w')}`,
  );
  const mx = r?.mx == null ? NaN : Number(r.mx);
  return mx > 1 ? 2 ** -Math.ceil(Math.log2(mx)) : 1;
}

/** The sample's weight column `w`: the weights times {@link weightScale}'s `scale`, or 1.0. */
export function weightColumn(plan: Plan, scale: number): Node {
  if (!plan.weights) return q`${toDouble('1.0')} AS w`;
  const w = toDouble(q`src.${id(plan.weights)}`);
  return scale === 1 ? q`${w} AS w` : q`${w} * ${lit(scale)} AS w`;
}

/**
 * The sum Σw: for an unweighted model the row count, as a double (the exact sum of n ones
 * is n: the same value, without the exact sum's two BIGINT sums per row).
 */
export function weightSum(plan: Plan): Sum {
  return { expr: 'w', alias: 'sw', ...(plan.weights ? {} : { count: true }) };
}

/** What stage 3 reads: the intercept/x block per group, the levels with their sums, the pairs of levels. */
interface CrossProducts {
  cp: Row[];
  lv: LevelRows;
  pr: PairRows;
  sharedPairs: SharedPairRows | undefined;
  Lmax: number;
}

/**
 * Stage 3, the cross-products: `crossprod.sql` (intercept/x block of X'WX and X'Wy),
 * `fe-sums.sql` (each level's weight and sums, with its design column) and `pair-agg.sql`
 * (the weight of each pair of levels of two effects, by effect and level code), read into
 * typed arrays.
 */
async function crossProducts(
  session: Session,
  t: {
    plan: Plan;
    shared: boolean;
    sampleT: Node;
    vars: string[];
    fCols: string[];
    L: number[];
    /** The number of groups (gid 0 … nG − 1). */
    nG: number;
    expand: (agg: Frag, keys: string[], sums: readonly Sum[]) => Frag;
    pairsTable: Node;
    partsTable: Node;
  },
): Promise<CrossProducts> {
  const { plan, shared, sampleT, vars, fCols, L, nG, expand } = t;
  const m = plan.fe.length;
  const P = plan.x.length + 1;
  // With fixed effects and no shared rows, Σw and the first-order sums Σw·v of a group are
  // added up from its levels' integer parts (any one effect's levels partition the group:
  // the same integers, so the same doubles), not summed again from the rows.
  const fromLevels = m > 0 && !shared;
  const cpSums: Sum[] = fromLevels ? [] : [weightSum(plan)];
  for (let i = 0; i < P; i++) {
    if (!fromLevels) cpSums.push({ expr: weighted(plan, vars[i]!), alias: `s${i}` });
    for (let j = i; j < P; j++) cpSums.push({ expr: weighted(plan, `${vars[i]} * ${vars[j]}`), alias: `s${i}_${j}` });
  }
  const cp = await session.rows(
    shared
      ? expand(q`SELECT oid, gid, ${renderSums(cpSums)} FROM ${sampleT} GROUP BY oid, gid`, [], cpSums)
      : T.crossprod.fill({ sample: sampleT, sums: renderSums(cpSums) }),
  );
  const Lmax = Math.max(1, ...L);
  let lv: LevelRows = { n: 0, gid: new Int32Array(0), eff: new Int32Array(0), code: new Int32Array(0), q: new Int32Array(0), sw: new Float64Array(0), s: [] };
  const none = new Int32Array(0);
  let pr: PairRows = { n: 0, gid: none, e1: none, e2: none, c1: none, c2: none, sw: new Float64Array(0), order: none };
  let sharedPairs: SharedPairRows | undefined;
  if (m > 0) {
    const firstPresent = (ks: number[]): string => `CASE ${ks.map((k) => `WHEN GROUPING(f${k}) = 0 THEN ${k}`).join(' ')} END`;
    const ks = Array.from({ length: m }, (_, k) => k);
    const grp = shared ? 'oid, gid' : 'gid';
    const feVarSums: Sum[] = vars.map((v, i) => ({ expr: weighted(plan, v), alias: `s${i}` }));
    const aggOf = (sums: Piece): Frag =>
      T.feAgg.fill({ grp, sample: sampleT, eff: firstPresent(ks), fes: fCols.join(', '), sums, sets: fCols.map((f) => `(${grp}, ${f})`).join(', ') });
    let agg: Frag;
    if (fromLevels) {
      // The levels' integer parts (exactParts), kept in a small table for the levels and
      // for the groups' first-order sums.
      const partsT = t.partsTable;
      const parts = (e: string, a: string): Frag => {
        const [pa, pb] = exactParts(e);
        return q`${pa} AS ${a}_a, ${pb} AS ${a}_b`;
      };
      const w = plan.weights ? parts('w', 'sw') : 'count(*) AS sw_n';
      await session.run(q`CREATE TEMP TABLE ${partsT} AS ${aggOf(join([w, ...feVarSums.map((x) => parts(x.expr, x.alias))]))}`);
      const swOf = (f: (c: string) => string): Node | string =>
        plan.weights ? exactOfParts(f('sw_a'), f('sw_b')) : toDouble(f('sw_n'));
      const sumsOf = (f: (c: string) => string): Frag => join([q`${swOf(f)} AS sw`, ...feVarSums.map((x) => q`${exactOfParts(f(`${x.alias}_a`), f(`${x.alias}_b`))} AS ${x.alias}`)]);
      agg = q`SELECT gid, eff, code, ${sumsOf((c) => c)} FROM ${partsT}`;
      const firstOrder = await session.rows(q`SELECT gid, ${sumsOf((c) => `sum(${c})`)} FROM ${partsT} WHERE eff = 0 GROUP BY gid`);
      const byGid = new Map(firstOrder.map((r) => [r.gid as number, r]));
      for (const r of cp) Object.assign(r, byGid.get(r.gid as number));
    } else {
      const sums = join([q`${sumOf(weightSum(plan))} AS sw`, renderSums(feVarSums)]);
      agg = shared ? expand(aggOf(sums), ['eff', 'code'], [{ expr: 'w', alias: 'sw' }, ...feVarSums]) : aggOf(sums);
    }
    const feSums = T.feSums.fill({
      agg,
      rest: ['sw', ...vars.map((_, i) => `s${i}`)].map((c) => `r.${c}`).join(', '),
      P,
    });
    const { n, cols: lc } = await session.typed(q`SELECT * FROM (${feSums}) AS l ORDER BY gid, eff, code`, ['i', 'i', 'i', 'i', 'd', ...vars.map(() => 'd' as const)]);
    const [gid, eff, code, qq, sw, ...s] = lc;
    lv = { n, gid: gid as Int32Array, eff: eff as Int32Array, code: code as Int32Array, q: qq as Int32Array, sw: sw as Float64Array, s: s as Float64Array[] };
    session.mark('fe levels');
    const pairSets: string[] = [];
    for (let k = 0; k < m; k++) for (let l = k + 1; l < m; l++) pairSets.push(`(${grp}, f${k}, f${l})`);
    if (pairSets.length) {
      const pairAgg = T.pairAgg.fill({
        sw: sumOf(weightSum(plan)),
        grp,
        sample: sampleT,
        eff1: firstPresent(ks),
        eff2: firstPresent([...ks].reverse()),
        fes: fCols.join(', '),
        fesRev: [...fCols].reverse().join(', '),
        sets: pairSets.join(', '),
      });
      // The pairs as they come (effects and level codes, not joined to the level table):
      // each group's design columns are looked up in solveGroup.
      const readPairs = async (agg: Frag): Promise<PairRows> => {
        const { n, cols } = await session.typed(q`SELECT gid, e1, e2, c1, c2, sw FROM (${agg}) AS p`, ['i', 'i', 'i', 'i', 'i', 'd']);
        const [gid, e1, e2, c1, c2, sw] = cols as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Float64Array];
        return { n, gid, e1, e2, c1, c2, sw, order: orderBy(gid, n, nG) };
      };
      if (shared) {
        // The shared rows' pair weights are read once per outer key and added to each
        // group's matrix in solveGroup, not copied to every group in SQL (the largest
        // aggregate of a shared fit: pairs of levels × groups per outer key).
        const pairT = t.pairsTable;
        await session.run(q`CREATE TEMP TABLE ${pairT} AS ${pairAgg}`);
        pr = await readPairs(q`SELECT * FROM ${pairT} WHERE gid IS NOT NULL`);
        const { n, cols } = await session.typed(q`SELECT oid, e1, e2, c1, c2, sw FROM ${pairT} WHERE gid IS NULL ORDER BY oid`, ['i', 'i', 'i', 'i', 'i', 'd']);
        const [oid, e1, e2, c1, c2, sw] = cols as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Float64Array];
        sharedPairs = { n, oid, e1, e2, c1, c2, sw };
      } else pr = await readPairs(pairAgg);
    }
  }

  return { cp, lv, pr, sharedPairs, Lmax };
}

/** The rows' indices ordered by gid (stable): group g's are at groupStarts(gid)[g] … [g + 1]. */
export function orderBy(gid: IntColumn, n: number, nG: number): Int32Array {
  const next = groupStarts(gid, n, nG).slice(0, nG);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[gid[i]!]!++] = i;
  return order;
}

/** For rows sorted by gid (or counted by gid, in any order): start[g] .. start[g+1] are group g's rows. */
export function groupStarts(gid: IntColumn, n: number, nG: number): Int32Array {
  const start = new Int32Array(nG + 1);
  for (let i = 0; i < n; i++) start[gid[i]! + 1]!++;
  for (let g = 0; g < nG; g++) start[g + 1]! += start[g]!;
  return start;
}

/** The raw score rows of one group, by kind of variance. */
export interface GroupPieces {
  iid?: Row;
  hc1?: Row;
  hc3?: Row;
  /** By cluster set name: rows (term, g, products). */
  clusters: Map<string, Row[]>;
  /** By cluster column: the fixed effects nested in it. */
  nested?: Map<string, number[]>;
}

export const emptyPieces = (): GroupPieces => ({ clusters: new Map() });

/**
 * Run the residual/score queries every requested variance needs, for every solved group:
 * the weighted RSS (iid), Σ s s' (HC1, and HC3 with leverage-scaled scores), the cluster
 * meats of each clustering, and which effects are nested in which cluster (`nested`).
 * A two-way cluster pass runs per batch of consecutive groups of about `batchRows` rows
 * (`scoreBatches`); the other passes run once.
 */
export async function variancePieces(
  session: Session,
  plan: Plan,
  sample: (batch?: ScoreBatch) => Node,
  coefs: Coefficients,
  L: readonly number[],
  cl: readonly string[],
  solved: readonly GroupSolve[],
  batchRows: number,
  cells?: ScoreCells,
): Promise<Map<number, GroupPieces>> {
  const p = plan.x.length;
  const m = plan.fe.length;
  const P = p + 1;
  // The sample's values: as they are, or (cells) moved from the cell's means to the group's
  // by the cell's offsets, read with the coefficients (cs.d0 for y, cs.d1… for the x's).
  const yv = cells ? '(s.y + cs.d0)' : 's.y';
  const xv = (i: number): string => (cells ? `(s.x${i} + cs.d${i + 1})` : `s.x${i}`);
  const gidv = cells ? 'cs.gid' : 's.gid';
  const nc = coefs.combos;
  // The x's whose score terms are needed (the terms strategy, default all), then the
  // decomposition's parts (rows p … p + nc − 1 of the coefficient lists).
  // A decomposition's `explained` and `total` (its last two parts) get no score terms of
  // their own: their scores are sums of the others' (see `derived`), added up in `finish`.
  const nBase = plan.decompose ? nc - 2 : nc;
  const rep = [...plan.x.flatMap((c, j) => (!plan.report || plan.report.includes(c) ? [j] : [])), ...Array.from({ length: nBase }, (_, c) => p + c)];
  // The cluster passes' scales: per group and reported score, 2^k with k from the terms' bound.
  const clustered = plan.vcovs.some((v) => clusterColumns(v).length > 0);
  // A group without a bound (`unbounded`) gets multipliers 0 in the scaled pass and its
  // score sums from an exact pass over its own rows.
  const exps = clustered && !SCORE_SUMS.exact ? scoreScales(solved, rep) : undefined;
  const unbounded = exps ? [...exps].flatMap(([gid, ks]) => (ks ? [] : [gid])) : [];
  const mults = (gid: number): number[] => {
    const ks = exps?.get(gid);
    return rep.map((_, r) => (exps && !ks ? 0 : 2 ** (ks?.[r] ?? 0)));
  };
  const params: Record<string, number[]> = {};
  const joins: Piece[] = [];
  let cellJoin: Piece | undefined;
  // The multiplier 2^k of score j on a row, and the inverse of its group's in the cluster
  // passes' last step: literals (one group) or columns of the coefficient tables.
  let mult: (r: number) => string;
  let inv: (r: number) => string;
  let scales: Piece = '';
  // term(which, i): coefficient i of the intercept/x part; level(which, k): the FE k part.
  // which = -1 for β, j for row j of (X'WX)⁻¹, p + c for part c of a decomposition,
  // p + nc for the intercept's row (HC3).
  let term: (which: number, i: number) => string;
  let level: (which: number, k: number) => Piece;
  const one = coefs.scalar.size === 1 && !cells ? [...coefs.scalar.values()][0]! : undefined;
  const rowsOut = (coefs.interceptRow ? 2 + p : 1 + p) + nc;
  if (one) {
    // One group: intercept/x coefficients inlined as DOUBLE literals, FE coefficients
    // as constant DOUBLE[] parameters indexed by level code (no join).
    term = (which, i) => {
      const v = one[(which + 1) * P + i]!;
      if (!Number.isFinite(v)) throw new Error('non-finite coefficient');
      return `(${v.toExponential(16)})`;
    };
    for (let k = 0; k < m; k++)
      for (let which = -1; which < p + nc; which++) {
        const dense = new Array<number>(L[k]!).fill(0);
        for (const r of coefs.fe[k]!) dense[r[1]!] = r[3 + which]!;
        params[`c${which + 1}f${k}`] = dense;
      }
    level = (which, k) => listParam(`c${which + 1}f${k}`, `s.f${k}`);
    const m1 = mults([...coefs.scalar.keys()][0]!);
    mult = (r) => `(${m1[r]!.toExponential(16)})`;
    inv = (r) => `(${(m1[r] ? 1 / m1[r]! : 1).toExponential(16)})`;
  } else {
    // Many groups: the coefficients go into small tables joined by group (and level code);
    // per-group lists as parameters would be copied per row chunk.
    const coefCols = Array.from({ length: P * rowsOut }, (_, i) => ({ name: `c${i}`, type: 'DOUBLE' as const }));
    // The score multipliers 2^k (1 without a cluster pass or its scales) after the coefficients.
    const nm = exps ? rep.length : 0;
    const multCols = Array.from({ length: nm }, (_, r) => ({ name: `m${r}`, type: 'DOUBLE' as const }));
    // Effects constant within a cell (cells.constant): their coefficients for the cell's
    // level are columns of the cell's row (k<effect>_<j>, j = 0 … p + nc as in coef_f<k>),
    // not a table joined per row.
    const constant = new Map((cells?.constant ?? []).map((c) => [c.k, c.code]));
    const feW = 1 + p + nc;
    if (cells) {
      // The constant effects' rows of each group, by gid·L_k + code.
      const consts = [...constant];
      const feAt = consts.map(([k]) => new Map(coefs.fe[k]!.map((r) => [r[0]! * L[k]! + r[1]!, r])));
      // By cell: its group, its offsets and its group's coefficients (the group id comes
      // from this join, the sample's gid being the cell's).
      const rowsOf = function* (): Iterable<ArrayLike<number>> {
        cell: for (let r = 0; r < cells.n; r++) {
          const v = coefs.scalar.get(cells.gid[r]!);
          if (!v) continue;
          const row = new Float64Array(2 + P + v.length + feAt.length * feW + nm);
          row[0] = cells.cid[r]!;
          row[1] = cells.gid[r]!;
          for (let i = 0; i < P; i++) row[2 + i] = cells.d[r * P + i]!;
          row.set(v, 2 + P);
          let at = 2 + P + v.length;
          for (const [x, [k, code]] of consts.entries()) {
            // No row for the cell's level: its rows are not scored (as the join would drop them).
            const fe = feAt[x]!.get(cells.gid[r]! * L[k]! + code[r]!);
            if (!fe) continue cell;
            for (let j = 0; j < feW; j++) row[at + j] = fe[2 + j]!;
            at += feW;
          }
          if (nm) row.set(mults(cells.gid[r]!), at);
          yield row;
        }
      };
      const cs = await session.load(
        'coef',
        [
          { name: 'cid', type: 'INTEGER' },
          { name: 'gid', type: 'INTEGER' },
          ...Array.from({ length: P }, (_, i) => ({ name: `d${i}`, type: 'DOUBLE' as const })),
          ...coefCols,
          ...[...constant.keys()].flatMap((k) => Array.from({ length: feW }, (_, j) => ({ name: `k${k}_${j}`, type: 'DOUBLE' as const }))),
          ...multCols,
        ],
        rowsOf(),
      );
      cellJoin = q`JOIN ${cs} AS cs ON cs.cid = s.gid`;
      joins.push(cellJoin);
    } else {
      const cs = await session.load(
        'coef',
        [{ name: 'gid', type: 'INTEGER' }, ...coefCols, ...multCols],
        [...coefs.scalar].map(([gid, v]) => [gid, ...v, ...(nm ? mults(gid) : [])]),
      );
      joins.push(q`JOIN ${cs} AS cs ON cs.gid = s.gid`);
    }
    // Each level table is keyed by one integer, gid·L_k + code: with a composite key
    // (gid, code) DuckDB's optimizer joins the small tables with each other on gid first,
    // a huge intermediate (measured 30 s at 3M rows × 300 groups, against 1 s).
    const nG = Math.max(0, ...coefs.scalar.keys()) + 1;
    for (let k = 0; k < m; k++) {
      if (constant.has(k)) continue;
      if (nG * L[k]! >= 2 ** 31) throw new Error(`split too large for the level key: ${nG} groups × ${L[k]} levels`);
      const t = await session.load(
        `coef_f${k}`,
        [{ name: 'key', type: 'INTEGER' }, ...Array.from({ length: 1 + p + nc }, (_, j) => ({ name: `c${j}`, type: 'DOUBLE' as const }))],
        coefs.fe[k]!.map(([gid, code, ...rest]) => [gid! * L[k]! + code!, ...rest]),
      );
      joins.push(q`JOIN ${t} AS k${k} ON k${k}.key = ${gidv} * ${L[k]!} + s.f${k}`);
    }
    term = (which, i) => `cs.c${(which + 1) * P + i}`;
    level = (which, k) => (constant.has(k) ? `cs.k${k}_${which + 1}` : `k${k}.c${which + 1}`);
    mult = (r) => `cs.m${r}`;
    inv = (r) => `sc.i${r}`;
    if (exps) {
      // The inverse scales by group, joined to the cluster sums (not to the rows).
      const t = await session.load(
        'scale',
        [{ name: 'gid', type: 'INTEGER' }, ...rep.map((_, r) => ({ name: `i${r}`, type: 'DOUBLE' as const }))],
        [...coefs.scalar.keys()].map((gid) => [gid, ...mults(gid).map((x) => (x ? 1 / x : 1))]),
      );
      scales = q` JOIN ${t} AS sc ON sc.gid = s.gid`;
    }
  }
  const linear = (which: number): Frag =>
    join(
      [
        term(which, 0),
        ...plan.x.map((_, i) => `${term(which, i + 1)} * ${xv(i)}`),
        ...(which < p + nc ? plan.fe.map((_, k) => level(which, k)) : []),
      ],
      ' + ',
    );
  const kinds = new Set(plan.vcovs.map((v) => (v === 'hetero' ? 'HC1' : typeof v === 'string' ? v : vcovName(v))));
  const hc3 = kinds.has('HC3');
  // Leverage h_ii = w_i·x_i'(X'WX)⁻¹x_i (no fixed effects: HC3 is refused with them).
  const lev = hc3 ? q`${plan.weights ? 's.w * ' : ''}((${linear(p + nc)}) + ${join(plan.x.map((_, j) => q`(${linear(j)}) * ${xv(j)}`), ' + ')}) AS lev` : undefined;
  // The fitted rows, of every group, of one batch (the groups lo … hi) or of the groups
  // `only` (by cell with `cells`); `scaled`: with each score's multiplier (m<j>) for the
  // cluster passes' integer sums.
  const fittedOf = (range?: ScoreBatch, scaled = false, only?: readonly number[]): Frag =>
    T.fitted.fill({
      sample: sample(range),
      gid: gidv,
      y: yv,
      joins: join(joins, '\n'),
      clusters: cl.length ? list(cl.length, (k) => `s.c${k}`) : 'NULL AS nocl',
      w: plan.weights ? ', s.w' : '',
      xb: linear(-1),
      h: join([...rep.map((j) => q`${linear(j)} AS h${j}`), ...(lev ? [lev] : []), ...(scaled ? rep.map((j, r) => `${mult(r)} AS m${j}`) : [])], ',\n       '),
      where: only ? `WHERE s.gid IN (${only.join(', ')})` : range ? `WHERE ${gidv} BETWEEN ${range[0]} AND ${range[1]}` : '',
    });
  const fitted = fittedOf();
  const productSums: Sum[] = [];
  for (const j of rep) for (const k of rep) if (k >= j) productSums.push({ expr: `s${j} * s${k}`, alias: `v${j}_${k}` });
  const products = renderSums(productSums);

  const out = new Map<number, GroupPieces>();
  const at = (gid: number): GroupPieces => {
    let g = out.get(gid);
    if (!g) out.set(gid, (g = emptyPieces()));
    return g;
  };
  const run = (f: Frag): Promise<Row[]> => session.rows(f, params);
  session.mark('coef tables');
  if (kinds.has('iid')) for (const r of await run(T.iid.fill({ fitted, rss: exactSum(weighted(plan, 'e * e')) }))) at(r.gid as number).iid = r;
  if (kinds.has('HC1'))
    for (const r of await run(T.hetero.fill({ fitted, scores: rep.map((j) => `${weighted(plan, `e * h${j}`)} AS s${j}`).join(', '), products })))
      at(r.gid as number).hc1 = r;
  if (hc3)
    for (const r of await run(T.hetero.fill({ fitted, scores: rep.map((j) => `${weighted(plan, `e * h${j}`)} / (1 - lev) AS s${j}`).join(', '), products })))
      at(r.gid as number).hc3 = r;
  for (const v of plan.vcovs) {
    const cols = clusterColumns(v);
    const setName = vcovName(v);
    if (!cols.length || solved.length === 0 || [...out.values()].some((g) => g.clusters.has(setName))) continue;
    const c = cols.map((col) => `c${cl.indexOf(col)}`);
    // Each score's sums: scaled, one integer sum per score of the terms w·e·h_j·2^k cast to
    // BIGINT (`scoreScales`), made a double and multiplied by 2^−k in `scores`; or exact,
    // the two integer parts of `exactParts`.
    const term = (j: number): string => weighted(plan, `e * h${j}`);
    const scaledSum = (j: number): string => `sum(CAST(${term(j)} * m${j} AS BIGINT))`;
    const query = (fitted: Frag, scaled: boolean): Frag => {
      const scores = scaled ? join(rep.map((j, r) => q`${toDouble(`s.s${j}`)} * ${inv(r)} AS s${j}`)) : rep.map((j) => `s.s${j} AS s${j}`).join(', ');
      const scalesJoin: Piece = scaled ? scales : '';
      if (c.length === 2) {
        const parts = rep.map((j) => ({ j, parts: exactParts(term(j)) }));
        return T.cluster2.fill({
          fitted,
          a: c[0]!,
          b: c[1]!,
          parts: scaled ? rep.map((j) => `${scaledSum(j)} AS a${j}`).join(', ') : join(parts.flatMap(({ j, parts: [a, b] }) => [q`${a} AS a${j}`, q`${b} AS b${j}`])),
          coarseSums: scaled ? rep.map((j) => `sum(a${j}) AS s${j}`).join(', ') : join(rep.map((j) => q`${exactOfParts(`sum(a${j})`, `sum(b${j})`)} AS s${j}`)),
          cellSums: scaled ? rep.map((j) => `a${j} AS s${j}`).join(', ') : join(rep.map((j) => q`${exactOfParts(`a${j}`, `b${j}`)} AS s${j}`)),
          scores,
          scales: scalesJoin,
          products,
        });
      }
      return T.cluster.fill({
        fitted,
        cluster: c[0]!,
        scoreSums: scaled ? rep.map((j) => `${scaledSum(j)} AS s${j}`).join(', ') : renderSums(rep.map((j) => ({ expr: term(j), alias: `s${j}` }))),
        scores,
        scales: scalesJoin,
        products,
      });
    };
    // A two-way pass (a hash-table entry per intersection cell, up to one per row) in
    // batches, in gid order, each in (gid, term) order: the rows stay in (gid, term) order.
    // A one-way pass (an entry per cluster of each group) at once: batches measured no faster.
    // A scaled batch whose cast overflows (a bound too small) runs again with the exact sums.
    const batches = scoreBatches(solved, c.length === 2 ? batchRows : Infinity);
    const rows: Row[] = [];
    let exact = 0;
    for (const b of batches) {
      const range = batches.length > 1 ? b : undefined;
      let got: Row[] | undefined;
      if (exps)
        try {
          got = await run(query(fittedOf(range, true), true));
        } catch (e) {
          if (!(e instanceof EngineQueryError && /out of range/i.test(e.message))) throw e;
        }
      if (!got) {
        exact++;
        got = await run(query(range ? fittedOf(range) : fitted, false));
      }
      for (const r of got) rows.push(r);
    }
    // The groups without a bound: their rows (zero sums) replaced by an exact pass over theirs.
    if (exps && unbounded.length && exact < batches.length) {
      const set = new Set(unbounded);
      const only = cells ? [...cells.cid.subarray(0, cells.n)].filter((_, r) => set.has(cells.gid[r]!)) : unbounded;
      const own = only.length ? await run(query(fittedOf(undefined, false, only), false)) : [];
      const kept = rows.filter((r) => !set.has(r.gid as number));
      rows.length = 0;
      rows.push(...kept, ...own);
    }
    const notes = [
      ...(batches.length > 1 ? [`${batches.length} batches`] : []),
      ...(exps && exact ? [`${exact} exact`] : []),
      ...(exps && unbounded.length ? [`${unbounded.length} groups exact`] : []),
    ];
    session.mark(`cluster scores ${setName}${notes.length ? ` (${notes.join(', ')})` : ''}`);
    for (const r of rows) {
      const g = at(r.gid as number);
      const list = g.clusters.get(setName);
      if (list) list.push(r);
      else g.clusters.set(setName, [r]);
    }
  }
  if (plan.sscs.includes('nested') && cl.length && m > 0) {
    for (const s of solved) at(s.gid).nested = new Map(cl.map((c) => [c, []]));
    for (const [j, col] of cl.entries()) {
      const rows = await session.rows(
        T.nested.fill({
          // By cell: the rows with their group's id.
          sample: cellJoin ? q`(SELECT cs.gid, ${plan.fe.map((_, k) => `s.f${k}`).join(', ')}, s.c${j} FROM ${sample()} AS s ${cellJoin})` : sample(),
          cluster: `c${j}`,
          eff: `CASE ${plan.fe.map((_, k) => `WHEN GROUPING(f${k}) = 0 THEN ${k}`).join(' ')} END`,
          sets: plan.fe.map((_, k) => `(gid, f${k})`).join(', '),
        }),
      );
      for (const r of rows) at(r.gid as number).nested?.get(col)?.push(r.eff as number);
    }
  }
  return out;
}

/**
 * The sample of `variancePieces` by cell (fitFamilies): its `gid` column holds a cell id,
 * y and x centred on the cell's means. Row r: cell `cid[r]` of group `gid[r]`, with the
 * offsets d (cell mean − group mean of y, then of each x) at `d[r·P … r·P + P − 1]`;
 * a cell of no listed group (or of a group not solved) is not scored.
 */
export interface ScoreCells {
  readonly n: number;
  readonly cid: Int32Array;
  readonly gid: Int32Array;
  readonly d: Float64Array;
  /**
   * The effects constant within a cell (plan effect index k) with each row's level code
   * (`code[r]`): their coefficients come with the cell's row, not from a table joined per
   * sample row (the same values, added in the same order).
   */
  readonly constant?: readonly { readonly k: number; readonly code: Int32Array }[];
}

/**
 * How the cluster passes sum their scores, for tests: `exact` forces the two-part exact sums
 * (`exactParts`); `boundFactor` multiplies every score bound (a tiny factor makes the scaled
 * casts overflow, and the passes fall back to the exact sums).
 */
export const SCORE_SUMS = { exact: false, boundFactor: 1 };

/** The bits of the scaled score terms' grid: a term's bound is at most 2^SCORE_BITS after scaling. */
export const SCORE_BITS = 61;

/**
 * The cluster passes' scale exponents k, by group and reported score (`rep`'s order): the
 * largest k with the score's bound B·2^k ≤ 2^61 (`GroupSolve.scoreBound`; k = 0 for a bound
 * of 0, a dropped x), so every term w·e·h_j·2^k rounds to a BIGINT (below 2^63, with room
 * for the rounding of e and h) and the group's sum of those integers is exact: the score
 * sum is the exact sum of the terms rounded to multiples of B·2^−61 (at most B·2^−62 off
 * each). Undefined for a group without a bound: its sums come from the exact two-part sums.
 */
export function scoreScales(solved: readonly GroupSolve[], rep: readonly number[]): Map<number, number[] | undefined> {
  const out = new Map<number, number[] | undefined>();
  for (const s of solved) {
    let ks: number[] | undefined = [];
    for (const j of rep) {
      const b = (s.scoreBound[j] ?? NaN) * SCORE_SUMS.boundFactor;
      if (b === 0) {
        ks.push(0);
        continue;
      }
      let k = SCORE_BITS - Math.ceil(Math.log2(b));
      if (!(b > 0 && Number.isFinite(b) && Math.abs(k) < 900)) {
        ks = undefined;
        break;
      }
      while (b * 2 ** k > 2 ** SCORE_BITS) k--;
      while (b * 2 ** (k + 1) <= 2 ** SCORE_BITS) k++;
      ks.push(k);
    }
    out.set(s.gid, ks);
  }
  return out;
}

/** A batch of the cluster score pass: the group ids lo … hi. */
export type ScoreBatch = readonly [lo: number, hi: number];

/**
 * Ranges [lo, hi] of group ids, in order, that cover the solved groups in runs of about
 * `rows` sample rows each (a group larger than that is a run of its own).
 */
export function scoreBatches(solved: readonly { gid: number; n: number }[], rows: number): ScoreBatch[] {
  const out: [number, number][] = [];
  let size = 0;
  for (const s of [...solved].sort((a, b) => a.gid - b.gid)) {
    const last = out[out.length - 1];
    if (last && size + s.n <= rows) {
      last[1] = s.gid;
      size += s.n;
    } else {
      out.push([s.gid, s.gid]);
      size = s.n;
    }
  }
  return out;
}

/**
 * The score indices whose sum is score index `i` (an x j, or p + c for part c of a
 * decomposition). A decomposition's `explained` is the sum of its groups' parts and its
 * `total` that plus the decomposed x ((X'WX)⁻¹d is linear in d, and the groups' vectors
 * add up to `explained`'s entry by entry), so neither has score terms of its own.
 */
function derived(plan: Plan, i: number): number[] {
  const p = plan.x.length;
  const d = plan.decompose;
  if (!d) return [i];
  const groups = d.names.length - 2;
  const parts = Array.from({ length: groups }, (_, c) => p + c);
  if (i === p + groups) return parts;
  if (i === p + groups + 1) return [...parts, d.xi];
  return [i];
}

/** Turn a group's solve and variance pieces into a result with the plan's default variance. */
export function finish(plan: Plan, s: GroupSolve, g: GroupPieces, wScale = 1): FitResult {
  // Weights scaled by wScale (weightScale): (X'WX)⁻¹ is 1/wScale times its value in the
  // weights' own scale, the rss wScale times; powers of two, so undone exactly here.
  const raw = s.combos ? s.combos.bread : s.ainv;
  const bread = wScale === 1 ? raw : raw.map((v) => v * wScale);
  // Score indices: the reported x's, then the decomposition's parts (p + c).
  const idx = [...s.xs, ...(plan.decompose?.names.map((_, c) => plan.x.length + c) ?? [])];
  const k = idx.length;
  // Each score index as a sum of the indices that have score terms (`derived`).
  const sums = idx.map((i) => derived(plan, i));
  const meat = (r: Row): number[] => {
    const V = new Array<number>(k * k);
    for (let a = 0; a < k; a++)
      for (let b = a; b < k; b++) {
        let v = 0;
        for (const i0 of sums[a]!)
          for (const j0 of sums[b]!) {
            const [i, j] = i0 <= j0 ? [i0, j0] : [j0, i0];
            v += r[`v${i}_${j}`] as number;
          }
        V[a * k + b] = v;
        V[b * k + a] = v;
      }
    return V;
  };
  const clusters = new Map<string, ClusterMeat>();
  for (const [name, rows] of g.clusters) {
    const two = rows.some((r) => r.term !== 1);
    // One-way: term 1. Two-way: terms 1 (first column), 2 (second), 3 (intersection, subtracted).
    clusters.set(name, { terms: rows.map((r) => ({ sign: two && r.term === 3 ? -1 : 1, g: r.g as number, meat: meat(r) })) });
  }
  for (const v of plan.vcovs) if (clusterColumns(v).length && !clusters.has(vcovName(v))) clusters.set(vcovName(v), { terms: [] });
  const pieces: FitPieces = {
    nobs: s.n,
    rank: s.rank,
    dropped: s.dropped,
    terms: s.xs.map((i) => plan.x[i]!),
    estimates: s.combos ? [...s.beta, ...s.combos.estimates] : s.beta,
    bread,
    ...(plan.decompose ? { combos: plan.decompose.names, decomposed: plan.decompose.x } : {}),
    ...(plan.vcovs.includes('iid') ? { rss: ((g.iid?.rss as number | undefined) ?? 0) / wScale } : {}),
    ...(g.hc1 ? { hc1: meat(g.hc1) } : plan.vcovs.some((v) => v === 'hetero' || v === 'HC1') ? { hc1: new Array<number>(k * k).fill(0) } : {}),
    ...(g.hc3 ? { hc3: meat(g.hc3) } : plan.vcovs.includes('HC3') ? { hc3: new Array<number>(k * k).fill(0) } : {}),
    clusters,
    ...(g.nested ? { nested: { feKept: s.feKept, effects: g.nested } } : plan.sscs.includes('nested') ? { nested: { feKept: s.feKept, effects: new Map() } } : {}),
  };
  return new FitResult(pieces, plan.vcov, plan.ssc);
}
