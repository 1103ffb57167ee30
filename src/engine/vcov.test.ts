import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  UnsupportedVarianceError,
  VarianceNotKeptError,
  feols,
  reportTerms,
  vcovName,
  type FitResult,
  type ModelSpec,
  type Ssc,
  type VcovType,
} from './index.ts';
import { openTestDb, type TestDb } from '../../test/helpers/engine/test-db.ts';

const FIXTURES = new URL('../../test/fixtures/r/', import.meta.url);

async function load(db: TestDb, ...datasets: string[]): Promise<void> {
  for (const d of datasets) await db.run(`CREATE TABLE ${d} AS SELECT * FROM read_csv('${new URL(`${d}.csv`, FIXTURES).pathname}')`);
}

function rel(actual: number | undefined, expected: number, what: string, tol: number): void {
  assert.ok(actual !== undefined && Number.isFinite(actual), `${what}: got ${actual}`);
  const r = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(r <= tol, `${what}: ${actual} vs ${expected} (relative difference ${r.toExponential(2)})`);
}

interface VcovReference {
  name: string;
  dataset: string;
  y: string;
  x: string[];
  fe: string[];
  weights: string | null;
  vcov: string;
  ssc: Ssc;
  nobs: number;
  df: number;
  coef: Record<string, number>;
  se: Record<string, number>;
  ci_low: Record<string, number>;
  ci_high: Record<string, number>;
}

test('HC3 and the nested small-sample rule agree with R (estimatr / sandwich) to 1e-6', async (t) => {
  const ref = JSON.parse(readFileSync(new URL('vcov-results.json', FIXTURES), 'utf8')) as { results: VcovReference[] };
  assert.equal(ref.results.length, 4);
  const db = await openTestDb(t);
  await load(db, 'hetero', 'weights', 'nested');
  for (const r of ref.results) {
    const vcov: VcovType = r.vcov === 'HC3' ? 'HC3' : { cluster: r.vcov };
    const fit = await feols({ y: r.y, x: r.x, fe: r.fe, ...(r.weights ? { weights: r.weights } : {}), vcov, ssc: r.ssc }).fit(db.conn, { table: r.dataset });
    assert.equal(fit.nobs, r.nobs, `${r.name}: N`);
    assert.equal(fit.df, r.df, `${r.name}: df`);
    const [coef, se, ci] = [fit.coef(), fit.se(), fit.confint()];
    for (const x of r.x) {
      rel(coef[x], r.coef[x]!, `${r.name} coef ${x}`, 1e-6);
      rel(se[x], r.se[x]!, `${r.name} se ${x}`, 1e-6);
      rel(ci[x]?.[0], r.ci_low[x]!, `${r.name} ci_low ${x}`, 1e-6);
      rel(ci[x]?.[1], r.ci_high[x]!, `${r.name} ci_high ${x}`, 1e-6);
    }
    for (const row of fit.tidy()) assert.equal(row.df, r.df);
  }
});

/** The same numbers: coefficients, variance matrix, df, clusters. */
function same(a: FitResult, b: FitResult, what: string): void {
  assert.deepEqual(a.terms, b.terms, what);
  assert.equal(a.nobs, b.nobs, what);
  assert.equal(a.df, b.df, `${what}: df`);
  assert.equal(a.nClusters, b.nClusters, `${what}: clusters`);
  for (const t of a.terms) rel(a.coef()[t], b.coef()[t]!, `${what} coef ${t}`, 1e-12);
  const [va, vb] = [a.vcovMatrix().flat(), b.vcovMatrix().flat()];
  va.forEach((v, i) => rel(v, vb[i]!, `${what} vcov[${i}]`, 1e-10));
  for (const [i, row] of a.tidy().entries()) {
    const other = b.tidy()[i]!;
    rel(row.se, other.se, `${what} tidy se`, 1e-10);
    rel(row.ci_high, other.ci_high, `${what} tidy ci`, 1e-10);
  }
}

const TYPES: VcovType[] = ['iid', 'hetero', 'HC1', { cluster: 'firm' }, { cluster: ['firm', 'region'] }];

