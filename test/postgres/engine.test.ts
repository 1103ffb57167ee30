/**
 * The regression engine on PostgreSQL (src/engine/dialect/postgres.ts and the `PgDb`
 * connection of src/db/engine.ts) gives the fits it gives on DuckDB: the same data, built
 * in DuckDB and mirrored into a PostgreSQL session as a role with only TEMP rights, fitted
 * with every kind of variance, weights, fixed effects, singular designs and every `fitBy`
 * strategy; coefficients, standard errors and decompositions equal to 1e-9 relative,
 * nobs, df, clusters and dropped terms exactly, failed groups with the same error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDb } from '../../src/db/index.ts';
import { engineConnection, positionalParams } from '../../src/db/engine.ts';
import {
  decompose,
  feols,
  fitFamilies,
  onlyGroups,
  reportTerms,
  sharedRows,
  type FitOptions,
  type DecompositionRow,
  type FitResult,
  type ModelSpec,
  type Ssc,
  type VcovType,
  EngineError,
} from '../../src/engine/index.ts';
import { freshPgDb, mirrorTables, pgSkip } from '../helpers/pg-db.ts';

const FIXTURES = new URL('../fixtures/r/', import.meta.url);

function close(a: number, b: number, what: string, tol = 1e-9): void {
  if (Number.isNaN(a) && Number.isNaN(b)) return;
  assert.ok(Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), 1e-300), `${what}: ${a} (DuckDB) vs ${b} (PostgreSQL)`);
}

/** Every field a fit publishes, for every kept variance type and rule, equal on both engines. */
function sameFit(a: FitResult | EngineError | undefined, b: FitResult | EngineError | undefined, types: readonly VcovType[], what: string): void {
  assert.ok(a !== undefined && b !== undefined, `${what}: a result on both engines`);
  if (a instanceof Error || b instanceof Error) {
    assert.equal(b.constructor, a.constructor, `${what}: ${String(a)} vs ${String(b)}`);
    assert.equal((b as Error).message, (a as Error).message, what);
    return;
  }
  assert.equal(b.nobs, a.nobs, `${what}: nobs`);
  assert.equal(b.dfResid, a.dfResid, `${what}: dfResid`);
  assert.deepEqual(b.dropped, a.dropped, `${what}: dropped`);
  assert.deepEqual(b.terms, a.terms, `${what}: terms`);
  for (const type of types)
    for (const ssc of ['stata', 'nested'] as Ssc[]) {
      const va: FitResult = (a as FitResult).vcov(type, ssc);
      const vb: FitResult = (b as FitResult).vcov(type, ssc);
      const w = `${what} ${JSON.stringify(type)} ${ssc}`;
      assert.equal(vb.df, va.df, `${w}: df`);
      assert.equal(vb.nClusters, va.nClusters, `${w}: clusters`);
      assert.deepEqual(Object.keys(vb.coef()), Object.keys(va.coef()), w);
      for (const t of va.terms) {
        close(va.coef()[t]!, vb.coef()[t]!, `${w} coef ${t}`);
        close(va.se()[t]!, vb.se()[t]!, `${w} se ${t}`);
      }
      const da: DecompositionRow[] = va.variance.parts ? va.decomposition() : [];
      const db: DecompositionRow[] = vb.variance.parts ? vb.decomposition() : [];
      assert.equal(db.length, da.length, `${w}: decomposition`);
      decomposed += da.length;
      for (const [i, r] of da.entries()) {
        assert.equal(db[i]!.component, r.component);
        close(r.estimate, db[i]!.estimate, `${w} ${r.component} estimate`);
        close(r.se, db[i]!.se, `${w} ${r.component} se`);
      }
    }
}

/** Decomposition rows compared (the test checks some were). */
let decomposed = 0;

interface Case {
  name: string;
  table: string;
  spec: ModelSpec;
  types: VcovType[];
  by?: string[];
  opts?: FitOptions;
}

const TWOWAY: VcovType[] = ['iid', 'hetero', { cluster: 'firm' }, { cluster: ['firm', 'region'] }];

