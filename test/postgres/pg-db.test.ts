/**
 * The PostgreSQL `Db` (src/db/postgres.ts) answers as the DuckDB one does: rows with
 * integers as numbers and dates as strings, streamed batches, temporary tables replaced
 * through the dialect seam, the exact sum equal, and a role with only TEMP rights on the
 * database can do all of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDb } from '../../src/db/index.ts';
import { copyBinary, packedQuery } from '../../src/db/postgres.ts';
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

test('PgDb.batches packs a batch into arrays and gives the values, order and NULLs the rows give', { skip: pgSkip }, async () => {
  const pgdb = await freshPgDb();
  try {
    await pgdb.run(`create temp table p as
      select i, (i * 1000000000000)::bigint as big, (i * 0.37 - 11.3) / 7 as x, (i / 7.0)::numeric(12, 4) as n, i % 2 = 0 as even,
        case i % 5 when 0 then null when 1 then 'a,b' when 2 then 'say "hi"' when 3 then 'NULL' else 'back\\slash {x}' end as s,
        case when i % 3 = 0 then null else i * 0.5 end as h, (i % 4)::smallint as sm, i::real / 4 as r
      from generate_series(1, 120001) g(i)`);
    // more rows than one batch, in an order that is not the table's
    const q = 'select i, big, x, n, even, s, h, sm, r from p order by i % 1000, i desc';
    const rows = await pgdb.all<Record<string, unknown>>(q);
    // every column is of a packed type: the batches come as arrays
    const shape = await pgdb.query(`select * from (${q}) as t limit 0`);
    assert.ok(packedQuery(q, shape.fields));
    const got: unknown[][] = [];
    let batches = 0;
    for await (const b of pgdb.batches(q)) {
      batches++;
      assert.equal(b.columnCount, 9);
      for (let r = 0; r < b.rowCount; r++) got.push(Array.from({ length: 9 }, (_, j) => b.column(j)[r]));
    }
    assert.equal(batches, 3);
    assert.deepEqual(got, rows.map((r) => Object.values(r)));
    // a type that is not packed (date), and an empty result
    const dated = 'select i, date \'2020-01-01\' + i as d from p where i <= 3 order by i; ';
    const dates: unknown[] = [];
    for await (const b of pgdb.batches(dated)) for (let r = 0; r < b.rowCount; r++) dates.push(b.column(1)[r]);
    assert.deepEqual(dates, ['2020-01-02', '2020-01-03', '2020-01-04']);
    let none = 0;
    for await (const b of pgdb.batches('select i from p where i < 0;\n-- the end\n')) none += b.rowCount;
    assert.equal(none, 0);
  } finally {
    await pgdb.close();
  }
});

test('PgDb.load copies integer and double columns in the binary format, every value exact', { skip: pgSkip }, async () => {
  const pgdb = await freshPgDb();
  try {
    const xs = [1 / 3, 0, -0, 2 / 3, -1e-300, 5e-324, 1.7976931348623157e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, 0.1 + 0.2, Math.PI, -Math.E];
    // more rows than one 64 KiB buffer
    const rows = Array.from({ length: 30_000 }, (_, i) => [i, i % 7 === 0 ? null : i - 15_000, xs[i % xs.length]!, i === 0 ? 2 ** 31 - 1 : -(2 ** 31), (i + 1) / 3, -(i + 1) / 7]);
    const cols = [{ name: 'k', type: 'integer' }, { name: 'i', type: 'integer' }, { name: 'x', type: 'double precision' }, { name: 'e', type: 'INTEGER' }, { name: 'y', type: 'float8' }, { name: 'z', type: 'float8' }];
    // the first rows are shorter in binary: the binary format is used
    assert.ok(copyBinary(cols, rows.slice(0, 1000), String));
    await pgdb.load('b', cols, rows);
    const back = await pgdb.all<{ k: number; i: number | null; x: number | null; e: number; y: number; z: number }>('select k, i, x, e, y, z from b order by k');
    assert.equal(back.length, rows.length);
    back.forEach((r, k) => {
      assert.deepEqual([r.k, r.i, r.x, r.e, r.y, r.z], rows[k], `row ${k}`);
      if (Object.is(rows[k]![2], -0)) assert.ok(Object.is(r.x, -0));
    });
    await assert.rejects(pgdb.load('c', [{ name: 'i', type: 'integer' }, { name: 'x', type: 'double precision' }], [[1.5, 1 / 3]]), /not a 32-bit integer/);
    // mostly zeros: shorter as text, which carries the same values (but for the sign of a zero)
    const zeros = Array.from({ length: 3000 }, (_, i) => [i, i % 100 === 0 ? 1 / 7 : 0]);
    const zcols = [{ name: 'k', type: 'integer' }, { name: 'x', type: 'double precision' }];
    assert.equal(copyBinary(zcols, zeros.slice(0, 1000), String), undefined);
    await pgdb.load('z', zcols, zeros);
    assert.deepEqual((await pgdb.all<{ k: number; x: number }>('select k, x from z order by k')).map((r) => [r.k, r.x]), zeros);
  } finally {
    await pgdb.close();
  }
});
