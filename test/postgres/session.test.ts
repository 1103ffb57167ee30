/**
 * The study's session on PostgreSQL (src/ingest/postgres/source.ts `applyStudySettings`,
 * src/db/postgres.ts): the planner and memory settings are SET for the session, one the
 * client chose is kept, a refused one does not fail; every temporary table made from a
 * query is analyzed; a `/* fence *\/` subquery is not pulled up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PG_TYPES, PgDb } from '../../src/db/postgres.ts';
import { applyStudySettings, STUDY_SETTINGS } from '../../src/ingest/postgres/source.ts';
import { freshPgDb, pgCluster, pgSkip } from '../helpers/pg-db.ts';

test('the study settings are SET for the session; the client\'s own choice is kept', { skip: pgSkip }, async () => {
  const fresh = await freshPgDb();
  const database = (fresh.client as unknown as { database: string }).database;
  await fresh.close();
  const c = pgCluster();
  const client = new pg.Client({ connectionString: c.url(c.superuser, database), types: PG_TYPES, options: '-c work_mem=64MB' });
  await client.connect();
  const db = new PgDb(client);
  try {
    const applied = await applyStudySettings(db);
    assert.deepEqual(applied, ['enable_nestloop=off', 'jit=off', 'temp_buffers=1GB', 'work_mem=64MB']);
    assert.equal(STUDY_SETTINGS.work_mem, '256MB');
    // temp_buffers cannot change once the session has used a temporary table: refused, and the run goes on
    await db.run('create temp table t as select 1 as x');
    await db.run("select set_config('temp_buffers', '8MB', false)").then(
      () => assert.fail('the server took a new temp_buffers after a temporary table was used'),
      () => undefined,
    );
    assert.ok((await applyStudySettings(db)).includes('temp_buffers=1GB'));
  } finally {
    await db.close();
  }
});

test('PgDb analyzes each temporary table a statement makes from a query, and a fenced subquery stays a subquery', { skip: pgSkip }, async () => {
  const db = await freshPgDb();
  try {
    await db.run(`-- two tables in one text
      create or replace temp table a as select g as i from generate_series(1, 5000) g;
      create temp table b as select i * 2 as j from a where i <= 100`);
    const tuples = await db.all<{ relname: string; reltuples: number }>(
      "select relname, reltuples from pg_class where relname in ('a', 'b') and relpersistence = 't' order by relname",
    );
    assert.deepEqual(tuples, [{ relname: 'a', reltuples: 5000 }, { relname: 'b', reltuples: 100 }]);
    // several statements: the last one's rows
    assert.deepEqual(await db.all("select 1 as x; select 'a;b' as s -- ; a comment"), [{ s: 'a;b' }]);
    const plan = (q: string) => db.all<{ 'QUERY PLAN': string }>(`explain ${q}`).then((r) => r.map((x) => x['QUERY PLAN']).join('\n'));
    const sub = 'select v + 1 as w, v * 2 as z from (select sqrt(i) as v from a {{f}}) q';
    assert.doesNotMatch(await plan(sub.replace('{{f}}', '')), /Subquery Scan/);
    assert.match(await plan(sub.replace('{{f}}', '/* fence */')), /Subquery Scan/);
  } finally {
    await db.close();
  }
});
