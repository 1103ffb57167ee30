import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpecError, decompose, feols, onlyGroups, reportTerms, sharedRows, type FitResult, type VcovType } from './index.ts';
import { openTestDb, type TestDb } from '../../test/helpers/engine/test-db.ts';

// A seeded dataset: a 0/1 regressor `ai` that shifts the levels of `a` and `b` and the
// mean of `exp`, two fixed effects (b with a NULL level), 40 firms, weights, two splits.
async function load(db: TestDb): Promise<void> {
  await db.run(`CREATE TABLE d AS
    WITH r AS (SELECT i, hash(i) % 1000 / 1000.0 AS u1, hash(i + 7919) % 1000 / 1000.0 AS u2, hash(i + 104729) % 1000 / 1000.0 AS u3,
                      hash(i + 1299709) % 1000 / 1000.0 AS u4 FROM range(1200) t(i))
    SELECT i, CASE WHEN i % 2 = 0 THEN 'g1' ELSE 'g2' END AS grp, (u1 < 0.35)::DOUBLE AS ai,
      'a' || CAST(floor(u2 * 3 + (u1 < 0.35)::INTEGER) AS INTEGER) AS a,
      CASE WHEN u3 < 0.08 THEN NULL ELSE 'b' || CAST(floor(u3 * 4) AS INTEGER) END AS b,
      u4 * 10 + 3 * (u1 < 0.35)::INTEGER AS exp,
      'f' || CAST(hash(i + 15485863) % 40 AS INTEGER) AS firm,
      0.5 + (hash(i + 32452843) % 1000) / 1000.0 AS w
    FROM r`);
  await db.run(`ALTER TABLE d ADD COLUMN y DOUBLE; UPDATE d SET y = 1 + 0.1 * ai + 0.05 * exp + 0.2 * (a = 'a2')::INTEGER
    - 0.15 * coalesce(b = 'b1', false)::INTEGER + (hash(i + 49979687) % 1000) / 2000.0`);
  // The same design with explicit dummies (every level but the first in sort order; NULL a level).
  const dummies = async (col: string): Promise<string[]> => {
    const levels = (await db.rows(`SELECT DISTINCT ${col} AS v FROM d ORDER BY v NULLS LAST`)).map((r) => r.v as string | null);
    const names: string[] = [];
    for (const [k, v] of levels.slice(1).entries()) {
      const name = `${col}_d${k}`;
      await db.run(`ALTER TABLE d ADD COLUMN ${name} DOUBLE; UPDATE d SET ${name} = (${col} IS NOT DISTINCT FROM ${db.literal(v)})::DOUBLE`);
      names.push(name);
    }
    return names;
  };
  DUMMIES.a = await dummies('a');
  DUMMIES.b = await dummies('b');
}
const DUMMIES: Record<string, string[]> = {};

/** Weighted AI − non-AI mean differences of the columns, from the database. */
async function meanDiffs(db: TestDb, cols: string[], where = 'true'): Promise<number[]> {
  const sel = cols.map((c, i) => `sum(w * ${c}) FILTER (WHERE ai = 1) / sum(w) FILTER (WHERE ai = 1) - sum(w * ${c}) FILTER (WHERE ai = 0) / sum(w) FILTER (WHERE ai = 0) AS m${i}`);
  const [r] = await db.rows(`SELECT ${sel.join(', ')} FROM d WHERE ${where}`);
  return cols.map((_, i) => Number(r![`m${i}`]));
}

/** A part computed from the explicit-dummy fit: d_g'b_g and sqrt(d_g'V d_g). */
function part(fit: FitResult, cols: string[], d: Map<string, number>): { estimate: number; se: number } {
  const coef = fit.coef();
  const V = fit.vcovMatrix();
  const idx = cols.map((c) => fit.terms.indexOf(c));
  let est = 0;
  let v = 0;
  for (const [a, i] of idx.entries()) {
    est += d.get(cols[a]!)! * coef[cols[a]!]!;
    for (const [b, j] of idx.entries()) v += d.get(cols[a]!)! * d.get(cols[b]!)! * V[i]![j]!;
  }
  return { estimate: est, se: Math.sqrt(v) };
}

const close = (a: number, b: number, what: string, tol = 1e-8) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

const GROUPS = { experience: ['exp'], a: ['a'], b: ['b'] };

