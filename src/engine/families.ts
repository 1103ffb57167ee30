/**
 * Several families of split fits on one source from one grouped pass (`fitFamilies`): every
 * group of every family is a union of cells of one finest partition (the `cells` columns),
 * so the sufficient statistics of every group come from the cells' aggregates, added up in
 * TypeScript. One keys pass, one shared sample and one cross-product pass replace each
 * family's own; the residual and score passes stay per family (they need its coefficients)
 * and read the shared sample itself: the family's coefficient table is keyed by cell and
 * carries the cell's group, offsets and the coefficients of the effects constant in the
 * cell (no family sample). The next family is solved while the database scores this one.
 * See docs/estimator.md.
 */
import type { EngineConnection } from './connection.ts';
import { ClusterNullError, EmptySampleError, EngineError, SpecError } from './errors.ts';
import {
  T,
  checkEncodedCodes,
  emptyPieces,
  finish,
  formatKey,
  groupStarts,
  keyValue,
  orderBy,
  renderSums,
  sumOf,
  variancePieces,
  weighted,
  weightColumn,
  weightScale,
  weightSum,
  type GroupOut,
  type GroupPieces,
  type Plan,
  type Sum,
} from './fit.ts';
import { GroupResults, sourceNode, type Model } from './model.ts';
import { Session, type Row, type TypedKind } from './session.ts';
import { Coefficients, solveGroup, type GroupSolve, type IntColumn, type LevelRows, type PairRows, type SharedPairRows } from './solve.ts';
import { clusterColumns, type GroupKey, type Source } from './spec.ts';
import { exactOfParts, exactParts, exactSum, id, isFinite, join, lit, notDistinct, q, template, toDouble, type Frag, type Node, type Piece } from './sql.ts';
import type { EncodedLevels, FitOptions } from './strategy.ts';

const TF = {
  cells: template('cells'),
  familyGroups: template('family-groups'),
};

/** One family of `fitFamilies`: a model, its split columns and its fit options. */
export interface Family {
  readonly model: Model;
  /** The split columns: each one a cell column (every group is a union of cells). */
  readonly by: readonly string[];
  readonly options?: Pick<FitOptions, 'groups' | 'terms' | 'decompose' | 'scoreBatchRows' | 'encoded'>;
}

/** Options of `fitFamilies`. */
export interface FamiliesOptions {
  /**
   * The cell columns: the finest partition, holding every family's `by` columns. An effect
   * whose column (its encoded column, if encoded) is a cell column is constant within a cell:
   * its levels and pairs come from the cells' own sums, with no grouping set of their own.
   */
  readonly cells: readonly string[];
  /** Called after each step with the milliseconds since the call started. */
  readonly profile?: (stage: string, ms: number) => void;
}

/** Internal column lists (generated names, never user text). */
const list = (n: number, f: (i: number) => string, sep = ', '): string => Array.from({ length: n }, (_, i) => f(i)).join(sep);

/**
 * Fit several families of split regressions on one source in one pass of aggregates: the
 * results equal each family's own `model.fitBy(conn, source, by, options)` (to rounding: the
 * group sums are the cells' sums, moved to the group's means, see docs/estimator.md), in the
 * order of `families`. Every family needs the same y, x and weights; shared rows are not
 * supported.
 */
export async function fitFamilies(conn: EngineConnection, source: Source, families: readonly Family[], options: FamiliesOptions): Promise<GroupResults[]> {
  const cells = [...options.cells];
  if (cells.length === 0) throw new SpecError('fitFamilies needs at least one cell column');
  if (families.length === 0) return [];
  const fams = families.map((f, i) => {
    if (f.by.length === 0) throw new SpecError('fitFamilies: every family needs at least one `by` column');
    for (const b of f.by)
      if (!cells.includes(b)) throw new SpecError(`fitFamilies: the \`by\` column "${b}" of family ${i + 1} is not a cell column (every group must be a union of cells)`);
    if ((f.options as FitOptions | undefined)?.rows?.kind === 'shared') throw new SpecError('fitFamilies: shared rows are not supported: use fitBy');
    const { plan, encoded } = f.model.planOf(f.options ?? {});
    const groups = f.options?.groups;
    const only = groups?.kind === 'only' ? groups.keys : undefined;
    if (only?.some((k) => k.length !== f.by.length)) throw new EngineError(`onlyGroups: every key needs ${f.by.length} value(s), one per \`by\` column`);
    return { plan, encoded, by: f.by, only, batchRows: f.options?.scoreBatchRows ?? conn.dialect.scoreBatchRows ?? Infinity };
  });
  const p0 = fams[0]!.plan;
  for (const f of fams)
    if (f.plan.y !== p0.y || f.plan.weights !== p0.weights || f.plan.x.join('\u0000') !== p0.x.join('\u0000'))
      throw new SpecError('fitFamilies: every family needs the same y, x and weights (they share one sample)');

  // The union of the families' effects (by name, with the column read and its encoding) and
  // of their cluster columns (integers as they are when every family using one says so).
  const effects: { name: string; column: string; enc: EncodedLevels | undefined }[] = [];
  for (const f of fams)
    for (const e of f.plan.fe) {
      const enc = f.encoded.fe?.[e];
      const prev = effects.find((x) => x.name === e);
      if (!prev) effects.push({ name: e, column: enc?.column ?? e, enc });
      else if (prev.column !== (enc?.column ?? e) || JSON.stringify(prev.enc?.labels) !== JSON.stringify(enc?.labels))
        throw new SpecError(`fitFamilies: the effect "${e}" is read differently by two families (encoded in one only, or with other codes)`);
    }
  const clusters: { name: string; enc: boolean }[] = [];
  for (const f of fams)
    for (const c of new Set(f.plan.vcovs.flatMap((v) => clusterColumns(v)))) {
      const enc = f.encoded.clusters?.includes(c) === true;
      const prev = clusters.find((x) => x.name === c);
      if (!prev) clusters.push({ name: c, enc });
      else prev.enc &&= enc;
    }
  const session = new Session(conn, options.profile);
  try {
    return await run(session, sourceNode(source), cells, fams, effects, clusters);
  } finally {
    await session.dropAll();
  }
}

