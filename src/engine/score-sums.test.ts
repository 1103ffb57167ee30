/**
 * The cluster passes' score sums: one integer sum per score of the terms scaled by 2^k
 * from the Cauchy–Schwarz bound (`scoreScales`) gives the standard errors of the two-part
 * exact sums (`SCORE_SUMS.exact`) to 1e-12 relative and the very same coefficients, for a
 * single fit, a split, weighted or not, one- and two-way clustered, a decomposition and
 * `fitFamilies`; a bound too small (the casts overflow: the pass or batch again) and a
 * near-perfect fit (no bound: that group over its own rows) fall back to the exact sums,
 * bit for bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decompose, feols, fitFamilies, type FitResult, type GroupResults, type VcovType } from './index.ts';
import { SCORE_SUMS } from './fit.ts';
import { openTestDb } from '../../test/helpers/engine/test-db.ts';

const KEPT: VcovType[] = [{ cluster: 'firm' }, { cluster: ['firm', 'person'] }];

/** Coefficients and the SEs of every kept clustering (with the decomposition's), by name. */
function numbers(f: FitResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(f.coef())) out[`coef ${k}`] = v;
  for (const v of KEPT) {
    const r = f.vcov(v);
    for (const [k, x] of Object.entries(r.se())) out[`${JSON.stringify(v)} ${k}`] = x;
    if (r.variance.parts) for (const row of r.decomposition()) out[`${JSON.stringify(v)} part ${row.component}`] = row.se;
  }
  return out;
}

function all(r: FitResult | GroupResults): Record<string, number> {
  if ('coef' in r) return numbers(r);
  const out: Record<string, number> = {};
  for (const [key, f] of r) {
    assert.ok(!(f instanceof Error), `${JSON.stringify(key)}: ${(f as Error).message}`);
    for (const [k, v] of Object.entries(numbers(f))) out[`${JSON.stringify(key)} ${k}`] = v;
  }
  return out;
}

/** Run `fit` with the exact sums, the scaled ones and a bound too small; returns the marks of each. */
async function three(fit: (profile: (stage: string) => void) => Promise<FitResult | GroupResults>): Promise<{ exact: Record<string, number>; scaled: Record<string, number>; fallback: Record<string, number>; marks: string[][] }> {
  const marks: string[][] = [[], [], []];
  const run = async (i: number, set: Partial<typeof SCORE_SUMS>): Promise<Record<string, number>> => {
    Object.assign(SCORE_SUMS, { exact: false, boundFactor: 1 }, set);
    try {
      return all(await fit((s) => marks[i]!.push(s)));
    } finally {
      Object.assign(SCORE_SUMS, { exact: false, boundFactor: 1 });
    }
  };
  return { exact: await run(0, { exact: true }), scaled: await run(1, {}), fallback: await run(2, { boundFactor: 2 ** -30 }), marks };
}

function close(a: Record<string, number>, b: Record<string, number>, what: string): number {
  assert.deepEqual(Object.keys(a), Object.keys(b), what);
  let worst = 0;
  for (const k of Object.keys(a)) {
    const [x, y] = [a[k]!, b[k]!];
    if (k.includes('coef ')) assert.equal(x, y, `${what} ${k}`);
    const r = x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
    assert.ok(r <= 1e-12, `${what} ${k}: ${x} vs ${y} (${r.toExponential(2)})`);
    worst = Math.max(worst, r);
  }
  return worst;
}

