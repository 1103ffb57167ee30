/**
 * The parsing helpers of sql/macros.sql on tricky values: the numeric-key order of
 * `tf_key_number` (read as BIGINT up to 18 digits, as DECIMAL(38, 0) beyond) is the order
 * of the numbers, then of the texts; the typed readings (`tf_num_of`, `tf_date_of`) take
 * what the text rules take; and the helpers give the same answers on DuckDB (as macros)
 * and on PostgreSQL (inlined).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDb, sql, fill, join as joinSql, sqlFile, type Db } from '../db/index.ts';
import { useMacros } from '../db/macros.ts';
import { freshPgDb, pgSkip } from '../../test/helpers/pg-db.ts';

const MACROS = sqlFile(import.meta.url, 'sql/macros.sql');

const KEYS = [
  '0', '007', '7', '+7', '-7', '-0', '+0', '18', '999999999999999999', '-999999999999999999',
  '1000000000000000000', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
  '9'.repeat(38), '-' + '9'.repeat(38), '1' + '0'.repeat(37), '1' + '0'.repeat(38), '9'.repeat(39),
  'abc', 'a1', '1a', '1.0', '1e3', '', ' 5', '5 ', '++5', '-', '+', '٣', '１２',
];

const NUMBERS = [
  '1', '-1', '+1', '1.5', '.5', '5.', '1e5', '1E+05', '1e-99', '1e100', '1_000', '1__0', '_1', '1_', '1.5_0', 'nan', 'NaN', 'inf',
  '-Infinity', '1e', '', ' ', ' 12 ', '0x10', '1,5', '١', '2147483647', '2147483646', '-2147483647', '3.0', '3.5', '9'.repeat(201), '9'.repeat(200),
];

const DATES = [
  '2015-03-01', '2015-02-29', '2016-02-29', '1900-01-01', '1899-12-31', '2100-12-31', '2101-01-01', '2015-03', '2015-13',
  '2015-00-10', '2015-03-01 12:00:00', '2015-03-01T00:00', '2015-03-01x', ' 2015-03-01 ', '2015-3-1', '15-03-01', '', 'n/a',
  '2015-04-31', '2000-02-29', '1900-02-29', '2015-03-01 ', '20150301',
];

const TYPED_DOUBLES = ['NaN', 'Infinity', '-Infinity', '0', '-0', '1', '-2.5', '1e100', '-1e100', '9.999999999999999e99', '1e-99', '-1e-99', '9.99e-100', '5e-324', '1.7976931348623157e308'];
const TYPED_DATES = ['1899-12-31', '1900-01-01', '2015-06-30', '2100-12-31', '2101-01-01', '0001-01-01', '9999-12-31'];

/** The expected order: numbers (sign, at most 38 digits) by value, then by text; then texts. */
function keyOrder(keys: readonly string[]): string[] {
  const num = (s: string) => (/^[+-]?[0-9]{1,38}$/.test(s) ? BigInt(s) : null);
  const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  return [...keys].sort((a, b) => {
    const x = num(a);
    const y = num(b);
    if (x !== null && y !== null) return x < y ? -1 : x > y ? 1 : bytes(a, b);
    if (x !== null) return -1;
    if (y !== null) return 1;
    return bytes(a, b);
  });
}

const values = (xs: readonly string[]) => joinSql(xs.map((x, i) => sql`(${i}, ${x})`));

async function answers(db: Db): Promise<unknown[]> {
  const prep = await useMacros(db, MACROS);
  const out: unknown[] = [];
  // DuckDB compares text by bytes and has no collation "C" for a VALUES text; PostgreSQL needs it.
  const bytes = db.dialect === 'postgres' ? sql`collate "C"` : sql``;
  const keys = await db.all<{ s: string }>(prep(fill(sql`select s from (values {{v}}) t(i, s) order by tf_key_number(s) nulls last, s {{bytes}}`, { v: values(KEYS), bytes })));
  out.push(keys.map((r) => r.s));
  const nums = await db.all(prep(fill(sql`select i, tf_num(s) as n, tf_int(s) as k, tf_blank(s) as b, tf_text(s) as x from (values {{v}}) t(i, s) order by i`, { v: values(NUMBERS) })));
  out.push(nums);
  const dates = await db.all(prep(fill(sql`select i, tf_date(s, false) as d0, tf_date(s, true) as d1 from (values {{v}}) t(i, s) order by i`, { v: values(DATES) })));
  out.push(dates);
  // the typed readings: a DOUBLE and a DATE as the text path reads their text
  const doubles = await db.all(prep(fill(sql`select i, tf_num_of(CAST(s AS DOUBLE)) as n from (values {{v}}) t(i, s) order by i`, { v: values(TYPED_DOUBLES) })));
  out.push(doubles);
  const typedDates = await db.all(prep(fill(sql`select i, tf_date_of(CAST(s AS DATE)) as d from (values {{v}}) t(i, s) order by i`, { v: values(TYPED_DATES) })));
  out.push(typedDates);
  return out;
}

async function duckAnswers(): Promise<unknown[]> {
  const db = await DuckDb.open();
  try {
    return await answers(db);
  } finally {
    db.close();
  }
}

test('tf_key_number orders numeric keys by value (BIGINT and DECIMAL(38, 0) ranges), then text keys', async () => {
  const [keys] = await duckAnswers();
  assert.deepEqual(keys, keyOrder(KEYS));
});

test('tf_num_of and tf_date_of accept exactly the values whose text tf_num and tf_date accept', async () => {
  const db = await DuckDb.open();
  try {
    const prep = await useMacros(db, MACROS);
    const bad = await db.all(prep(fill(sql`select s from (values {{v}}) t(i, s)
      where (tf_num_of(CAST(s AS DOUBLE)) IS NULL) <> (tf_num(CAST(CAST(s AS DOUBLE) AS VARCHAR)) IS NULL)
         or tf_num_of(CAST(s AS DOUBLE)) <> tf_num(CAST(CAST(s AS DOUBLE) AS VARCHAR))`, { v: values(TYPED_DOUBLES) })));
    assert.deepEqual(bad, []);
    const badDates = await db.all(prep(fill(sql`select s from (values {{v}}) t(i, s)
      where tf_date_of(CAST(s AS DATE)) IS DISTINCT FROM tf_date(CAST(CAST(s AS DATE) AS VARCHAR), false)`, { v: values(TYPED_DATES) })));
    assert.deepEqual(badDates, []);
  } finally {
    db.close();
  }
});

test('the parsing helpers give the same answers on DuckDB and PostgreSQL', { skip: pgSkip }, async () => {
  const duck = await duckAnswers();
  const pg = await freshPgDb();
  try {
    assert.deepEqual(await answers(pg), duck);
  } finally {
    await pg.close();
  }
});