interface FamilyPlan {
  plan: Plan;
  by: readonly string[];
  only: readonly GroupKey[] | undefined;
  batchRows: number;
}

async function run(
  session: Session,
  source: Node,
  cells: string[],
  fams: FamilyPlan[],
  effects: { name: string; column: string; enc: EncodedLevels | undefined }[],
  clusters: { name: string; enc: boolean }[],
): Promise<GroupResults[]> {
  const plan0 = fams[0]!.plan;
  const p = plan0.x.length;
  const P = p + 1;
  const M = effects.length;
  const name = (s: string): Node => session.table(s);
  const keysT = name('keys');
  const cellsT = name('cells');
  const sampleT = name('sample');
  const rawFe = effects.flatMap((e, k) => (e.enc ? [] : [k]));
  const levelT = effects.map((e, k) => (e.enc ? undefined : name(`levels${k}`)));
  const clusterT = clusters.map((c, k) => (c.enc ? undefined : name(`clusters${k}`)));
  const bCols = cells.map((_, i) => `b${i}`);
  const fCols = effects.map((_, k) => `f${k}`);
  const allCols = [...bCols, ...fCols];
  const setId = (inSet: string[]): number => allCols.reduce((acc, c, i) => acc + (inSet.includes(c) ? 0 : 2 ** (allCols.length - 1 - i)), 0);
  // The plan of the shared pass: the families' y, x and weights, every effect.
  const plan: Plan = { ...plan0, fe: effects.map((e) => e.name), report: undefined };
  const vars = ['y', ...plan.x.map((_, i) => `x${i}`)];

  // The model's columns of every source row (rows.sql): the cell columns, y, x, weight, every
  // effect, every cluster column, and whether the row enters the sample.
  const wScale = await weightScale(session, source, plan);
  const cols: Piece[] = [
    ...cells.map((c, i) => q`src.${id(c)} AS b${i}`),
    q`${toDouble(q`src.${id(plan.y)}`)} AS y`,
    ...plan.x.map((c, i) => q`${toDouble(q`src.${id(c)}`)} AS x${i}`),
    weightColumn(plan, wScale),
    ...effects.map((e, k) => q`src.${id(e.column)} AS f${k}`),
    ...clusters.map((c, k) => q`src.${id(c.name)} AS c${k}`),
  ];
  const rows = T.rows.fill({
    columns: join(cols, ',\n    '),
    ok: join([...['y', ...plan.x.map((_, i) => `x${i}`), 'w'].map((v) => isFinite(v)), 'w > 0'], ' AND '),
    source,
  });

  // 1. The cells (keys.sql over the cell columns) with each family's NULL-cluster count and
  //    the exact sums behind the means; the levels of the effects not encoded.
  const famCl = fams.map((f) => [...new Set(f.plan.vcovs.flatMap((v) => clusterColumns(v)))].map((c) => clusters.findIndex((x) => x.name === c)));
  const encCheck = effects.flatMap((e, k) => (e.enc ? [k] : []));
  const checks = encCheck.flatMap((k) => [
    [`min(r.f${k})`, `lo${k}`],
    [`max(r.f${k})`, `hi${k}`],
    [`count(*) - count(r.f${k})`, `nul${k}`],
  ]);
  const keysWeightSum = plan.weights ? exactSum('CASE WHEN ok THEN w END') : toDouble('count(*) FILTER (WHERE ok)');
  const extra: [Piece, string][] = [
    [keysWeightSum, 'tw'],
    ...vars.map((v, i): [Piece, string] => [exactSum(`CASE WHEN ok THEN ${weighted(plan, v)} END`), `t${i}`]),
    ...famCl.map((cs, f): [Piece, string] => [`count(*) FILTER (WHERE ok AND (${cs.length ? cs.map((k) => `c${k} IS NULL`).join(' OR ') : 'false'}))`, `cn${f}`]),
  ];
  await session.run(
    T.keys.fill({
      keys: keysT,
      rows,
      setId: `GROUPING(${bCols.join(', ')}) * ${2 ** M} + ${2 ** M - 1}`,
      groupCols: [...bCols, ...fCols.map((f) => `NULL AS ${f}`)].join(', '),
      clusterNull: 'false',
      means: join([...extra.map(([e, a]) => q`${e} AS ${a}`), ...checks.map(([e, a]) => `${e} AS ${a}`)]),
      sets: `(${bCols.join(', ')})`,
      levels: rawFe.length
        ? T.keysLevels.fill({
            rows,
            setId: `CASE ${rawFe.map((k) => `WHEN GROUPING(f${k}) = 0 THEN ${setId([`f${k}`])}`).join(' ')} END`,
            levelCols: [...bCols.map((b) => `NULL AS ${b}`), ...fCols.map((f, k) => (effects[k]!.enc ? `NULL AS ${f}` : f))].join(', '),
            clusterNull: 'false',
            noMeans: [...extra.map(([, a]) => `NULL AS ${a}`), ...checks.map(([, a]) => `NULL AS ${a}`)].join(', '),
            sets: rawFe.map((k) => `(f${k})`).join(', '),
          })
        : '',
    }),
  );
  session.mark('keys');
  await checkEncodedCodes(session, keysT, encCheck, (k) => ({ name: effects[k]!.name, column: effects[k]!.column, n: effects[k]!.enc!.labels.length }));
  await session.run(TF.cells.fill({ cells: cellsT, keys: keysT, by: bCols.join(', '), setId: setId(bCols), means: vars.map((_, i) => `t.t${i} / t.tw AS m${i}`).join(', ') }));
  for (const k of rawFe) await session.run(T.levels.fill({ levels: levelT[k]!, keys: keysT, col: `f${k}`, setId: setId([`f${k}`]) }));
  for (let k = 0; k < clusters.length; k++) if (!clusters[k]!.enc) await session.run(T.clusterCodes.fill({ codes: clusterT[k]!, rows, col: `c${k}` }));
  session.mark('cells+levels');

  // 2. The shared sample: cell id, y and x centred on the cell's means, weight, level codes,
  //    cluster codes (every row of the sample, whatever its clusters: a family whose group
  //    has a NULL cluster gets ClusterNullError and is not scored).
  const match = (a: string, b: string, cs: string[]): Piece => (cs.length ? join(cs.map((c) => notDistinct(`${a}.${c}`, `${b}.${c}`)), ' AND ') : 'true');
  await session.run(
    T.sample.fill({
      sample: sampleT,
      rows,
      groups: cellsT,
      xs: list(p, (i) => `r.x${i} - g.m${i + 1} AS x${i}`),
      w: plan.weights ? ', r.w' : '',
      codes: M ? list(M, (k) => (effects[k]!.enc ? `r.f${k} AS f${k}` : `l${k}.code AS f${k}`)) : 'NULL AS nofe',
      clusters: clusters.length ? list(clusters.length, (k) => (clusters[k]!.enc ? `r.c${k} AS c${k}` : `cl${k}.code AS c${k}`)) : 'NULL AS nocl',
      byMatch: match('r', 'g', bCols),
      levelJoins: join(
        [
          ...rawFe.map((k) => q`JOIN ${levelT[k]!} AS l${k} ON ${notDistinct(`r.f${k}`, `l${k}.v`)}`),
          ...clusters.flatMap((c, k) => (c.enc ? [] : [q`LEFT JOIN ${clusterT[k]!} AS cl${k} ON cl${k}.v = r.c${k}`])),
        ],
        '\n',
      ),
    }),
  );
  session.mark('sample');

  const cellRows = await session.rows(q`SELECT * FROM ${cellsT} ORDER BY gid`);
  const nC = cellRows.length;
  const labels: { code: number; label: string }[][] = [];
  const codeOf: (Map<string, number> | undefined)[] = [];
  for (let k = 0; k < M; k++) {
    const e = effects[k]!;
    if (e.enc) {
      labels.push(e.enc.labels.map((label, code) => ({ code, label })));
      codeOf.push(undefined);
    } else {
      const lv = await session.rows(q`SELECT v, code, label FROM ${levelT[k]!} ORDER BY code`);
      labels.push(lv.map((r) => ({ code: Number(r.code), label: String(r.label) })));
      codeOf.push(new Map(lv.map((r) => [JSON.stringify(keyValue(r.v)), Number(r.code)])));
    }
  }
  const L = labels.map((l) => Math.max(l.length, 1));
  const Lmax = Math.max(1, ...L);
  // Effects constant within a cell: their column is a cell column; the cell's level code.
  const constant = effects.map((e) => cells.indexOf(e.column));
  const constCode: (Int32Array | undefined)[] = effects.map((_, k) => {
    const bi = constant[k]!;
    if (bi < 0) return undefined;
    const codes = new Int32Array(nC).fill(-1);
    for (const r of cellRows) {
      const v = r[`b${bi}`];
      const code = codeOf[k] ? codeOf[k]!.get(JSON.stringify(keyValue(v))) : v == null ? undefined : Number(v);
      if (code !== undefined) codes[r.gid as number] = code;
    }
    return codes;
  });
  const nc = effects.flatMap((_, k) => (constant[k]! < 0 ? [k] : []));

  // 3. The cells' cross-products: the intercept/x block, each level's sums (effects not
  //    constant in a cell), each pair of levels of two such effects. With such an effect,
  //    a cell's weight and first-order sums are added up from its levels' integer parts
  //    (the levels of one effect partition the cell: the same integers, so the same
  //    doubles), not summed again from the rows; the rows give the second-order sums only.
  const fromLevels = nc.length > 0;
  const cpCols = fromLevels ? [] : ['sw', ...vars.map((_, i) => `s${i}`)];
  const cpSums: Sum[] = fromLevels ? [] : [weightSum(plan), ...vars.map((v, i) => ({ expr: weighted(plan, v), alias: `s${i}` }))];
  for (let i = 0; i < P; i++)
    for (let j = i; j < P; j++) {
      cpSums.push({ expr: weighted(plan, `${vars[i]} * ${vars[j]}`), alias: `s${i}_${j}` });
      cpCols.push(`s${i}_${j}`);
    }
  const cpRead = await session.typed(q`SELECT gid, ${cpCols.join(', ')} FROM (${T.crossprod.fill({ sample: sampleT, sums: renderSums(cpSums) })}) AS c`, [
    'i',
    ...cpCols.map(() => 'd' as const),
  ]);
  session.mark('cell crossproducts');
  // Per cell: W (weight), R_i (first-order sums, ~0: centred), C_ij (second-order sums).
  const cW = new Float64Array(nC);
  const cR = new Float64Array(nC * P);
  const cC = new Float64Array(nC * P * P);
  const hasCp = new Uint8Array(nC);
  {
    const [gid, ...vals] = cpRead.cols;
    for (let r = 0; r < cpRead.n; r++) {
      const c = gid![r]!;
      hasCp[c] = 1;
      let v = 0;
      if (!fromLevels) {
        cW[c] = vals[v++]![r]!;
        for (let i = 0; i < P; i++) cR[c * P + i] = vals[v++]![r]!;
      }
      for (let i = 0; i < P; i++)
        for (let j = i; j < P; j++) {
          const x = vals[v++]![r]!;
          cC[(c * P + i) * P + j] = x;
          cC[(c * P + j) * P + i] = x;
        }
    }
  }
  const firstPresent = (ks: number[]): string => `CASE ${ks.map((k) => `WHEN GROUPING(f${k}) = 0 THEN ${k}`).join(' ')} END`;
  const none = new Int32Array(0);
  let lvRead: { n: number; gid: Int32Array; eff: Int32Array; code: Int32Array; sw: Float64Array; s: Float64Array[]; order: Int32Array } = {
    n: 0, gid: none, eff: none, code: none, sw: new Float64Array(0), s: [], order: none,
  };
  let prRead: PairRows = { n: 0, gid: none, e1: none, e2: none, c1: none, c2: none, sw: new Float64Array(0), order: none };
  if (nc.length) {
    // The levels' integer parts (exactParts), kept in a small table for the levels and the
    // cells' first-order sums.
    const partsT = name('parts');
    const parts = (e: string, a: string): Frag => {
      const [pa, pb] = exactParts(e);
      return q`${pa} AS ${a}_a, ${pb} AS ${a}_b`;
    };
    const agg = T.feAgg.fill({
      grp: 'gid',
      sample: sampleT,
      eff: firstPresent(nc),
      fes: nc.map((k) => `f${k}`).join(', '),
      sums: join([plan.weights ? parts('w', 'sw') : 'count(*) AS sw_n', ...vars.map((v, i) => parts(weighted(plan, v), `s${i}`))]),
      sets: nc.map((k) => `(gid, f${k})`).join(', '),
    });
    await session.run(q`CREATE TEMP TABLE ${partsT} AS ${agg}`);
    const sumsOf = (f: (c: string) => string): Frag =>
      join([
        q`${plan.weights ? exactOfParts(f('sw_a'), f('sw_b')) : toDouble(f('sw_n'))} AS sw`,
        ...vars.map((_, i) => q`${exactOfParts(f(`s${i}_a`), f(`s${i}_b`))} AS s${i}`),
      ]);
    const first = await session.typed(q`SELECT gid, ${sumsOf((c) => `sum(${c})`)} FROM ${partsT} WHERE eff = ${nc[0]!} GROUP BY gid`, ['i', 'd', ...vars.map(() => 'd' as const)]);
    {
      const [gid, sw, ...s1] = first.cols;
      for (let r = 0; r < first.n; r++) {
        const c = gid![r]!;
        cW[c] = sw![r]!;
        for (let i = 0; i < P; i++) cR[c * P + i] = s1[i]![r]!;
      }
    }
    const { n, cols: lc } = await session.typed(q`SELECT gid, eff, code, ${sumsOf((c) => c)} FROM ${partsT} ORDER BY gid, eff, code`, [
      'i',
      'i',
      'i',
      'd',
      ...vars.map(() => 'd' as const),
    ]);
    const [gid, eff, code, sw, ...s] = lc as [Int32Array, Int32Array, Int32Array, Float64Array, ...Float64Array[]];
    lvRead = { n, gid, eff, code, sw, s, order: orderBy(gid, n, nC) };
    session.mark('fe levels');
    const pairSets: string[] = [];
    for (let a = 0; a < nc.length; a++) for (let b = a + 1; b < nc.length; b++) pairSets.push(`(gid, f${nc[a]}, f${nc[b]})`);
    if (pairSets.length) {
      const pairAgg = T.pairAgg.fill({
        sw: sumOf(weightSum(plan)),
        grp: 'gid',
        sample: sampleT,
        eff1: firstPresent(nc),
        eff2: firstPresent([...nc].reverse()),
        fes: nc.map((k) => `f${k}`).join(', '),
        fesRev: [...nc].reverse().map((k) => `f${k}`).join(', '),
        sets: pairSets.join(', '),
      });
      // Millions of rows at scale: the cell ids, effects and level codes in the narrowest
      // arrays that hold them.
      const narrow = (max: number): TypedKind => (max <= 0xff ? 'u8' : max <= 0xffff ? 'u16' : 'i');
      const { n: pn, cols } = await session.typed(q`SELECT gid, e1, e2, c1, c2, sw FROM (${pairAgg}) AS p`, [
        narrow(nC - 1),
        narrow(M - 1),
        narrow(M - 1),
        narrow(Lmax - 1),
        narrow(Lmax - 1),
        'd',
      ]);
      const [pg, e1, e2, c1, c2, psw] = cols as [IntColumn, IntColumn, IntColumn, IntColumn, IntColumn, Float64Array];
      prRead = { n: pn, gid: pg, e1, e2, c1, c2, sw: psw, order: orderBy(pg, pn, nC) };
    }
  }
  const lvAt = groupStarts(lvRead.gid, lvRead.n, nC);
  const prAt = groupStarts(prRead.gid, prRead.n, nC);
  session.mark(`crossproducts (${nC} cells, ${lvRead.n} level rows, ${prRead.n} pair rows)`);

  // 4.–5. Per family: its groups from the cells, solve, and its own score passes. The
  // family's arrays (cells' pairs in group order, level rows, pairs with the constant
  // effects) are reused by the next family, grown when it needs more. The next family is
  // solved (TypeScript, one thread) while the database scores this one: the solve yields
  // to the event loop every few milliseconds, so the score pass's next query is issued on
  // time, and makes no query (every family's groups are read first).
  const cellOrder = new Int32Array(prRead.n);
  let lvBuf = { gid: none, eff: none, code: none, q: none, sw: new Float64Array(0), s: vars.map(() => new Float64Array(0)) };
  let prBuf = { oid: none, e1: none, e2: none, c1: none, c2: none, sw: new Float64Array(0) };
  const maps: { cid: number; fgid: number }[][] = [];
  for (const [fi, fam] of fams.entries()) {
    const fb = fam.by.map((c) => `b${cells.indexOf(c)}`);
    // The groups strategy `only`: the keys to fit, in a table the numbering filters on.
    let keep: Piece = 'true';
    if (fam.only) {
      if (fam.only.length === 0) keep = 'false';
      else {
        const keepT = name(`keep${fi}`);
        const values = join(fam.only.map((k) => q`(${join(k.map((v) => lit(v)))})`), ',\n  ');
        await session.run(q`CREATE TEMP TABLE ${keepT} AS SELECT * FROM (VALUES ${values}) AS v(${fb.map((_, i) => `k${i}`).join(', ')})`);
        keep = q`EXISTS (SELECT 1 FROM ${keepT} AS k WHERE ${fb.map((b, i) => `k.k${i} IS NOT DISTINCT FROM t.${b}`).join(' AND ')})`;
      }
    }
    maps.push(await session.rows<{ cid: number; fgid: number }>(TF.familyGroups.fill({ by: fb.join(', '), cells: cellsT, keep })));
  }
  let slice = performance.now();
  const yieldNow = async (): Promise<void> => {
    if (performance.now() - slice < 5) return;
    await new Promise<void>((r) => setImmediate(r));
    slice = performance.now();
  };

  const solveFamily = async (fi: number) => {
    const fam = fams[fi]!;
    const fp = fam.plan;
    const m = fp.fe.length;
    const u = fp.fe.map((e) => effects.findIndex((x) => x.name === e)); // family effect → shared effect
    const fu = new Int32Array(M).fill(-1); // shared effect → family effect
    u.forEach((k, j) => (fu[k] = j));
    const fb = fam.by.map((c) => `b${cells.indexOf(c)}`);
    const map = maps[fi]!;
    const nG = map.reduce((a, r) => Math.max(a, r.fgid + 1), 0);
    const groupCells: number[][] = Array.from({ length: nG }, () => []);
    for (const r of map) groupCells[r.fgid]!.push(r.cid);
    const keyOf = (g: number): GroupKey => fb.map((b) => keyValue(cellRows[groupCells[g]![0]!]![b]));

    // The groups' sums from their cells (see docs/estimator.md): means, the intercept/x block
    // moved from the cells' means to the group's, the levels and the pairs.
    const means: Float64Array[] = [];
    const cps: Row[] = [];
    // The pairs of levels, cell by cell (solveGroup adds them up): the cells' own pair rows
    // as read (`order`: the group's cells in id order), and the pairs with the effects
    // constant in a cell, at most each level row of a cell with each such effect and each
    // pair of those.
    const consts = u.flatMap((k, j) => (constCode[k] ? [j] : []));
    // The sizes, from the cells of the family's groups: its pairs exactly, its level rows at
    // most (a group's cells share levels).
    let cap = 0;
    let lvCap = 0;
    for (const cs of groupCells)
      for (const c of cs) {
        if (!hasCp[c]) continue;
        let own = 0;
        for (let x = lvAt[c]!; x < lvAt[c + 1]!; x++) if (fu[lvRead.eff[lvRead.order[x]!]!]! >= 0) own++;
        cap += (consts.length * (consts.length - 1)) / 2 + own * consts.length;
        lvCap += consts.length + own;
      }
    if (lvBuf.gid.length < lvCap)
      lvBuf = { gid: new Int32Array(lvCap), eff: new Int32Array(lvCap), code: new Int32Array(lvCap), q: new Int32Array(lvCap), sw: new Float64Array(lvCap), s: vars.map(() => new Float64Array(lvCap)) };
    if (prBuf.oid.length < cap) prBuf = { oid: new Int32Array(cap), e1: new Int32Array(cap), e2: new Int32Array(cap), c1: new Int32Array(cap), c2: new Int32Array(cap), sw: new Float64Array(cap) };
    const lvG = { n: 0, ...lvBuf };
    // A group's level sums, by slot (see `level`).
    const slot = new Int32Array(m * Lmax).fill(-1);
    const entSw = new Float64Array(m * Lmax);
    const entS = new Float64Array(m * Lmax * P);
    const pr = prBuf;
    let npr = 0;
    let nco = 0;
    const coStart = new Int32Array(nG + 1);
    const lvStart = new Int32Array(nG + 1);
    const prStart = new Int32Array(nG + 1);
    const nobs: number[] = [];
    const clusterNulls: number[] = [];
    const offsets = new Float64Array(nC * P); // cell c: d_i = cell mean − group mean at c·P + i
    for (let g = 0; g < nG; g++) {
      await yieldNow();
      lvStart[g] = lvG.n;
      prStart[g] = npr;
      coStart[g] = nco;
      const cs = groupCells[g]!;
      let n = 0;
      let cn = 0;
      let tw = 0;
      const t = new Float64Array(P);
      for (const c of cs) {
        const r = cellRows[c]!;
        n += Number(r.n ?? 0);
        cn += Number(r[`cn${fi}`] ?? 0);
        if (!hasCp[c]) continue;
        tw += Number(r.tw ?? 0);
        for (let i = 0; i < P; i++) t[i]! += Number(r[`t${i}`] ?? 0);
      }
      nobs.push(n);
      clusterNulls.push(cn);
      const mg = t.map((v) => v / tw);
      means.push(mg);
      const cp: Row = { gid: g };
      let sw = 0;
      const s1 = new Float64Array(P);
      const s2 = new Float64Array(P * P);
      // The group's levels: slot of (effect, code) in ent*, −1 until seen (reset below).
      let ne = 0;
      const level = (k: number, code: number): number => {
        const key = k * Lmax + code;
        let e = slot[key]!;
        if (e < 0) {
          slot[key] = e = ne++;
          entSw[e] = 0;
          entS.fill(0, e * P, e * P + P);
        }
        return e;
      };
      const pushPair = (k1: number, code1: number, k2: number, code2: number, v: number): void => {
        const swap = k1 > k2;
        pr.oid[npr] = g;
        pr.e1[npr] = swap ? k2 : k1;
        pr.e2[npr] = swap ? k1 : k2;
        pr.c1[npr] = swap ? code2 : code1;
        pr.c2[npr] = swap ? code1 : code2;
        pr.sw[npr++] = v;
      };
      for (const c of cs) {
        if (!hasCp[c]) continue;
        const d = offsets.subarray(c * P, c * P + P);
        const cm = cellRows[c]!;
        for (let i = 0; i < P; i++) d[i] = Number(cm[`m${i}`]) - mg[i]!;
        const W = cW[c]!;
        sw += W;
        for (let i = 0; i < P; i++) {
          const Ri = cR[c * P + i]!;
          s1[i]! += Ri + W * d[i]!;
          for (let j = i; j < P; j++) s2[i * P + j]! += cC[(c * P + i) * P + j]! + d[i]! * cR[c * P + j]! + d[j]! * Ri + W * d[i]! * d[j]!;
        }
        // Effects constant in the cell: the cell is one of their levels.
        for (const j of consts) {
          const e = level(j, constCode[u[j]!]![c]!);
          entSw[e]! += W;
          for (let i = 0; i < P; i++) entS[e * P + i]! += cR[c * P + i]! + W * d[i]!;
        }
        for (let a = 0; a < consts.length; a++)
          for (let b = a + 1; b < consts.length; b++) pushPair(consts[a]!, constCode[u[consts[a]!]!]![c]!, consts[b]!, constCode[u[consts[b]!]!]![c]!, W);
        // The other effects' levels in the cell, and their pairs with the constant ones.
        for (let x = lvAt[c]!; x < lvAt[c + 1]!; x++) {
          const r = lvRead.order[x]!;
          const j = fu[lvRead.eff[r]!]!;
          if (j < 0) continue;
          const code = lvRead.code[r]!;
          const w = lvRead.sw[r]!;
          const e = level(j, code);
          entSw[e]! += w;
          for (let i = 0; i < P; i++) entS[e * P + i]! += lvRead.s[i]![r]! + w * d[i]!;
          for (const jc of consts) pushPair(jc, constCode[u[jc]!]![c]!, j, code, w);
        }
        for (let x = prAt[c]!; x < prAt[c + 1]!; x++) cellOrder[nco++] = prRead.order[x]!;
      }
      cp.sw = sw;
      for (let i = 0; i < P; i++) {
        cp[`s${i}`] = s1[i]!;
        for (let j = i; j < P; j++) cp[`s${i}_${j}`] = s2[i * P + j]!;
      }
      cps.push(cp);
      // Design columns: effects in order, levels in code order, the first of each the base.
      let off = 0;
      for (let k = 0; k < m; k++) {
        let first = true;
        for (let code = 0; code < Lmax; code++) {
          const e = slot[k * Lmax + code]!;
          if (e < 0) continue;
          slot[k * Lmax + code] = -1;
          const r = lvG.n++;
          lvG.gid[r] = g;
          lvG.eff[r] = k;
          lvG.code[r] = code;
          lvG.q[r] = first ? -1 : P + off++;
          first = false;
          lvG.sw[r] = entSw[e]!;
          for (let i = 0; i < P; i++) lvG.s[i]![r] = entS[e * P + i]!;
        }
      }
    }
    lvStart[nG] = lvG.n;
    prStart[nG] = npr;
    coStart[nG] = nco;
    const lvRows: LevelRows = {
      n: lvG.n,
      gid: lvG.gid.subarray(0, lvG.n),
      eff: lvG.eff.subarray(0, lvG.n),
      code: lvG.code.subarray(0, lvG.n),
      q: lvG.q.subarray(0, lvG.n),
      sw: lvG.sw.subarray(0, lvG.n),
      s: lvG.s.map((a) => a.subarray(0, lvG.n)),
    };
    const cellPairs: PairRows = { ...prRead, order: cellOrder };
    const constPairs: SharedPairRows = {
      n: npr,
      oid: pr.oid.subarray(0, npr),
      e1: pr.e1.subarray(0, npr),
      e2: pr.e2.subarray(0, npr),
      c1: pr.c1.subarray(0, npr),
      c2: pr.c2.subarray(0, npr),
      sw: pr.sw.subarray(0, npr),
    };
    const Lf = u.map((k) => L[k]!);
    const Lfmax = Math.max(1, ...Lf);
    const flabels = u.map((k) => labels[k]!);
    const famClusters = famCl[fi]!.map((k) => clusters[k]!.name);
    const coefs = new Coefficients(m, fp.vcovs.includes('HC3'), fp.decompose?.names.length ?? 0);
    const solveOne = (g: number): GroupSolve | EngineError => {
      const where = ` in group ${formatKey(keyOf(g))}`;
      if (nobs[g] === 0)
        return new EmptySampleError(`the regression sample${where} is empty: every row has a NULL or non-finite ${fp.y}, x or weight (or a weight ≤ 0)`);
      if (clusterNulls[g]! > 0)
        return new ClusterNullError(
          `${clusterNulls[g]} observation(s)${where} have a NULL cluster (${famClusters.join(', ')}): give them a cluster value or drop them from the sample`,
        );
      try {
        return solveGroup(
          {
            x: fp.x,
            fe: fp.fe,
            report: fp.report,
            where,
            gid: g,
            n: nobs[g]!,
            cp: cps[g]!,
            lv: lvRows,
            lvRange: [lvStart[g]!, lvStart[g + 1]!],
            pairs: cellPairs,
            pairRange: [coStart[g]!, coStart[g + 1]!],
            pairEffects: fu,
            shared: { rows: constPairs, range: [prStart[g]!, prStart[g + 1]!] },
            labels: flabels,
            mean: means[g]!,
            ...(fp.decompose ? { decompose: fp.decompose } : {}),
            L: Lfmax,
          },
          coefs,
        );
      } catch (e) {
        if (e instanceof EngineError) return e;
        throw e;
      }
    };
    const solved: (GroupSolve | EngineError)[] = [];
    for (let g = 0; g < nG; g++) {
      await yieldNow();
      solved.push(solveOne(g));
    }
    return { fi, fam, fp, m, u, consts, groupCells, keyOf, offsets, Lf, famClusters, coefs, solved };
  };

  const scoreFamily = async (f: Awaited<ReturnType<typeof solveFamily>>): Promise<GroupResults> => {
    const { fi, fam, fp, m, u, consts, groupCells, keyOf, offsets, Lf, famClusters, coefs, solved } = f;
    const live = solved.filter((s): s is GroupSolve => !(s instanceof Error));
    let pieces = new Map<number, GroupPieces>();
    if (live.length) {
      // The live groups' cells: cell id, group id and the offsets d_i. The score passes read
      // the shared sample itself (its gid is the cell's): the group and the offsets come
      // with the coefficients, joined by cell (variancePieces' `cells`), so no family
      // sample is made.
      let n = 0;
      for (const s of live) n += groupCells[s.gid]!.length;
      // The family's effects constant within a cell come with the cell's row (their level code).
      const constant = consts.map((j) => ({ k: j, code: new Int32Array(n) }));
      const sc = { n: 0, cid: new Int32Array(n), gid: new Int32Array(n), d: new Float64Array(n * P), constant };
      for (const s of live)
        for (const c of groupCells[s.gid]!) {
          if (!hasCp[c]) continue;
          sc.cid[sc.n] = c;
          sc.gid[sc.n] = s.gid;
          sc.d.set(offsets.subarray(c * P, c * P + P), sc.n * P);
          for (const x of constant) x.code[sc.n] = constCode[u[x.k]!]![c]!;
          sc.n++;
        }
      // The family's view of the shared sample: its effects and clusters as f0…, c0….
      const famSample = q`(SELECT ${join(
        [
          'gid',
          'y',
          ...plan.x.map((_, i) => `x${i}`),
          ...(plan.weights ? ['w'] : []),
          ...(m ? u.map((k, j) => `f${k} AS f${j}`) : ['NULL AS nofe']),
          ...(famCl[fi]!.length ? famCl[fi]!.map((k, j) => `c${k} AS c${j}`) : ['NULL AS nocl']),
        ],
        ', ',
      )} FROM ${sampleT})`;
      // Its own session for the family's coefficient tables (variancePieces names them),
      // dropped once scored.
      const own = new Session(session.conn);
      try {
        pieces = await variancePieces(own, fp, () => famSample, coefs, Lf, famClusters, live, fam.batchRows, sc);
      } finally {
        await own.dropAll();
      }
    }
    const results: GroupOut[] = solved.map((s, g) => {
      const key = keyOf(g);
      if (s instanceof Error) return { key, out: s };
      try {
        return { key, out: finish(fp, s, pieces.get(g) ?? emptyPieces(), wScale) };
      } catch (e) {
        if (e instanceof EngineError) return { key, out: e };
        throw e;
      }
    });
    return new GroupResults(results);
  };

  const out: GroupResults[] = [];
  let next: Promise<Awaited<ReturnType<typeof solveFamily>>> | undefined = solveFamily(0);
  for (let fi = 0; fi < fams.length; fi++) {
    const solvedFam = await next!;
    if (fi === 0) session.mark('solve 1');
    const scoring = scoreFamily(solvedFam);
    next = fi + 1 < fams.length ? solveFamily(fi + 1) : undefined;
    // Awaited in the next round; a failure while this family is scored is not unhandled.
    next?.catch(() => undefined);
    out.push(await scoring);
    session.mark(fi + 1 < fams.length ? `scores ${fi + 1} (solve ${fi + 2} alongside)` : `scores ${fi + 1}`);
  }
  return out;
}

