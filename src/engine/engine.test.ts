import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mersenne } from 'pure-rand/generator/mersenne';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import {
  ClusterNullError,
  EmptySampleError,
  SingularDesignError,
  TooFewClustersError,
  TooFewObservationsError,
  feols,
  onlyGroups,
  reportTerms,
  sharedRows,
  type FitResult,
  type GroupResults,
  type ModelSpec,
  type Source,
  type VcovType,
} from './index.ts';
import { openTestDb, type TestDb } from '../../test/helpers/engine/test-db.ts';

type RegressionResult = FitResult;
/** The old single-call shape of the tests: a model, its source, and for a split its `by` columns. */
type RegressionSpec = ModelSpec & { source: Source };
type Vcov = VcovType;
type Db = TestDb;
const open = openTestDb;
const sql = (s: TemplateStringsArray, ...v: string[]): Source => {
  const text = s.reduce((a, b, i) => a + (i ? v[i - 1] : '') + b, '');
  return /^\w+$/.test(text) ? { table: text } : { query: text.replace(/^\((.*)\)$/s, '$1') };
};
function estimate(db: Db, { source, ...spec }: RegressionSpec): Promise<RegressionResult> {
  return feols(spec).fit(db.conn, source);
}
function estimateBy(
  db: Db,
  { source, by, shared, only, report, ...spec }: RegressionSpec & { by: readonly string[]; shared?: boolean; only?: string[][]; report?: string[] },
): Promise<GroupResults> {
  return feols(spec).fitBy(db.conn, source, by, {
    ...(shared ? { rows: sharedRows() } : {}),
    ...(only ? { groups: onlyGroups(only) } : {}),
    ...(report ? { terms: reportTerms(report) } : {}),
  });
}

const FIXTURES = new URL('../../test/fixtures/r/', import.meta.url);

interface RReference {
  name: string;
  dataset: string;
  y: string;
  x: string[];
  fe: string[];
  weights: string | null;
  vcov: 'iid' | 'hetero' | string | string[];
  nobs: number;
  df_resid: number;
  n_clusters: number | null;
  coef: Record<string, number>;
  se: Record<string, number>;
  ci_low: Record<string, number>;
  ci_high: Record<string, number>;
  dropped: string[];
}

function assertRel(actual: number | undefined, expected: number, what: string, tol = 1e-6): void {
  assert.ok(actual !== undefined && Number.isFinite(actual), `${what}: got ${actual}`);
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(rel <= tol, `${what}: ${actual} vs R ${expected} (relative difference ${rel.toExponential(2)})`);
}

test('agrees with R lm / estimatr / sandwich on every fixture to 1e-6', async (t) => {
  const ref = JSON.parse(readFileSync(new URL('results.json', FIXTURES), 'utf8')) as { results: RReference[] };
  assert.ok(ref.results.length >= 8);
  const db = await open(t);
  const loaded = new Set<string>();
  for (const r of ref.results) {
    if (!loaded.has(r.dataset)) {
      const file = new URL(`${r.dataset}.csv`, FIXTURES).pathname;
      await db.run(`CREATE TABLE ${r.dataset} AS SELECT * FROM read_csv('${file}')`);
      loaded.add(r.dataset);
    }
    const vcov: Vcov =
      r.vcov === 'iid' || r.vcov === 'hetero'
        ? r.vcov
        : Array.isArray(r.vcov)
          ? { cluster: [r.vcov[0]!, r.vcov[1]!] as const }
          : { cluster: r.vcov };
    const fit = await estimate(db, {
      source: { table: r.dataset },
      y: r.y,
      x: r.x,
      fe: r.fe,
      ...(r.weights ? { weights: r.weights } : {}),
      vcov,
    });
    assert.equal(fit.nobs, r.nobs, `${r.name}: N`);
    assert.equal(fit.dfResid, r.df_resid, `${r.name}: residual df`);
    assert.equal(fit.nClusters, r.n_clusters ?? undefined, `${r.name}: clusters`);
    assert.deepEqual(fit.dropped, r.dropped, `${r.name}: dropped terms`);
    assert.deepEqual(Object.keys(fit.coef()), Object.keys(r.coef), `${r.name}: reported terms`);
    const [coef, se, ci] = [fit.coef(), fit.se(), fit.confint()];
    for (const t of Object.keys(r.coef)) {
      assertRel(coef[t], r.coef[t]!, `${r.name} coef ${t}`);
      assertRel(se[t], r.se[t]!, `${r.name} se ${t}`);
      assertRel(ci[t]?.[0], r.ci_low[t]!, `${r.name} ci_low ${t}`);
      assertRel(ci[t]?.[1], r.ci_high[t]!, `${r.name} ci_high ${t}`);
    }
  }
});