const CASES: Case[] = [
  { name: 'iid, HC1, HC3 and clusters without fixed effects', table: 'twoway', spec: { y: 'y', x: ['x1', 'x2'] }, types: [...TWOWAY, 'HC3'] },
  { name: 'fixed effects, one- and two-way clusters', table: 'twoway', spec: { y: 'y', x: ['x1', 'x2'], fe: ['a', 'region'] }, types: TWOWAY },
  { name: 'weights', table: 'weights', spec: { y: 'y', x: ['x1'], fe: ['a', 'b'], weights: 'w' }, types: ['iid', 'hetero', { cluster: 'firm' }] },
  { name: 'HC3 with weights', table: 'weights', spec: { y: 'y', x: ['x1'], weights: 'w' }, types: ['HC3', 'hetero'] },
  { name: 'nested effects (the nested rule)', table: 'nested', spec: { y: 'y', x: ['x1'], fe: ['team', 'a'] }, types: [{ cluster: 'firm' }, 'iid'] },
  { name: 'a singular design (aliased x and dummies dropped)', table: 'singular', spec: { y: 'y', x: ['x1', 'x2', 'xc', 'x3'], fe: ['a', 'b'] }, types: ['iid', 'hetero'] },
  { name: 'unbalanced clusters', table: 'unbalanced', spec: { y: 'y', x: ['x1'], fe: ['a'] }, types: [{ cluster: 'firm' }] },
  {
    name: 'fitBy with reportTerms (controls without scores)', table: 'sh', spec: { y: 'y', x: ['x1', 'x2'], fe: ['a', 'region'] }, types: TWOWAY,
    by: ['k'], opts: { terms: reportTerms(['x1']) },
  },
  {
    name: 'fitBy with sharedRows and onlyGroups (NULL keys, an empty group)', table: 'sh', spec: { y: 'y', x: ['x1', 'x2'], fe: ['a', 'region'] }, types: TWOWAY,
    by: ['k', 'g'], opts: { rows: sharedRows(), groups: onlyGroups([[0, 1], [2, 0], [1, 2], [1, 7]]) },
  },
  {
    name: 'fitBy with a NULL cluster, a NULL split value and a group without finite y', table: 'shn', spec: { y: 'y', x: ['x1'], fe: ['a'] }, types: [{ cluster: 'firm' }, 'hetero'],
    by: ['g'],
  },
  {
    name: 'decompose, whole and split', table: 'dec', spec: { y: 'y', x: ['ai', 'exp'], fe: ['a', 'b'], weights: 'w' }, types: ['iid', 'hetero', { cluster: 'firm' }],
    opts: { decompose: decompose('ai', { experience: ['exp'], a: ['a'], b: ['b'] }) },
  },
  {
    name: 'decompose by group', table: 'dec', spec: { y: 'y', x: ['ai', 'exp'], fe: ['a', 'b'] }, types: ['iid', { cluster: 'firm' }],
    by: ['grp'], opts: { terms: reportTerms(['ai']), decompose: decompose('ai', { experience: ['exp'], a: ['a'], b: ['b'] }) },
  },
];

