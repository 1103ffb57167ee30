/**
 * The must-show: `run --source` on a local PostgreSQL, as a role with only SELECT
 * on the source and TEMP on the database, gives the same outputs as `run --data` on the
 * same world. A seeded synthetic world is loaded with `pg-load` under the WRDS names into
 * a throwaway cluster; every output CSV of the two runs is compared table by table: the
 * same header and keys, counts exact, estimates and standard errors to 1e-9 relative, the
 * same suppressed cells and bootstrap intervals; rejects.csv the same rejects, named by
 * source table and row number. The source is unchanged afterwards, and the role's
 * password (in the URL and in PGPASSWORD) appears nowhere in the output folder or the
 * run's stdout/stderr. SIGINT cancels the running query on the server and leaves no
 * output; a statement timeout is named with what to do.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateWorld } from '../../src/synth/index.ts';
import { pgLoad } from '../../src/ingest/postgres/load.ts';
import { pgCluster, pgSkip } from '../helpers/pg-db.ts';
import { compareOutputs, readCsv, type CsvRow } from '../helpers/compare-outputs.ts';
import type { PgCluster } from '../helpers/pg-cluster.ts';

const USERS = 3000;
const SEED = 20;
const ROLE = 'tf_study';
const PASSWORD = 'Pw-7f3a9c-not-in-any-output';
const DB = 'wrds';
/** Options of both runs: a short span, so the world's every stage runs in seconds. */
const FLAGS = ['--from', '2015', '--to', '2020', '--bootstrap', '50'];
/** `TF_RUN_SOURCE_TABLES=headcount,flows`: compare only these tables (a local check while stages are being ported). */
const ONLY = process.env.TF_RUN_SOURCE_TABLES?.split(',').filter(Boolean);

if (!pgSkip) pgCluster(); // at the top level: the cluster's `after` hook belongs to this file
let c: PgCluster;
let root = '';
let world = '';

before(async () => {
  if (pgSkip) return;
  c = pgCluster();
  root = mkdtempSync(join(tmpdir(), 'tf-run-source-'));
  world = join(root, 'world');
  await generateWorld({ outDir: world, users: USERS, seed: SEED, format: 'csv', threads: 1 });
  c.psql(`create database ${DB}`);
  await pgLoad({ data: world, url: c.url(c.superuser, DB) });
  // The study's role: a password (checked: scram for this role, first in pg_hba.conf),
  // CONNECT and TEMP on the database, USAGE and SELECT on the source schemas, nothing else.
  c.psql(`set password_encryption = 'scram-sha-256'; create role ${ROLE} login password '${PASSWORD}';
    revoke all on database ${DB} from public; grant connect, temp on database ${DB} to ${ROLE};`);
  c.psql(`revoke create on schema public from public;
    grant usage on schema revelio_individual, revelio_common to ${ROLE};
    grant select on all tables in schema revelio_individual, revelio_common to ${ROLE};`, DB);
  const hba = join(c.socketDir, 'data', 'pg_hba.conf');
  writeFileSync(hba, `local all ${ROLE} scram-sha-256\n` + readFileSync(hba, 'utf8'));
  c.psql('select pg_reload_conf()');
});
after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The study's URL: the role and its password over the cluster's socket. */
function sourceUrl(): string {
  return `postgres://${ROLE}:${encodeURIComponent(PASSWORD)}@/${DB}?host=${encodeURIComponent(c.socketDir)}&port=${c.port}`;
}

/** `talentflow …` through the built CLI (as a user runs it). */
function cli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/talentflow.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Fingerprint of the source: its relations and their row counts (unchanged by a study). */
function sourceState(): string {
  return c.psql(`select string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' order by 1) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('revelio_individual', 'revelio_common', 'public');
    select count(*) from revelio_individual.individual_positions; select count(*) from revelio_individual.individual_user_skills;`, DB);
}

type Row = CsvRow;