test('scaled one-part score sums equal the exact two-part sums to 1e-12; overflow and no bound fall back exactly', async (t) => {
  const db = await openTestDb(t);
  await db.run(`CREATE TABLE d AS SELECT i % 5 AS g, i % 7 AS k, 'f' || (hash(i * 17) % 211) AS firm, CAST(i % 1499 AS BIGINT) AS person,
      'r' || (hash(i * 5) % 9) AS role, (hash(i) % 3 = 0)::DOUBLE AS ai, (hash(i * 7) % 3000) / 100.0 AS exp,
      0.5 + (hash(i * 11) % 1000) / 400.0 AS w,
      2 + 0.2 * (hash(i) % 3 = 0)::DOUBLE + 0.01 * (hash(i * 7) % 3000) / 100.0 + (hash(i * 19) % 1000) / 2500.0 + (hash(i * 5) % 9) / 30.0 AS y
    FROM range(60000) t(i)`);
  // Group 4 fits perfectly (y linear in the design): its residuals cancel, no bound.
  await db.run(`CREATE TABLE p AS SELECT * REPLACE (CASE WHEN g = 4 THEN 1 + 0.5 * ai + 0.25 * exp ELSE y END AS y) FROM d`);
  let worst = 0;
  const noted = (m: string[]): boolean => m.some((s) => s.startsWith('cluster scores') && s.includes('exact'));
  for (const weights of [undefined, 'w']) {
    const model = feols({ y: 'y', x: ['ai', 'exp'], fe: ['role'], ...(weights ? { weights } : {}), vcov: KEPT[0]!, keep: { vcov: KEPT } });
    const cases: [string, (profile: (s: string) => void) => Promise<FitResult | GroupResults>][] = [
      ['single', (profile) => model.fit(db.conn, { table: 'd' }, { profile })],
      ['split', (profile) => model.fitBy(db.conn, { table: 'd' }, ['g'], { profile, scoreBatchRows: 20000 })],
      ['decomposition', (profile) => model.fitBy(db.conn, { table: 'd' }, ['g'], { profile, decompose: decompose('ai', { exp: ['exp'], role: ['role'] }) })],
      ['families', async (profile) => (await fitFamilies(db.conn, { table: 'd' }, [{ model, by: ['g'] }, { model, by: ['g', 'k'] }], { cells: ['g', 'k'], profile }))[1]!],
    ];
    for (const [name, fit] of cases) {
      const what = `${name}, weights ${weights ?? 'none'}`;
      const r = await three(fit);
      worst = Math.max(worst, close(r.scaled, r.exact, what));
      assert.deepEqual(r.fallback, r.exact, `${what}: the fallback`);
      // The passes' marks name the fallback (fitFamilies scores in a session of its own, unmarked);
      // the scaled sums differ from the exact ones in some last bit.
      if (name !== 'families') assert.ok(!noted(r.marks[1]!) && noted(r.marks[2]!), `${what}: marks ${r.marks[1]} / ${r.marks[2]}`);
      assert.notDeepEqual(r.scaled, r.exact, `${what}: the scaled sums were used`);
    }
    // A near-perfect fit (group 4): no bound, its sums from an exact pass over its rows, the
    // same bits as the exact sums; the other groups' scaled.
    const perfect = await three((profile) => model.fitBy(db.conn, { table: 'p' }, ['g'], { profile, scoreBatchRows: 20000 }));
    const of4 = (r: Record<string, number>, four: boolean): Record<string, number> => Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('[4]') === four));
    assert.deepEqual(of4(perfect.scaled, true), of4(perfect.exact, true), `perfect fit, weights ${weights ?? 'none'}`);
    worst = Math.max(worst, close(of4(perfect.scaled, false), of4(perfect.exact, false), 'the other groups'));
    assert.ok(perfect.marks[1]!.some((s) => s.startsWith('cluster scores') && s.includes('1 groups exact')), `marks ${perfect.marks[1]}`);
    // The same by cell (fitFamilies: the exact pass reads the group's cells).
    const byCell = await three(async (profile) => (await fitFamilies(db.conn, { table: 'p' }, [{ model, by: ['g'] }], { cells: ['g', 'k'], profile }))[0]!);
    assert.deepEqual(of4(byCell.scaled, true), of4(byCell.exact, true), `perfect fit by cell, weights ${weights ?? 'none'}`);
    worst = Math.max(worst, close(of4(byCell.scaled, false), of4(byCell.exact, false), 'the other groups by cell'));
    assert.notDeepEqual(of4(byCell.scaled, false), of4(byCell.exact, false), 'the other groups by cell, scaled');
  }
  t.diagnostic(`largest relative difference of an SE ${worst.toExponential(2)}`);
});
