/**
 * A regressor that is 0 on every row of a group whose rows are centred elsewhere (shared
 * rows: at the outer key's means) is a column of zeros: dropped as collinear, the group
 * estimated without it. Its uncentred norm, recovered from the centred sums, cancels to
 * rounding noise; a negative or zero noise norm let the factorisation keep the column
 * with a pivot of √(negative) and the group's coefficients came out NaN, which failed the
 * whole split in its variance pass ("DOUBLE nan can't be cast … INT64"; seen on a small
 * world with `--min-cell 0`: a skill cell of the first year, where experience is 0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mersenne } from 'pure-rand/generator/mersenne';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { choleskyInOrder } from './linalg.ts';
import { feols, sharedRows } from './index.ts';
import { openTestDb } from '../../test/helpers/engine/test-db.ts';

test('choleskyInOrder drops a column whose norm is zero or negative, whatever its pivot', () => {
  // column 1 is a column of zeros whose norm came out −4e-15, its pivot +1e-30
  const A = Float64Array.from([4, 0, 0, 1e-30]);
  for (const norm of [-4e-15, 0]) {
    const f = choleskyInOrder(A, 2, Float64Array.from([4, norm]));
    assert.deepEqual(f.kept, [0]);
    assert.deepEqual(f.dropped, [1]);
  }
  assert.deepEqual(choleskyInOrder(A, 2, Float64Array.from([4, 1e-25])).kept, [0, 1]);
});

test('shared rows: a regressor that is 0 in a whole group is dropped there, every group estimated', async (t) => {
  const db = await openTestDb(t);
  const g = mersenne(4);
  const u = (): number => uniformFloat64(g);
  const rows: string[] = [];
  // 40 outer keys; in each, group 'zero' has exp = 0 on its own and the shared rows, group
  // 'pos' has exp > 0, so the outer mean of exp (the centre) is positive
  for (let c = 0; c < 40; c++) {
    const add = (k: string | null, exp: number): void => {
      const z = u() < 0.5 ? 1 : 0;
      rows.push(`(${c}, ${k === null ? 'NULL' : `'${k}'`}, ${0.2 * z + 0.03 * exp + u()}, ${z}, ${exp}, ${exp * exp}, ${Math.floor(u() * 6)})`);
    };
    for (let i = 0; i < 4; i++) add('zero', 0);
    add('zero', 0);
    for (let i = 0; i < 8; i++) add('pos', 1 + 30 * u());
    for (let i = 0; i < 3; i++) add(null, 0);
  }
  await db.run(`CREATE TABLE sh AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t(c, k, y, z, exp, exp2, firm)`);
  const model = feols({ y: 'y', x: ['z', 'exp', 'exp2'], vcov: { cluster: 'firm' } });
  const res = await model.fitBy(db.conn, { table: 'sh' }, ['c', 'k'], { rows: sharedRows() });
  assert.equal(res.size, 80);
  for (const [key, r] of res) {
    assert.ok(!(r instanceof Error), `${JSON.stringify(key)}: ${String(r)}`);
    const coef = r.coef();
    const se = r.se();
    assert.ok(Number.isFinite(coef.z!) && Number.isFinite(se.z!), `${JSON.stringify(key)}: z ${coef.z} (${se.z})`);
    if (key[1] === 'zero') assert.deepEqual(r.dropped, ['exp', 'exp2'], JSON.stringify(key));
    else assert.deepEqual(r.dropped, [], JSON.stringify(key));
  }
});