test('every kind of fit on PostgreSQL equals the DuckDB fit (1e-9 relative)', { skip: pgSkip }, async () => {
  const duck = await DuckDb.open();
  const pgdb = await freshPgDb({ role: 'tf_engine_reader' });
  try {
    for (const d of ['twoway', 'weights', 'nested', 'singular', 'unbalanced'])
      await duck.run(`create table ${d} as select * from read_csv('${new URL(`${d}.csv`, FIXTURES).pathname}')`);
    await duck.run(`create table sh as select *, firm % 3 as k, case when firm % 4 = 0 then null else region % 3 end as g from twoway`);
    // a NULL cluster in one group, a group of non-finite y only (NaN, infinities: the dialect's isFinite)
    await duck.run(`create table shn as select * replace (case when firm = 127 and region = 7 then null else firm end as firm,
        case when firm % 14 = 0 then 'Infinity'::double when firm % 7 = 0 then 'NaN'::double else y end as y),
      case when firm % 7 = 0 then 5 when firm % 5 = 0 then null else firm % 2 end as g from twoway`);
    await duck.run(`create table dec as
      with r as (select i, hash(i) % 1000 / 1000.0 as u1, hash(i + 7919) % 1000 / 1000.0 as u2, hash(i + 104729) % 1000 / 1000.0 as u3,
                        hash(i + 1299709) % 1000 / 1000.0 as u4, hash(i + 49979687) % 1000 / 2000.0 as e from range(1200) t(i))
      select i, case when i % 2 = 0 then 'g1' else 'g2' end as grp, (u1 < 0.35)::double as ai,
        'a' || cast(floor(u2 * 3 + (u1 < 0.35)::integer) as integer) as a,
        case when u3 < 0.08 then null else 'b' || cast(floor(u3 * 4) as integer) end as b,
        u4 * 10 + 3 * (u1 < 0.35)::integer as exp, 'f' || cast(hash(i + 15485863) % 40 as integer) as firm,
        0.5 + (hash(i + 32452843) % 1000) / 1000.0 as w,
        1 + 0.1 * (u1 < 0.35)::integer + 0.05 * (u4 * 10) + e as y
      from r`);
    const tables = ['twoway', 'weights', 'nested', 'singular', 'unbalanced', 'sh', 'shn', 'dec'];
    await mirrorTables(duck, pgdb, tables);
    const [cd, cp] = [engineConnection(duck), engineConnection(pgdb)];
    assert.equal(cp.dialect.name, 'postgres');
    assert.equal(engineConnection(pgdb), cp, 'one connection per database');
    let fits = 0;
    const failed = new Set<string>();
    for (const c of CASES) {
      const model = feols({ ...c.spec, vcov: c.types[0]!, keep: { vcov: c.types.slice(1), ssc: ['nested'] } });
      if (!c.by) {
        const [a, b] = [await model.fit(cd, { table: c.table }, c.opts), await model.fit(cp, { table: c.table }, c.opts)];
        sameFit(a, b, c.types, c.name);
        fits++;
        continue;
      }
      const [ra, rb] = [await model.fitBy(cd, { table: c.table }, c.by, c.opts), await model.fitBy(cp, { table: c.table }, c.by, c.opts)];
      assert.deepEqual(rb.keys(), ra.keys(), `${c.name}: the same groups`);
      assert.ok(ra.size > 1, c.name);
      for (const key of ra.keys()) {
        sameFit(ra.get(key), rb.get(key), c.types, `${c.name} [${JSON.stringify(key)}]`);
        const r = ra.get(key);
        if (r instanceof Error) failed.add(r.constructor.name);
        else fits++;
      }
    }
    assert.ok(fits >= 15, `${fits} fits compared`);
    assert.ok(decomposed > 0, 'decompositions compared');
    // the failed groups compared: an empty group (onlyGroups) and a NULL cluster
    assert.deepEqual([...failed].sort(), ['ClusterNullError', 'EmptySampleError']);
    // a query source (stage SQL, rendered through the dialect seam) and a single-group fit
    // with fixed effects (coefficients of the dummies as float8[] parameters)
    const model = feols({ y: 'y', x: ['x1'], fe: ['a'], vcov: 'hetero', keep: { vcov: ['iid'] } });
    const src = { query: 'select y, x1, a, cast(firm as double) as f from twoway where region % 2 = 0' };
    sameFit(await model.fit(cd, src), await model.fit(cp, src), ['hetero', 'iid'], 'query source');
    // fitFamilies (cells.sql, family-groups.sql, family-sample.sql): families by g and by
    // (k, g) over the cells (k, g, a), `a` an effect constant in a cell; a NULL cluster, a
    // NULL split value, a group without finite y, groups left out.
    const fams = [
      { model: feols({ y: 'y', x: ['x1', 'x2'], fe: ['a', 'region'], vcov: { cluster: 'firm' }, keep: { vcov: ['hetero'], ssc: ['nested'] } }), by: ['g'] },
      { model: feols({ y: 'y', x: ['x1', 'x2'], fe: ['region'], vcov: 'hetero', keep: { vcov: ['iid'], ssc: ['nested'] } }), by: ['k', 'g'], options: { groups: onlyGroups([[0, 1], [2, 0], [1, null]]) } },
    ];
    const src2 = { query: 'select *, firm % 3 as k from shn' };
    const [fa, fb] = [await fitFamilies(cd, src2, fams, { cells: ['k', 'g', 'a'] }), await fitFamilies(cp, src2, fams, { cells: ['k', 'g', 'a'] })];
    for (const [i, ra] of fa.entries()) {
      assert.deepEqual(fb[i]!.keys(), ra.keys(), `family ${i + 1}: the same groups`);
      assert.ok(ra.size > 1);
      for (const key of ra.keys()) sameFit(ra.get(key), fb[i]!.get(key), i ? ['hetero', 'iid'] : [{ cluster: 'firm' }, 'hetero'], `fitFamilies ${i + 1} [${JSON.stringify(key)}]`);
    }
  } finally {
    duck.close();
    await pgdb.close();
  }
});

test('named DOUBLE[] parameters become positional ones, in order of first use, unused ones unbound', () => {
  const { text, values } = positionalParams('select ($c1f0::x)[1] + ($c0f0::x)[2] + ($c1f0::x)[3], $c1f01, $other', { c0f0: [1, 2], c1f0: [3], c1f01: [4], unused: [5] });
  assert.equal(text, 'select ($1::x)[1] + ($2::x)[2] + ($1::x)[3], $3, $other');
  assert.deepEqual(values, [[3], [1, 2], [4]]);
});
