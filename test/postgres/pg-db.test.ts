/**
 * The PostgreSQL `Db` (src/db/postgres.ts) answers as the DuckDB one does: rows with
 * integers as numbers and dates as strings, streamed batches, temporary tables replaced
 * through the dialect seam, the exact sum equal, and a role with only TEMP rights on the
 * database can do all of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDb } from '../../src/db/index.ts';
import { freshPgDb, mirrorTables, pgSkip } from '../helpers/pg-db.ts';

const SETUP = `create or replace temp table t as
  select i::integer as i, (i * 1000000000000)::bigint as big, (i * 0.37 - 11.3) / 7 as x, 'c' || (i % 3)::varchar as s,
    date '2020-01-01' + i::integer as d, i % 2 = 0 as even, [i * 1.5, 2.0]::double[] as arr
  from generate_series(1, 2000) g(i)`;
const QUERIES = [
  'select count(*) as n, sum(i) as si, exact_sum(x) as sx from t',
  'select s, count(*) as n, exact_sum(case when even then x end) as sx, min(d) as d0 from t group by s order by s',
  'select i, big, cast(i as double) / 3 as third, d, even, arr[1] as a1 from t where i < 5 order by i',
];

test('PgDb gives the rows DuckDB gives, as a TEMP-only role', { skip: pgSkip }, async () => {
  const duck = await DuckDb.open();
  const pgdb = await freshPgDb({ role: 'tf_temp_only' });
  try {
    await duck.run(SETUP);
    await mirrorTables(duck, pgdb, ['t']);
    assert.equal(await pgdb.hasTable('t'), true);
    assert.equal(await pgdb.hasTable('nope'), false);
    for (const q of QUERIES) assert.deepEqual(await pgdb.all(q), await duck.all(q), q);
    // replacing a temp table goes through pg_temp
    await pgdb.run('create or replace temp table u as select i from t where i <= 10');
    await pgdb.run('create or replace temp table u as select i from t where i <= 20');
    assert.equal(await pgdb.scalar('select count(*) from u'), 20);
    // batches: every row once, in order, with the column count
    let n = 0;
    let sum = 0;
    for await (const b of pgdb.batches('select i, x from t order by i')) {
      assert.equal(b.columnCount, 2);
      for (let r = 0; r < b.rowCount; r++) sum += Number(b.column(0)[r]);
      n += b.rowCount;
    }
    assert.equal(n, 2000);
    assert.equal(sum, (2000 * 2001) / 2);
  } finally {
    duck.close();
    await pgdb.close();
  }
});
