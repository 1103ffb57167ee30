/**
 * `pg-load` on a throwaway PostgreSQL cluster: every table of a dataset folder arrives
 * under its WRDS name (or in one schema) with every row, values unchanged, and a role
 * with SELECT rights only can read it but not change it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Db, sql } from '../../src/db/index.ts';
import { pgLoad } from '../../src/ingest/postgres/load.ts';
import { connect } from '../../src/ingest/postgres/source.ts';
import { pgSkipReason, startCluster, type PgCluster } from '../helpers/pg-cluster.ts';

const skip = pgSkipReason();
let pg: PgCluster | undefined;
const DATA = 'test/fixtures/tiny';

before(() => {
  if (skip) return;
  pg = startCluster();
  pg.psql(`create database wrds; create role reader login;`);
});
after(() => pg?.stop());

test('pg-load puts every table under its WRDS name with every row and value', { skip }, async () => {
  const r = await pgLoad({ data: DATA, url: pg!.url(pg!.superuser, 'wrds') });
  // The tiny fixture has no company_mapping.
  assert.deepEqual(r.tables.map((t) => t.table).sort(), [
    'revelio_individual.individual_positions', 'revelio_individual.individual_user', 'revelio_individual.individual_user_education', 'revelio_individual.individual_user_skills',
  ]);
  // The same rows as the files hold, value for value (as text; empty fields are NULL on both sides).
  const db = await Db.open();
  try {
    const local = await db.all<{ user_id: string; position_id: string; country: string | null; startdate: string | null }>(
      sql`select user_id, position_id, country, startdate from read_csv(${`${DATA}/individual_positions.csv`}, all_varchar = true) order by position_id`,
    );
    const c = await connect(pg!.url(pg!.superuser, 'wrds'));
    try {
      const remote = (await c.query('select user_id, position_id, country, startdate from revelio_individual.individual_positions order by position_id')).rows;
      assert.deepEqual(remote, local);
    } finally {
      await c.end();
    }
  } finally {
    db.close();
  }
  // Loading again replaces the tables (no duplicate rows).
  const again = await pgLoad({ data: DATA, url: pg!.url(pg!.superuser, 'wrds') });
  assert.deepEqual(again.tables.map((t) => t.rows), r.tables.map((t) => t.rows));
});

test('pg-load --schema puts all five in one schema; a SELECT-only role reads but cannot write', { skip }, async () => {
  await pgLoad({ data: DATA, url: pg!.url(pg!.superuser, 'wrds'), schema: 'revelio' });
  pg!.psql('grant usage on schema revelio to reader; grant select on all tables in schema revelio to reader;', 'wrds');
  const c = await connect(pg!.url('reader', 'wrds'));
  try {
    const n = (await c.query('select count(*)::int as n from revelio.individual_positions')).rows[0] as { n: number };
    assert.ok(n.n > 0);
    await assert.rejects(c.query('delete from revelio.individual_positions'), /permission denied/);
  } finally {
    await c.end();
  }
});

test('the CLI names a bad URL without its password', () => {
  const r = spawnSync(process.execPath, ['bin/talentflow.mjs', 'pg-load', '--data', DATA, '--url', 'mysql://me:hunter2@db/x'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /is not a PostgreSQL URL/);
  assert.doesNotMatch(r.stderr, /hunter2/);
});
