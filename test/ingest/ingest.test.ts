import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { Db, sql } from '../../src/db/index.ts';
import { ingest, ingestToFile } from '../../src/ingest/index.ts';
import { MissingTableError } from '../../src/errors.ts';

const TINY = 'test/fixtures/tiny';
const TABLES = ['user_keys', 'positions', 'users', 'education', 'skills', 'companies', 'rejects', 'columns_present'];

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = await db.all(`SELECT * FROM ${t} ORDER BY ALL`);
  return out;
}

test('ingesting the same dataset twice gives identical tables', async () => {
  const a = await Db.open();
  const b = await Db.open();
  await ingest(a, 'test/fixtures/bad-input/21-invalid-seniority');
  await ingest(b, 'test/fixtures/bad-input/21-invalid-seniority');
  assert.deepEqual(await dump(a), await dump(b));
  const c = await Db.open();
  const d = await Db.open();
  await ingest(c, TINY);
  await ingest(d, TINY);
  assert.deepEqual(await dump(c), await dump(d));
  for (const db of [a, b, c, d]) db.close();
});

test('Parquet input gives the same tables as CSV', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-parquet-'));
  const conv = await Db.open();
  for (const f of readdirSync(TINY).filter((n) => n.endsWith('.csv'))) {
    await conv.run(sql`COPY (SELECT * FROM read_csv(${join(TINY, f)}, all_varchar = true, header = true)) TO ${join(dir, f.replace('.csv', '.parquet'))} (FORMAT parquet)`);
  }
  conv.close();
  const a = await Db.open();
  const b = await Db.open();
  await ingest(a, TINY);
  await ingest(b, dir);
  const da = await dump(a);
  const db_ = await dump(b);
  assert.deepEqual(db_.positions, da.positions);
  assert.deepEqual(db_.education, da.education);
  assert.deepEqual(db_.skills, da.skills);
  a.close();
  b.close();
});

test('the tiny dataset is read as written', async () => {
  const db = await Db.open();
  const s = await ingest(db, TINY);
  assert.deepEqual(s.countries, ['GB', 'KR', 'US']);
  assert.deepEqual(s.years, { first: 2012, last: 2021 });
  assert.equal(s.missingWeights, 1);
  const p = await db.one<Record<string, unknown>>(`SELECT * FROM positions WHERE position_id = '201'`);
  assert.equal(p?.startdate, '2012-01-01'); // YYYY-MM start → first day
  assert.equal(p?.enddate, '2020-12-31'); // YYYY-MM end → last day
  assert.equal(p?.weight, 1); // missing weight = 1
  assert.deepEqual(await db.all(`SELECT col FROM columns_present WHERE tbl = 'positions' ORDER BY col`), [
    { col: 'enddate' }, { col: 'rcid' }, { col: 'role_k50' }, { col: 'salary' }, { col: 'seniority' }, { col: 'weight' },
  ]);
  db.close();
});

test('ingest to a file is atomic: a failed ingest leaves the previous database intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-db-'));
  const path = join(dir, 'study.duckdb');
  await ingestToFile(TINY, path);
  const before = readFileSync(path);
  const empty = mkdtempSync(join(tmpdir(), 'tf-empty-'));
  writeFileSync(join(empty, 'individual_user_skills.csv'), 'user_id,skill_raw\n1,ML\n');
  await assert.rejects(ingestToFile(empty, path), MissingTableError);
  assert.deepEqual(readFileSync(path), before);
  assert.equal(readdirSync(dir).filter((f) => f.includes('.tmp-')).length, 0);
  const db = await Db.open(path);
  assert.equal(await db.scalar('SELECT count(*) FROM positions'), 5);
  db.close();
});

test('validate and ingest agree on counts (CLI, JSON)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-cli-'));
  const data = 'test/fixtures/bad-input/34-user-only-rejected';
  const v = spawnSync(process.execPath, ['bin/talentflow.mjs', 'validate', '--data', data, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  const i = spawnSync(process.execPath, ['bin/talentflow.mjs', 'ingest', '--data', data, '--db', join(dir, 'x.duckdb'), '--format', 'json'], { encoding: 'utf8' });
  assert.equal(i.status, 0, i.stderr);
  const vj = JSON.parse(v.stdout) as Record<string, unknown>;
  const ij = JSON.parse(i.stdout) as Record<string, unknown>;
  for (const k of ['rowsRead', 'rowsKept', 'rowsRejected', 'rejectedByReason', 'users', 'countries', 'years']) assert.deepEqual(vj[k], ij[k], k);
  assert.deepEqual(vj.rejectedByReason, { orphan_user_id: 1, unknown_country: 1 });
  assert.ok(existsSync(join(dir, 'x.duckdb')));
  // validate wrote nothing beside the data
  assert.deepEqual(readdirSync(data).sort(), ['expected.json', 'individual_positions.csv', 'individual_user_skills.csv']);
});
