import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundSig, roundTable } from './number.ts';
import { csvCell } from './csv.ts';

test('numbers are written with at most 12 significant digits; integers and non-finite values as they are', () => {
  assert.equal(roundSig(542.3551999999999), 542.3552);
  assert.equal(roundSig(0.1 + 0.2), 0.3);
  assert.equal(roundSig(-0.07962368799829343), -0.0796236879983);
  assert.equal(roundSig(1.23456789012345e-9), 1.23456789012e-9);
  assert.equal(roundSig(123456789012345), 123456789012345);
  assert.ok(Number.isNaN(roundSig(NaN)));
  assert.equal(roundSig(Infinity), Infinity);
  assert.equal(csvCell(542.3551999999999), '542.3552');
  assert.equal(csvCell(16.65851138865002), '16.6585113887');
  for (const v of [Math.PI, -Math.E * 1e7, 1 / 3, 2 / 3e-5]) assert.ok(csvCell(v).replace(/^-|e.*$|\./g, '').replace(/^0+/, '').length <= 12, csvCell(v));
  const t = roundTable({ name: 'x', columns: ['a', 'b', 'c'], rows: [{ a: 'KR', b: 1 / 3, c: null }] });
  assert.deepEqual(t.rows, [{ a: 'KR', b: 0.333333333333, c: null }]);
});
