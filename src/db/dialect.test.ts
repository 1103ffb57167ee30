import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDb } from './index.ts';
import { exactSumBody, renderSql } from './dialect.ts';

test('renderSql leaves DuckDB text alone', () => {
  const t = 'create or replace temp table x as select exact_sum(a) from t';
  assert.equal(renderSql(t, 'duckdb'), t);
});

test('renderSql: temp tables and views replaced through pg_temp, drops never reach a source schema', () => {
  assert.equal(
    renderSql('CREATE OR REPLACE TEMP TABLE "tf_a" AS select 1', 'postgres'),
    'drop table if exists pg_temp."tf_a"; create temp table "tf_a" AS select 1',
  );
  assert.equal(renderSql('create or replace temp view panel as select 1', 'postgres'), 'drop view if exists pg_temp.panel; create temp view panel as select 1');
  assert.equal(renderSql('drop table if exists tf_x; drop table if exists s.t', 'postgres'), 'drop table if exists pg_temp.tf_x; drop table if exists s.t');
});

test('renderSql: a table of the study is a TEMP table on a server, replaced through pg_temp', () => {
  assert.equal(renderSql('CREATE OR REPLACE TABLE positions AS select 1', 'postgres'), 'drop table if exists pg_temp.positions; create temp table positions AS select 1');
  assert.equal(renderSql('create or replace table rejects (file VARCHAR)', 'postgres'), 'drop table if exists pg_temp.rejects; create temp table rejects (file VARCHAR)');
});

test('renderSql: double types, and exact_sum inlined with balanced parentheses and quotes', () => {
  assert.equal(renderSql('select cast(a as double), b::double, c::double precision', 'postgres'), 'select cast(a as double precision), b::double precision, c::double precision');
  const r = renderSql("select exact_sum(case when f(x) = ')' then w * (y + 1) end) as s", 'postgres');
  assert.equal(r, `select ${exactSumBody("case when f(x) = ')' then w * (y + 1) end")} as s`.replace(/DOUBLE PRECISION/g, 'DOUBLE PRECISION'));
  assert.ok(!/exact_sum/i.test(r));
});

test('renderSql: unnest(generate_series(a, b)) is the set-returning generate_series on PostgreSQL', () => {
  assert.equal(
    renderSql('select uid, unnest(generate_series(greatest(y0, 2019), least(y1, f(2))))::INTEGER as year from t', 'postgres'),
    'select uid, generate_series(greatest(y0, 2019), least(y1, f(2)))::INTEGER as year from t',
  );
  assert.equal(renderSql('select unnest(ARRAY[1, 2]) as x', 'postgres'), 'select unnest(ARRAY[1, 2]) as x');
});

test('renderSql: a standalone `is not distinct from` of names is a hashable text equality on PostgreSQL only', () => {
  const q = `select * from p join c on c.v is not distinct from p.country::VARCHAR and c.dim = 'x'
where (a IS NOT DISTINCT FROM "B"."c") or case when x is not distinct from y then true end`;
  assert.equal(renderSql(q, 'duckdb'), q);
  assert.equal(
    renderSql(q, 'postgres'),
    `select * from p join c on coalesce('v' || c.v, 'n') = coalesce('v' || p.country::VARCHAR, 'n') and c.dim = 'x'
where (coalesce('v' || a, 'n') = coalesce('v' || "B"."c", 'n')) or case when coalesce('v' || x, 'n') = coalesce('v' || y, 'n') then true end`,
  );
  // an operand that is part of a larger expression stays as written (correct, not hashable)
  for (const kept of ['select a + b is not distinct from c from t', 'select 1 from t where a is not distinct from b || c', 'select 1 from t where and_x is not distinct from lower(y)']) {
    assert.equal(renderSql(kept, 'postgres'), kept);
  }
});

test('renderSql: a /* fence */ comment ends its subquery with OFFSET 0 on PostgreSQL only', () => {
  const t = 'select v + 1, v * 2 from (select f(s) as v from t /* fence */) q';
  assert.equal(renderSql(t, 'postgres'), 'select v + 1, v * 2 from (select f(s) as v from t OFFSET 0) q');
  assert.equal(renderSql(t, 'duckdb'), t);
});

test('the inlined exact_sum equals the DuckDB macro', async () => {
  const db = await DuckDb.open();
  try {
    const q = (e: string) => `select ${e} as s from (select (i * 0.37 - 11.3) / 7 as x from generate_series(1, 5000) t(i))`;
    assert.equal(await db.scalar<number>(q('exact_sum(x)')), await db.scalar<number>(q(exactSumBody('x'))));
  } finally {
    await db.close();
  }
});
