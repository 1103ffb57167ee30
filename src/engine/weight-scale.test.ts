/**
 * Weights of any scale (`weightScale`): the sample's weights are brought to at most 1 by a
 * power of two, so a weighted fit whose w·x·x would pass the exact sums' 2⁵³ (weights of
 * 10⁹, an x of 10³ and its square) is estimated, and gives what the same fit with the
 * weights divided by a constant gives (weighted least squares does not depend on the
 * weights' scale): coefficients and every variance to 1e-10, single and split fits and
 * `fitFamilies`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mersenne } from 'pure-rand/generator/mersenne';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { feols, fitFamilies, type FitResult, type GroupResults, type VcovType } from './index.ts';
import { openTestDb } from '../../test/helpers/engine/test-db.ts';

const VCOVS: VcovType[] = ['iid', 'hetero', { cluster: 'cl' }];

function relDiff(a: FitResult, b: FitResult): number {
  let worst = 0;
  const d = (x: number, y: number): void => {
    const r = x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
    worst = Math.max(worst, r);
  };
  assert.equal(a.nobs, b.nobs);
  for (const [k, v] of Object.entries(a.coef())) d(v, b.coef()[k]!);
  for (const v of VCOVS) for (const [k, s] of Object.entries(a.vcov(v).se())) d(s, b.vcov(v).se()[k]!);
  return worst;
}

function groupsDiff(a: GroupResults, b: GroupResults): number {
  assert.deepEqual(a.keys(), b.keys());
  let worst = 0;
  for (const [key, ra] of a) {
    const rb = b.get(key)!;
    assert.ok(!(ra instanceof Error) && !(rb instanceof Error), `group ${JSON.stringify(key)}: ${String(ra)} / ${String(rb)}`);
    worst = Math.max(worst, relDiff(ra, rb));
  }
  return worst;
}

test('weights of 10⁹ with x² of 10⁷ fit as the same weights divided by a constant', async (t) => {
  const db = await openTestDb(t);
  const g = mersenne(20261205);
  const u = (): number => uniformFloat64(g);
  const rows: string[] = [];
  for (let i = 0; i < 900; i++) {
    const x = 3000 * u();
    const z = u() < 0.5 ? 1 : 0;
    const w = 1e9 * (0.5 + u());
    const y = 0.3 * z + 2e-4 * x - 3e-8 * x * x + 0.5 * (i % 5) + u();
    rows.push(`(${i % 3}, ${i % 2}, ${i % 5}, ${i % 23}, ${y}, ${z}, ${x}, ${x * x}, ${w})`);
  }
  await db.run(`CREATE TABLE d AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t(grp, half, f, cl, y, z, x, x2, w)`);
  // the same weights on a scale whose largest is below 1: no scaling
  await db.run('ALTER TABLE d ADD COLUMN w_small DOUBLE');
  await db.run('UPDATE d SET w_small = w / 3e9');
  const model = (w: string) => feols({ y: 'y', x: ['z', 'x', 'x2'], fe: ['f'], weights: w, vcov: VCOVS[0]!, keep: { vcov: VCOVS } });
  let worst = 0;
  worst = Math.max(worst, relDiff(await model('w').fit(db.conn, { table: 'd' }), await model('w_small').fit(db.conn, { table: 'd' })));
  worst = Math.max(worst, groupsDiff(await model('w').fitBy(db.conn, { table: 'd' }, ['grp']), await model('w_small').fitBy(db.conn, { table: 'd' }, ['grp'])));
  const fams = (w: string) => [
    { model: model(w), by: ['grp'] },
    { model: model(w), by: ['grp', 'half'] },
  ];
  const big = await fitFamilies(db.conn, { table: 'd' }, fams('w'), { cells: ['grp', 'half'] });
  const small = await fitFamilies(db.conn, { table: 'd' }, fams('w_small'), { cells: ['grp', 'half'] });
  for (let i = 0; i < big.length; i++) worst = Math.max(worst, groupsDiff(big[i]!, small[i]!));
  t.diagnostic(`largest relative difference ${worst.toExponential(2)}`);
  assert.ok(worst <= 1e-10, `relative difference ${worst}`);
});