test('decompose equals the delta method on an explicit-dummy fit, for every variance, one fit and split', async (t) => {
  const db = await openTestDb(t);
  await load(db);
  const types: VcovType[] = [{ cluster: 'firm' }, 'hetero', 'iid'];
  const fe = feols({ y: 'y', x: ['ai', 'exp'], fe: ['a', 'b'], weights: 'w', vcov: types[0], keep: { vcov: types } });
  const dense = feols({ y: 'y', x: ['ai', 'exp', ...DUMMIES.a!, ...DUMMIES.b!], weights: 'w', vcov: types[0], keep: { vcov: types } });
  const cols = { experience: ['exp'], a: DUMMIES.a!, b: DUMMIES.b! };
  const all = ['exp', ...DUMMIES.a!, ...DUMMIES.b!];

  const check = async (fit: FitResult, ref: FitResult, where: string) => {
    const d = new Map(all.map((c) => [c, 0] as [string, number]));
    (await meanDiffs(db, all, where)).forEach((v, i) => d.set(all[i]!, v));
    for (const type of types) {
      const [f, r] = [fit.vcov(type), ref.vcov(type)];
      const rows = new Map(f.decomposition().map((x) => [x.component, x]));
      assert.deepEqual([...rows.keys()], ['total', 'explained', 'unexplained', 'experience', 'a', 'b']);
      for (const [g, c] of Object.entries(cols)) {
        const want = part(r, c, d);
        close(rows.get(g)!.estimate, want.estimate, `${where} ${JSON.stringify(type)} ${g} estimate`);
        close(rows.get(g)!.se, want.se, `${where} ${JSON.stringify(type)} ${g} se`);
      }
      const explained = part(r, all, d);
      close(rows.get('explained')!.estimate, explained.estimate, 'explained');
      close(rows.get('explained')!.se, explained.se, 'explained se');
      d.set('ai', 1);
      const total = part(r, ['ai', ...all], d);
      d.delete('ai');
      close(rows.get('total')!.estimate, total.estimate, 'total');
      close(rows.get('total')!.se, total.se, 'total se');
      close(rows.get('unexplained')!.estimate, r.coef().ai!, 'unexplained');
      close(rows.get('unexplained')!.se, r.se().ai!, 'unexplained se');
      // the parts add up, and total is the raw weighted gap in mean y
      const sum = ['experience', 'a', 'b'].reduce((s, g) => s + rows.get(g)!.estimate, 0);
      close(sum, rows.get('explained')!.estimate, 'Σ groups = explained', 1e-12);
      close(rows.get('explained')!.estimate + rows.get('unexplained')!.estimate, rows.get('total')!.estimate, 'explained + unexplained = total', 1e-12);
      const [raw] = await meanDiffs(db, ['y'], where);
      close(rows.get('total')!.estimate, raw!, 'total = raw gap', 1e-10);
      const row = rows.get('a')!;
      assert.equal(row.df, f.df);
      assert.ok(row.ci_low < row.estimate && row.estimate < row.ci_high);
    }
  };
  const one = await fe.fit(db.conn, { table: 'd' }, { decompose: decompose('ai', GROUPS) });
  await check(one, await dense.fit(db.conn, { table: 'd' }), 'true');
  // The split (the many-group SQL path), with reportTerms: only ai and the parts get scores.
  const split = await fe.fitBy(db.conn, { table: 'd' }, ['grp'], { terms: reportTerms(['ai']), decompose: decompose('ai', GROUPS) });
  const denseSplit = await dense.fitBy(db.conn, { table: 'd' }, ['grp']);
  for (const g of ['g1', 'g2']) await check(split.get([g]) as FitResult, denseSplit.get([g]) as FitResult, `grp = '${g}'`);
  // Only one group of the split: the one-group SQL path gives the same as the split.
  const only = await fe.fitBy(db.conn, { table: 'd' }, ['grp'], { groups: onlyGroups([['g2']]), decompose: decompose('ai', GROUPS) });
  const [a, b] = [(only.get(['g2']) as FitResult).decomposition(), (split.get(['g2']) as FitResult).decomposition()];
  for (const [i, r] of a.entries()) close(r.se, b[i]!.se, `only g2 ${r.component}`, 1e-10);
});