test('run --source as a SELECT+TEMP role equals run --data on the same world, every output', { skip: pgSkip, timeout: 900_000 }, async () => {
  const before = sourceState();
  const outData = join(root, 'out-data');
  const outSource = join(root, 'out-source');
  const d = cli(['run', '--data', world, '--out', outData, ...FLAGS]);
  assert.equal(d.status, 0, d.stderr);
  // the password both in the URL and in PGPASSWORD (libpq's variable, honoured by the client)
  const s = cli(['run', '--source', sourceUrl(), '--out', outSource, ...FLAGS], { PGPASSWORD: PASSWORD });
  assert.equal(s.status, 0, `run --source failed:\n${s.stderr}`);

  // every output CSV, table by table
  const files = readdirSync(outData).filter((f) => f.endsWith('.csv') && f !== 'rejects.csv').sort();
  assert.deepEqual(readdirSync(outSource).filter((f) => f.endsWith('.csv')).sort(), [...files, 'rejects.csv'].sort(), 'the same output files');
  const { problems } = compareOutputs(outData, outSource, ONLY);
  assert.deepEqual(problems, [], problems.join('\n'));

  // rejects: the same ones, each naming its source table instead of a file
  const table: Record<string, string> = {
    'individual_positions.csv': 'revelio_individual.individual_positions', 'individual_user.csv': 'revelio_individual.individual_user',
    'individual_user_education.csv': 'revelio_individual.individual_user_education', 'individual_user_skills.csv': 'revelio_individual.individual_user_skills',
    'company_mapping.csv': 'revelio_common.company_mapping',
  };
  const key = (r: Row, file: string) => [file, r.column, r.reason, r.value, r.action].join('|');
  const rd = readCsv(join(outData, 'rejects.csv')).rows.map((r) => key(r, table[r.file!] ?? r.file!)).sort();
  const rs = readCsv(join(outSource, 'rejects.csv'));
  assert.deepEqual(rs.header, ['file', 'line', 'column', 'reason', 'value', 'action']);
  assert.deepEqual(rs.rows.map((r) => key(r, r.file!)).sort(), rd, 'rejects.csv');
  assert.ok(rs.rows.every((r) => /^[1-9]\d*$/.test(r.line!)), 'every reject has the row number');

  // the manifest: the source without its password, the same rows read and rejected
  const md = JSON.parse(readFileSync(join(outData, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const ms = JSON.parse(readFileSync(join(outSource, 'manifest.json'), 'utf8')) as Record<string, unknown> & { source: { url: string; tables: Record<string, string> } };
  assert.match(ms.source.url, new RegExp(`^postgres://${ROLE}:\\*\\*\\*@/${DB}`));
  assert.equal(ms.source.tables.positions, 'revelio_individual.individual_positions');
  assert.deepEqual((ms.rows as { rejected: unknown }).rejected, (md.rows as { rejected: unknown }).rejected);
  assert.deepEqual(ms.years, md.years);
  assert.deepEqual(ms.disclosure, md.disclosure, 'the same cells withheld');

  // no password anywhere
  const leaks = spawnSync('grep', ['-rlF', PASSWORD, outSource], { encoding: 'utf8' }).stdout;
  assert.equal(leaks, '', `password written to ${leaks}`);
  assert.ok(!s.stdout.includes(PASSWORD) && !s.stderr.includes(PASSWORD), 'password in stdout/stderr');

  // the source is as it was
  assert.equal(sourceState(), before);
});

test('a wrong password is refused with the URL redacted', { skip: pgSkip }, () => {
  const r = cli(['run', '--source', sourceUrl().replace(encodeURIComponent(PASSWORD), 'Wrong-pw-123'), '--out', join(root, 'never')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot connect to postgres:\/\/tf_study:\*\*\*@/);
  assert.ok(!r.stderr.includes('Wrong-pw-123'));
  assert.ok(!existsSync(join(root, 'never')));
});

/** Hold an exclusive lock on the positions table (the study's first read then waits). */
async function lockPositions(): Promise<pg.Client> {
  const holder = new pg.Client({ connectionString: c.url(c.superuser, DB) });
  await holder.connect();
  await holder.query('begin; lock table revelio_individual.individual_positions in access exclusive mode');
  return holder;
}

test('a statement timeout stops the run with what to do, and writes nothing', { skip: pgSkip }, async () => {
  const holder = await lockPositions();
  try {
    const out = join(root, 'out-timeout');
    const child = spawn(process.execPath, ['bin/talentflow.mjs', 'run', '--source', sourceUrl(), '--out', out, '--pg-statement-timeout', '1s', ...FLAGS], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const status = await new Promise<number | null>((res) => child.on('close', res));
    assert.equal(status, 1, stderr);
    assert.match(stderr, /ran longer than the statement timeout \(1000 ms\) in the ingest stage.*--pg-statement-timeout/s);
    assert.ok(!existsSync(out));
  } finally {
    await holder.query('rollback');
    await holder.end();
  }
});

test('Ctrl-C cancels the running query on the server and leaves no output', { skip: pgSkip }, async () => {
  const holder = await lockPositions();
  try {
    const out = join(root, 'out-cancelled');
    const child = spawn(process.execPath, ['bin/talentflow.mjs', 'run', '--source', sourceUrl(), '--out', out, ...FLAGS], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const closed = new Promise<number | null>((res) => child.on('close', res));
    // wait until the study's query waits on the server
    const waiting = () => c.psql(`select count(*) from pg_stat_activity where usename = '${ROLE}' and state = 'active' and wait_event_type = 'Lock'`).trim();
    for (let i = 0; i < 300 && waiting() !== '1'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(waiting(), '1', 'the study never queried the locked table');
    child.kill('SIGINT');
    const status = await closed;
    assert.equal(status, 130, stderr);
    assert.match(stderr, /run cancelled by SIGINT: the query running on the server was cancelled/);
    assert.ok(!existsSync(out), 'no output folder');
    // the session is gone from the server
    for (let i = 0; i < 50 && c.psql(`select count(*) from pg_stat_activity where usename = '${ROLE}'`).trim() !== '0'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(c.psql(`select count(*) from pg_stat_activity where usename = '${ROLE}'`).trim(), '0');
  } finally {
    await holder.query('rollback');
    await holder.end();
  }
});