test('vcov(type, ssc) after fitting equals a fresh fit with that variance, for every type and rule', async (t) => {
  const db = await openTestDb(t);
  await load(db, 'twoway', 'nested');
  // One fit keeping every variance; then each type as its own fit.
  const cases: { spec: ModelSpec; table: string; types: VcovType[] }[] = [
    { spec: { y: 'y', x: ['x1', 'x2'], fe: ['a'] }, table: 'twoway', types: TYPES },
    { spec: { y: 'y', x: ['x1', 'x2'] }, table: 'twoway', types: [...TYPES, 'HC3'] },
    { spec: { y: 'y', x: ['x1'], fe: ['team', 'a'] }, table: 'nested', types: ['iid', 'hetero', { cluster: 'firm' }, { cluster: ['firm', 'a'] }] },
  ];
  for (const { spec, table, types } of cases) {
    const all = await feols({ ...spec, keep: { vcov: types, ssc: ['stata', 'nested'] } }).fit(db.conn, { table });
    assert.equal(vcovName(all.variance.type), 'iid', 'the default variance is iid');
    for (const type of types)
      for (const ssc of ['stata', 'nested'] as const) {
        const what = `${table} ${spec.fe?.join('+') ?? 'no FE'} ${vcovName(type)} ${ssc}`;
        same(all.vcov(type, ssc), await feols({ ...spec, vcov: type, ssc }).fit(db.conn, { table }), what);
      }
  }
  // The rules differ where an effect is nested in the cluster (not a vacuous comparison).
  const fit = await feols({ y: 'y', x: ['x1'], fe: ['team', 'a'], vcov: { cluster: 'firm' }, keep: { vcov: ['iid'], ssc: ['nested'] } }).fit(db.conn, { table: 'nested' });
  assert.ok(fit.vcov({ cluster: 'firm' }, 'nested').se().x1! < fit.se().x1!);
  assert.notEqual(fit.vcov('iid').se().x1, fit.se().x1);
});

test('vcov() after a split fit with strategies equals a fresh split fit', async (t) => {
  const db = await openTestDb(t);
  await load(db, 'nested');
  const spec: ModelSpec = { y: 'y', x: ['x1'], fe: ['team'] };
  const types: VcovType[] = ['iid', 'hetero', { cluster: 'firm' }];
  const all = await feols({ ...spec, keep: { vcov: types, ssc: ['nested'] } }).fitBy(db.conn, { table: 'nested' }, ['a'], { terms: reportTerms(['x1']) });
  assert.equal(all.size, 8);
  for (const type of types)
    for (const ssc of ['stata', 'nested'] as const) {
      const fresh = await feols({ ...spec, vcov: type, ssc }).fitBy(db.conn, { table: 'nested' }, ['a']);
      for (const [key, r] of all) {
        const f = fresh.get(key);
        assert.ok(!(r instanceof Error) && f && !(f instanceof Error), String(key));
        same(r.vcov(type, ssc), f, `${String(key)} ${vcovName(type)} ${ssc}`);
      }
    }
});

test('a variance not kept at fit time, and HC3 with fixed effects, are named errors', async (t) => {
  const db = await openTestDb(t);
  await load(db, 'twoway');
  const fit = await feols({ y: 'y', x: ['x1'], fe: ['a'], vcov: 'hetero' }).fit(db.conn, { table: 'twoway' });
  assert.throws(() => fit.vcov({ cluster: 'firm' }), VarianceNotKeptError);
  assert.throws(() => fit.vcov('iid'), VarianceNotKeptError);
  assert.throws(() => feols({ y: 'y', x: ['x1'], fe: ['a'], vcov: 'HC3' }), UnsupportedVarianceError);
  const cl = await feols({ y: 'y', x: ['x1'], fe: ['a'], vcov: { cluster: 'firm' } }).fit(db.conn, { table: 'twoway' });
  assert.throws(() => cl.vcov({ cluster: 'firm' }, 'nested'), VarianceNotKeptError);
});