test('decompose without fixed effects works with HC3 (the intercept row follows the parts)', async (t) => {
  const db = await openTestDb(t);
  await load(db);
  const m = feols({ y: 'y', x: ['ai', 'exp', ...DUMMIES.a!], weights: 'w', vcov: 'HC3' });
  const fit = await m.fitBy(db.conn, { table: 'd' }, ['grp'], { decompose: decompose('ai', { experience: ['exp'], a: DUMMIES.a! }) });
  const plain = await m.fitBy(db.conn, { table: 'd' }, ['grp']);
  for (const g of ['g1', 'g2']) {
    const f = fit.get([g]) as FitResult;
    const p = plain.get([g]) as FitResult;
    // the x's variance is unchanged by the parts
    close(f.se().exp!, p.se().exp!, 'HC3 se(exp)', 1e-12);
    const all = ['exp', ...DUMMIES.a!];
    const d = new Map<string, number>();
    (await meanDiffs(db, all, `grp = '${g}'`)).forEach((v, i) => d.set(all[i]!, v));
    const want = part(p, DUMMIES.a!, d);
    const got = f.decomposition().find((r) => r.component === 'a')!;
    close(got.estimate, want.estimate, 'HC3 a');
    close(got.se, want.se, 'HC3 a se');
  }
});

test('decompose refuses groups that do not cover the model once, and a regressor that is not 0/1', async (t) => {
  const db = await openTestDb(t);
  await load(db);
  const m = feols({ y: 'y', x: ['ai', 'exp'], fe: ['a', 'b'] });
  const src = { table: 'd' };
  await assert.rejects(m.fit(db.conn, src, { decompose: decompose('ai', { experience: ['exp'], a: ['a'] }) }), SpecError); // b in no group
  await assert.rejects(m.fit(db.conn, src, { decompose: decompose('ai', { experience: ['exp', 'a'], a: ['a'], b: ['b'] }) }), /in groups/);
  await assert.rejects(m.fit(db.conn, src, { decompose: decompose('ai', { ...GROUPS, z: ['zz'] }) }), /neither/);
  await assert.rejects(m.fit(db.conn, src, { decompose: decompose('ai', { ...GROUPS, total: [] }) }), /reserved/);
  await assert.rejects(m.fit(db.conn, src, { decompose: decompose('nope', GROUPS) }), /not an x/);
  await assert.rejects(
    m.fitBy(db.conn, src, ['grp'], { terms: reportTerms(['exp']), decompose: decompose('ai', GROUPS) }),
    /reported term/,
  );
  const byExp = feols({ y: 'y', x: ['exp', 'ai'], fe: ['a', 'b'] });
  await assert.rejects(byExp.fit(db.conn, src, { decompose: decompose('exp', { ai: ['ai'], a: ['a'], b: ['b'] }) }), /not a 0\/1 regressor/);
  // a fit without decomposition has none to give
  const plain = await m.fit(db.conn, src);
  assert.throws(() => plain.decomposition(), /no decomposition/);
});

test('decompose with shared rows equals the stacked design', async (t) => {
  const db = await openTestDb(t);
  await load(db);
  // AI rows belong to skill s1 or s2; the non-AI rows (k NULL) are shared by both skills.
  await db.run(`CREATE TABLE sh AS SELECT *, CASE WHEN ai = 1 THEN (CASE WHEN i % 3 = 0 THEN 's1' ELSE 's2' END) END AS k FROM d`);
  await db.run(`CREATE TABLE st AS SELECT * FROM sh WHERE k IS NOT NULL
    UNION ALL SELECT * REPLACE (s.k AS k) FROM (SELECT * EXCLUDE (k) FROM sh WHERE k IS NULL) CROSS JOIN (SELECT 's1' AS k UNION ALL SELECT 's2') s`);
  const m = feols({ y: 'y', x: ['ai', 'exp'], fe: ['a', 'b'], weights: 'w', vcov: { cluster: 'firm' } });
  const dec = decompose('ai', GROUPS);
  const shared = await m.fitBy(db.conn, { table: 'sh' }, ['grp', 'k'], { rows: sharedRows(), decompose: dec });
  const stacked = await m.fitBy(db.conn, { table: 'st' }, ['grp', 'k'], { decompose: dec });
  let n = 0;
  for (const [key, fit] of stacked) {
    const a = (fit as FitResult).decomposition();
    const b = (shared.get(key) as FitResult).decomposition();
    for (const [i, r] of a.entries()) {
      close(b[i]!.estimate, r.estimate, `${JSON.stringify(key)} ${r.component}`, 1e-9);
      close(b[i]!.se, r.se, `${JSON.stringify(key)} ${r.component} se`, 1e-9);
      n++;
    }
  }
  assert.equal(n, 4 * 6);
});
