/**
 * The cluster score pass: the two-way query sums each clustering from the intersection
 * cells' integer parts (scores-cluster2.sql), which must give the very bits of summing the
 * rows (the one-way query); batching the groups (`scoreBatchRows`) must not change a bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feols, sharedRows, type FitResult, type VcovType } from './index.ts';
import { scoreBatches } from './fit.ts';
import type { ClusterMeat, FitPieces } from './result.ts';
import { openTestDb } from '../../test/helpers/engine/test-db.ts';

const TWOWAY = new URL('../../test/fixtures/r/twoway.csv', import.meta.url).pathname;

/** The raw cluster meats of a fit (terms of each clustering), as kept for `vcov()`. */
const meats = (f: FitResult): FitPieces['clusters'] => (f as unknown as { pieces: FitPieces }).pieces.clusters;

/** The terms of one clustering's meat (a fit of this test keeps every clustering it asks for). */
function terms(m: FitPieces['clusters'], name: string): ClusterMeat['terms'] {
  const c = m.get(name);
  assert.ok(c && !(c instanceof Error), name);
  return c.terms;
}

test('scoreBatches: consecutive groups in runs of at most `rows` rows, a larger group alone', () => {
  const g = (gid: number, n: number) => ({ gid, n });
  assert.deepEqual(scoreBatches([g(0, 4), g(1, 3), g(3, 2), g(4, 9), g(5, 1)], 9), [[0, 3], [4, 4], [5, 5]]);
  assert.deepEqual(scoreBatches([g(2, 1), g(0, 1), g(1, 1)], 100), [[0, 2]]);
  assert.deepEqual(scoreBatches([g(0, 5), g(1, 5)], 1), [[0, 0], [1, 1]]);
  assert.deepEqual(scoreBatches([], 10), []);
});

test('two-way cluster terms equal the one-way meats bit for bit; batched passes change no bit', async (t) => {
  const db = await openTestDb(t);
  await db.run(`CREATE TABLE s AS SELECT * FROM read_csv('${TWOWAY}')`);
  // A split with shared rows (region NULL for a quarter of the firms), and weights.
  await db.run(`CREATE TABLE sh AS SELECT *, firm % 3 AS k, CASE WHEN firm % 4 = 0 THEN NULL ELSE region % 3 END AS g, 1 + (firm % 7) / 3.0 AS w FROM s`);
  const two: VcovType = { cluster: ['firm', 'a'] };
  const types: VcovType[] = [two, { cluster: 'firm' }, { cluster: 'a' }, 'hetero'];
  for (const weights of [undefined, 'w']) {
    const model = feols({ y: 'y', x: ['x1', 'x2'], fe: ['region'], ...(weights ? { weights } : {}), vcov: two, keep: { vcov: types } });
    const whole = await model.fitBy(db.conn, { table: 'sh' }, ['k', 'g'], { rows: sharedRows() });
    const batched = await model.fitBy(db.conn, { table: 'sh' }, ['k', 'g'], { rows: sharedRows(), scoreBatchRows: 1 });
    assert.ok(whole.size >= 6);
    for (const [key, f] of whole) {
      const b = batched.get(key);
      assert.ok(!(f instanceof Error) && b && !(b instanceof Error), String(key));
      const m = meats(f);
      const [t1, t2, t12] = terms(m, 'CR1(firm, a)');
      // Term 1 (firm) and term 2 (a) of the two-way pass are the one-way passes' meats.
      assert.deepEqual(t1, terms(m, 'CR1(firm)')[0]);
      assert.deepEqual(t2, terms(m, 'CR1(a)')[0]);
      assert.ok(t12!.sign === -1 && t12!.g >= Math.max(t1!.g, t2!.g));
      assert.deepEqual(meats(b), m, `${String(key)}: batched`);
      for (const type of types) assert.deepEqual(b.vcov(type).variance, f.vcov(type).variance);
    }
  }
});