// ---- simulated data with known coefficients ----------------------------------------------

class Normal {
  private readonly g;
  constructor(seed: number) {
    this.g = mersenne(seed);
  }
  u(): number {
    return uniformFloat64(this.g);
  }
  z(): number {
    return Math.sqrt(-2 * Math.log(1 - this.u())) * Math.cos(2 * Math.PI * this.u());
  }
  int(n: number): number {
    return Math.floor(this.u() * n);
  }
}

interface SimRow {
  country: string;
  firm: number;
  a: string;
  b: number;
  ai: number;
  exp: number;
  w: number;
  y: number | null;
}

async function load(db: Db, table: string, rows: SimRow[]): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${table} (country VARCHAR, firm INTEGER, a VARCHAR, b INTEGER, ai DOUBLE, exp DOUBLE, w DOUBLE, y DOUBLE)`);
  const v = db.literal;
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows
      .slice(i, i + 500)
      .map((r) => `(${v(r.country)}, ${v(r.firm)}, ${v(r.a)}, ${v(r.b)}, ${v(r.ai)}, ${v(r.exp)}, ${v(r.w)}, ${v(r.y)})`);
    await db.run(`INSERT INTO ${table} VALUES ${values.join(', ')}`);
  }
}

const TRUE = { ai: 0.3, exp: 0.04 };

/** Workers in firms; AI status clustered by firm and related to FE a; errors clustered by firm. */
function simulate(seed: number, n = 3000, firms = 120, hetero = false): SimRow[] {
  const r = new Normal(seed);
  const firmEffect = Array.from({ length: firms }, () => 0.6 * r.z());
  // AI propensity varies by firm (so the regressor is correlated within clusters) but is
  // independent of the firm's error component, so OLS is unbiased.
  const firmAi = Array.from({ length: firms }, () => r.z());
  const aEffect = Array.from({ length: 8 }, () => r.z());
  const bEffect = Array.from({ length: 15 }, () => 0.5 * r.z());
  return Array.from({ length: n }, () => {
    const firm = r.int(firms);
    const a = r.int(8);
    const b = r.int(15);
    const ai = r.u() < 1 / (1 + Math.exp(-firmAi[firm]! - aEffect[a]!)) ? 1 : 0;
    const exp = 30 * r.u();
    const noise = hetero ? (0.2 + exp / 15) * r.z() : 0.5 * r.z();
    const y = TRUE.ai * ai + TRUE.exp * exp + aEffect[a]! + bEffect[b]! + (hetero ? 0 : firmEffect[firm]!) + noise;
    return { country: `c${seed}`, firm, a: `a${a}`, b: 2000 + b, ai, exp, w: 0.5 + r.u(), y };
  });
}

const within3se = (fit: RegressionResult, what: string): void => {
  const [b, se] = [fit.coef(), fit.se()];
  for (const [t, truth] of Object.entries(TRUE)) {
    const z = Math.abs(b[t]! - truth) / se[t]!;
    assert.ok(z < 3, `${what}: ${t} = ${b[t]} ± ${se[t]}, truth ${truth} (|z| = ${z.toFixed(2)})`);
  }
};

test('recovers the true coefficients within 3 SE across seeds (FE, clustered and heteroskedastic errors)', async (t) => {
  const db = await open(t);
  for (const seed of [11, 12, 13, 14]) {
    await load(db, 'sim', simulate(seed));
    const base = { source: sql`sim`, y: 'y', x: ['ai', 'exp'], fe: ['a', 'b'] } as const;
    const fit = await estimate(db, { ...base, vcov: { cluster: 'firm' } });
    assert.equal(fit.nClusters, 120);
    within3se(fit, `seed ${seed} CR1`);
    within3se(await estimate(db, { ...base, weights: 'w', vcov: { cluster: 'firm' } }), `seed ${seed} weighted CR1`);
    await load(db, 'simh', simulate(seed, 3000, 120, true));
    within3se(await estimate(db, { ...base, source: sql`simh`, vcov: 'hetero' }), `seed ${seed} HC1`);
  }
});

test('clustered SEs exceed iid SEs when errors are clustered (the variance is not a no-op)', async (t) => {
  const db = await open(t);
  await load(db, 'sim', simulate(21));
  const base = { source: sql`sim`, y: 'y', x: ['ai', 'exp'], fe: ['a', 'b'] } as const;
  const iid = await estimate(db, { ...base, vcov: 'iid' });
  const cr = await estimate(db, { ...base, vcov: { cluster: 'firm' } });
  assert.deepEqual(iid.coef(), cr.coef());
  assert.ok(cr.se().ai! > 1.5 * iid.se().ai!, `${cr.se().ai} vs ${iid.se().ai}`);
});

// ---- sample rules and named errors ----------------------------------------------------------

async function small(db: Db, rows: Partial<SimRow>[]): Promise<void> {
  await load(
    db,
    't',
    rows.map((r, i) => ({ country: 'x', firm: i % 4, a: `a${i % 3}`, b: 1, ai: i % 2, exp: i, w: 1, y: i * 0.7 + ((i * 37) % 11), ...r })),
  );
}

test('rows with NULL y/x/weight or weight ≤ 0 are left out of N; NULL FE is its own level', async (t) => {
  const db = await open(t);
  const rows: Partial<SimRow>[] = Array.from({ length: 30 }, () => ({}));
  rows[0] = { y: null };
  rows[1] = { w: 0 };
  rows[2] = { w: -1 };
  await small(db, rows);
  await db.run(`UPDATE t SET exp = NULL WHERE exp = 3`);
  await db.run(`UPDATE t SET a = NULL WHERE exp IN (4, 7, 10)`);
  const spec: RegressionSpec = { source: sql`t`, y: 'y', x: ['ai', 'exp'], fe: ['a'], weights: 'w', vcov: 'iid' };
  const fit = await estimate(db, spec);
  assert.equal(fit.nobs, 26);
  // intercept + 2 x + (a0, a1, a2, NULL) − 1 = 6 parameters
  assert.equal(fit.dfResid, 26 - 6);
  // Same as recoding NULL to an explicit level.
  const recoded = await estimate(db, { ...spec, source: sql`(SELECT * REPLACE (coalesce(a, 'zz') AS a) FROM t)` });
  assertRel(fit.coef().exp, recoded.coef().exp!, 'NULL level', 1e-12);
});

test('aliased regressors after the first are dropped and reported; the first one throws SingularDesignError', async (t) => {
  const db = await open(t);
  await small(db, Array.from({ length: 40 }, () => ({})));
  await db.run(`ALTER TABLE t ADD COLUMN exp3 DOUBLE; UPDATE t SET exp3 = 3 * exp - ai`);
  await db.run(`ALTER TABLE t ADD COLUMN k DOUBLE; UPDATE t SET k = 5`);
  const fit = await estimate(db, { source: sql`t`, y: 'y', x: ['ai', 'exp', 'exp3', 'k'], fe: ['a'], vcov: 'hetero' });
  assert.deepEqual(fit.dropped, ['exp3', 'k']);
  assert.deepEqual(Object.keys(fit.coef()), ['ai', 'exp']);
  await assert.rejects(
    estimate(db, { source: sql`t`, y: 'y', x: ['k', 'ai'], fe: ['a'], vcov: 'iid' }),
    (e: unknown) => e instanceof SingularDesignError && /"k"/.test((e as Error).message),
  );
});

test('EmptySampleError, TooFewObservationsError, ClusterNullError, TooFewClustersError', async (t) => {
  const db = await open(t);
  await small(db, Array.from({ length: 12 }, () => ({})));
  const spec: RegressionSpec = { source: sql`t`, y: 'y', x: ['ai', 'exp'], fe: ['a'], vcov: { cluster: 'firm' } };
  await assert.rejects(estimate(db, { ...spec, source: sql`(SELECT * FROM t WHERE false)` }), EmptySampleError);
  await assert.rejects(estimate(db, { ...spec, source: sql`(SELECT * REPLACE (NULL::DOUBLE AS y) FROM t)` }), EmptySampleError);
  await assert.rejects(estimate(db, { ...spec, source: sql`(SELECT * FROM t LIMIT 5)` }), TooFewObservationsError);
  // A NULL cluster outside the sample (its y is NULL) is fine; inside it is an error.
  await db.run(`UPDATE t SET firm = NULL, y = NULL WHERE exp = 0`);
  assert.equal((await estimate(db, spec)).nobs, 11);
  await db.run(`UPDATE t SET firm = NULL WHERE exp = 1`);
  await assert.rejects(estimate(db, spec), ClusterNullError);
  await assert.rejects(estimate(db, { ...spec, source: sql`(SELECT * REPLACE (1 AS firm) FROM t)` }), TooFewClustersError);
});

test('estimateBy equals one estimate per group and gives failing groups their named error', async (t) => {
  const db = await open(t);
  const rows = [...simulate(31, 900, 40), ...simulate(32, 1200, 60), ...simulate(33, 700, 30)];
  // A group whose first regressor is constant, one whose rows all lack y, one with a
  // missing cluster, and one whose FE levels are a subset of the others'.
  rows.push(...simulate(34, 300, 20).map((r) => ({ ...r, ai: 1 })));
  rows.push(...simulate(35, 50, 10).map((r) => ({ ...r, y: null })));
  rows.push(...simulate(36, 200, 10).map((r, i) => ({ ...r, firm: i === 7 ? (null as unknown as number) : r.firm })));
  rows.push(...simulate(37, 400, 25).map((r) => ({ ...r, a: r.a === 'a0' ? 'a1' : r.a })));
  await load(db, 'pool', rows);
  const base = { source: sql`pool`, y: 'y', x: ['ai', 'exp'], fe: ['a', 'b'], weights: 'w' } as const;
  for (const vcov of ['iid', 'hetero', { cluster: 'firm' }, { cluster: ['firm', 'b'] as const }] as const) {
    const all = await estimateBy(db, { ...base, vcov, by: ['country'] });
    assert.deepEqual(all.keys(), [['c31'], ['c32'], ['c33'], ['c34'], ['c35'], ['c36'], ['c37']]);
    assert.ok(all.get(['c34']) instanceof SingularDesignError);
    assert.ok(all.get(['c35']) instanceof EmptySampleError);
    if (typeof vcov === 'string') assert.ok(!(all.get(['c36']) instanceof Error), 'no cluster, no ClusterNullError');
    else assert.ok(all.get(['c36']) instanceof ClusterNullError);
    for (const c of ['c31', 'c32', 'c33', 'c37', ...(typeof vcov === 'string' ? ['c36'] : [])]) {
      const got = all.get([c]);
      assert.ok(got && !(got instanceof Error), `${c}: ${String(got)}`);
      const one = await estimate(db, { ...base, vcov, source: { query: `SELECT * FROM pool WHERE country = '${c}'` } });
      assert.equal(got.nobs, one.nobs);
      assert.equal(got.dfResid, one.dfResid);
      assert.equal(got.nClusters, one.nClusters);
      assert.deepEqual(got.dropped, one.dropped);
      for (const t of ['ai', 'exp']) {
        assertRel(got.coef()[t], one.coef()[t]!, `${c} ${JSON.stringify(vcov)} coef ${t}`, 1e-9);
        assertRel(got.se()[t], one.se()[t]!, `${c} ${JSON.stringify(vcov)} se ${t}`, 1e-9);
      }
    }
  }
  // Two by-columns: typed keys.
  const two = await estimateBy(db, { ...base, vcov: 'iid', by: ['country', 'a'] });
  assert.ok(two.has(['c31', 'a3']));
});

test('tidy() is consistent with coef/se/confint and t-based p-values', async (t) => {
  const db = await open(t);
  await load(db, 'sim', simulate(41));
  const fit = await estimate(db, { source: sql`sim`, y: 'y', x: ['ai', 'exp'], fe: ['a'], vcov: { cluster: 'firm' } });
  const [row] = fit.tidy(0.9);
  assert.ok(row);
  assert.equal(row.term, 'ai');
  assert.equal(row.estimate, fit.coef().ai);
  assert.equal(row.se, fit.se().ai);
  assert.deepEqual([row.ci_low, row.ci_high], fit.confint(0.9).ai);
  assert.ok(row.ci_high - row.ci_low < fit.confint(0.95).ai![1] - fit.confint(0.95).ai![0]);
  assert.ok(row.p > 0 && row.p < 1e-3, `p = ${row.p}`);
});

test('shared rows: estimateBy with `shared` equals the stacked design, all variances', async (t) => {
  const db = await open(t);
  // Two countries; per country a base of rows (k NULL) and three "skills" of own rows.
  // Stacked: every base row copied into each skill group of its country.
  const rows: (SimRow & { k: string | null })[] = [];
  for (const [i, c] of ['c1', 'c2'].entries()) {
    rows.push(...simulate(41 + i, 900, 40).map((r) => ({ ...r, country: c, ai: 0, k: null })));
    for (const k of ['k1', 'k2', 'k3']) rows.push(...simulate(50 + i * 3 + k.length, 150, 30).map((r) => ({ ...r, country: c, ai: 1, k })));
  }
  // A skill present in c1 only, and one with a missing cluster (ClusterNullError).
  rows.push(...simulate(60, 120, 20).map((r) => ({ ...r, country: 'c1', ai: 1, k: 'k4' })));
  rows.push(...simulate(61, 100, 20).map((r, i) => ({ ...r, country: 'c2', ai: 1, k: 'k5', firm: i === 3 ? (null as unknown as number) : r.firm })));
  // load() takes SimRows: k travels in the country column as "country|k" and is split off.
  await load(db, 'loaded', rows.map((r) => ({ ...r, country: `${r.country}|${r.k ?? ''}` })));
  await db.run(`CREATE TABLE unstacked AS
    SELECT * REPLACE (split_part(country, '|', 1) AS country), nullif(split_part(country, '|', 2), '') AS k FROM loaded`);
  await db.run(`CREATE TABLE stacked AS
    SELECT * FROM unstacked WHERE k IS NOT NULL
    UNION ALL
    SELECT u.* EXCLUDE (k), s.k FROM unstacked u JOIN (SELECT DISTINCT country, k FROM unstacked WHERE k IS NOT NULL) s USING (country) WHERE u.k IS NULL`);
  const base = { y: 'y', x: ['ai', 'exp'], fe: ['a', 'b'], weights: 'w', by: ['country', 'k'] } as const;
  for (const vcov of ['iid', 'hetero', { cluster: 'firm' }, { cluster: ['firm', 'b'] as const }] as const) {
    const st = await estimateBy(db, { ...base, vcov, source: sql`stacked` });
    const sh = await estimateBy(db, { ...base, vcov, source: sql`unstacked`, shared: true });
    // `report`: only ai's coefficient and variance, the same values
    const only = await estimateBy(db, { ...base, vcov, source: sql`unstacked`, shared: true, report: ['ai'] });
    for (const [key, a] of st) {
      const b = only.get(key)!;
      if (a instanceof Error) continue;
      assert.ok(!(b instanceof Error), `${key}: ${String(b)}`);
      assert.deepEqual(Object.keys(b.coef()), ['ai']);
      assertRel(b.coef().ai, a.coef().ai!, `${key} ${JSON.stringify(vcov)} report coef`, 1e-9);
      assertRel(b.se().ai, a.se().ai!, `${key} ${JSON.stringify(vcov)} report se`, 1e-9);
    }
    // `only`: the groups asked for, with the values of the full fit (shared and stacked)
    for (const [src, shared, full] of [['unstacked', true, sh], ['stacked', false, st]] as const) {
      const some = await estimateBy(db, { ...base, vcov, source: { table: src }, shared, only: [['c1', 'k1'], ['c2', 'k3']] });
      assert.deepEqual(some.keys(), [['c1', 'k1'], ['c2', 'k3']]);
      for (const [key, b] of some) {
        const a = full.get(key)!;
        assert.ok(!(a instanceof Error) && !(b instanceof Error), String(key));
        assertRel(b.coef().ai, a.coef().ai!, `${key} ${src} only coef`, 1e-9);
        assertRel(b.se().ai, a.se().ai!, `${key} ${src} only se`, 1e-9);
        assert.equal(b.nobs, a.nobs);
      }
    }
    // an outer key none of whose groups is fitted (c2): its shared rows serve no group and
    // are left out of the sample; the fitted group gets the same doubles as in the full fit
    const one = await estimateBy(db, { ...base, vcov, source: { table: 'unstacked' }, shared: true, only: [['c1', 'k2']] });
    const [full2, one2] = [sh.get(['c1', 'k2'])!, one.get(['c1', 'k2'])!];
    assert.ok(!(full2 instanceof Error) && !(one2 instanceof Error));
    assert.equal(one2.coef().ai, full2.coef().ai);
    assert.equal(one2.se().ai, full2.se().ai);
    assert.equal(one2.nobs, full2.nobs);
    assert.deepEqual(sh.keys(), st.keys());
    assert.equal(sh.size, 8); // c1: k1–k4, c2: k1–k3, k5
    for (const [key, a] of st) {
      const b = sh.get(key)!;
      if (a instanceof Error) {
        assert.ok(b instanceof Error && b.constructor === a.constructor, `${key}: ${String(b)} vs ${String(a)}`);
        continue;
      }
      assert.ok(!(b instanceof Error), `${key}: ${String(b)}`);
      assert.equal(b.nobs, a.nobs);
      assert.equal(b.dfResid, a.dfResid);
      assert.equal(b.nClusters, a.nClusters);
      for (const term of ['ai', 'exp']) {
        assertRel(b.coef()[term], a.coef()[term]!, `${key} ${JSON.stringify(vcov)} coef ${term}`, 1e-9);
        assertRel(b.se()[term], a.se()[term]!, `${key} ${JSON.stringify(vcov)} se ${term}`, 1e-9);
      }
    }
  }
});
