/**
 * The DuckDB connection's streamed batches: DOUBLE and INTEGER columns come as typed
 * arrays when they hold no NULL, and with NULLs in place otherwise, equal to the package's
 * own value reader, across chunk boundaries and every bit of the validity mask.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb } from '../../test/helpers/engine/test-db.ts';

test('batches read DOUBLE, INTEGER, BIGINT and VARCHAR columns with their NULLs', async (t) => {
  const { conn, raw } = await openTestDb(t);
  const sql = `SELECT i::INTEGER AS a, (i / 7.0)::DOUBLE AS b, CASE WHEN i % 13 <> 5 AND i <> 70 THEN -i::INTEGER END AS c,
    CASE WHEN i % 64 <> 63 AND i <> 3000 THEN (i * 0.5)::DOUBLE END AS d, i::BIGINT AS e, CASE WHEN i % 3 = 0 THEN 'x' || i END AS f
    FROM range(5000) t(i) ORDER BY i`;
  const got: unknown[][] = [];
  let typed = 0;
  for await (const batch of conn.batches(sql)) {
    const cols = Array.from({ length: 6 }, (_, j) => batch.column(j));
    if (cols[0] instanceof Int32Array && cols[1] instanceof Float64Array) typed++;
    for (let i = 0; i < batch.rowCount; i++) got.push(cols.map((c) => c[i]));
  }
  assert.ok(typed > 0, 'columns without NULL come as typed arrays');
  const want = (await raw.runAndReadAll(sql)).getRows();
  assert.equal(got.length, 5000);
  assert.deepEqual(got, want);
  assert.equal(got[70]![2], null);
  assert.equal(got[63]![3], null);
  assert.equal(got[64]![3], 32);
});
