/**
 * The columns of `positions` a study's ingest keeps (`IngestOptions.study`): only the role
 * and industry columns the study reads of `ATTRIBUTE_COLUMNS`, the same from CSV and
 * Parquet, with the same rows, rejects and summary as an ingest of every column; every
 * stage gives the same results on it, under the role and industry options too; `talentflow
 * run` keeps a non-default role column and `talentflow ingest --db` keeps every column.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db, sql, ident, join as joinSql } from '../../src/db/index.ts';
import { ingest, type IngestSummary } from '../../src/ingest/index.ts';
import { TABLES } from '../../src/ingest/schema.ts';
import { generateWorld } from '../../src/synth/index.ts';
import { STUDY_GRAPH } from '../../src/study/stages.ts';
import { studyOptions, type StudyOptions } from '../../src/study/options.ts';
import { defaultYears } from '../../src/measure/panel/index.ts';
import { runStudy } from '../../src/study/run.ts';

/** Every column of `positions`, in order. */
const ALL = [
  'uid', 'position_id', 'pid_rank', 'position_number', 'startdate', 'enddate', 'country', 'rcid', 'company', 'role_k50', 'role_k150',
  'role_k1500', 'role_k17000_v3', 'onet_code', 'seniority', 'salary', 'weight', 'rics_k50', 'naics_code',
];
/** The attribute columns a study leaves out, given its options (the world has role_k150 and rics_k50). */
const CASES: { options: Partial<StudyOptions>; kept: string[] }[] = [
  { options: {}, kept: ['role_k150', 'rics_k50'] },
  { options: { roleColumn: 'role_k1500', industryColumn: 'naics_code' }, kept: ['role_k1500', 'naics_code'] },
  { options: { roleColumn: 'company', industryColumn: 'role_k50' }, kept: ['company', 'role_k50'] },
];
const ATTRIBUTES = ['company', 'role_k50', 'role_k150', 'role_k1500', 'role_k17000_v3', 'onet_code', 'rics_k50', 'naics_code'];

let root = '';
let csv = '';
let parquet = '';

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'tf-study-columns-'));
  csv = join(root, 'csv');
  parquet = join(root, 'parquet');
  await generateWorld({ outDir: csv, users: 1500, seed: 17, format: 'csv' });
  // a role_k1500 and an onet_code with values (the synthetic world has neither), and a
  // few rows that make rejects
  const db = await Db.open();
  try {
    const file = join(csv, 'individual_positions.csv');
    const tmp = join(csv, 'positions.tmp.csv');
    await db.run(sql`COPY (
      SELECT * REPLACE (CASE WHEN hash(position_id) % 97 = 0 THEN 'XX' ELSE country END AS country),
             role_k50 || '-' || CAST(hash(position_id) % 3 AS VARCHAR) AS role_k1500, 'onet-' || role_k150 AS onet_code
      FROM read_csv(${file}, header = true, all_varchar = true)
    ) TO ${tmp} (HEADER, DELIMITER ',')`);
    renameSync(tmp, file);
    mkdirSync(parquet);
    for (const f of readdirSync(csv).filter((n) => n.endsWith('.csv'))) {
      await db.run(sql`COPY (SELECT * FROM read_csv(${join(csv, f)}, all_varchar = true, header = true)) TO ${join(parquet, f.replace('.csv', '.parquet'))} (FORMAT parquet)`);
    }
  } finally {
    db.close();
  }
});
after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

async function positionColumns(db: Db): Promise<string[]> {
  return (await db.all<{ column_name: string }>('select column_name from (describe positions)')).map((r) => r.column_name);
}

async function rows(db: Db, table: string, columns?: string[]): Promise<unknown[]> {
  const cols = columns ? joinSql(columns.map((c) => ident(c))) : sql`*`;
  return db.all(sql`SELECT ${cols} FROM ${ident(table)} ORDER BY ALL`);
}

function withoutFiles(s: IngestSummary): Omit<IngestSummary, 'files'> {
  const { files: _files, ...rest } = s;
  return rest;
}

test('a study\'s ingest keeps only the attribute columns it reads, from CSV and Parquet alike, with the same rows and rejects', async () => {
  const full = await Db.open();
  const fullSummary = await ingest(full, csv);
  assert.deepEqual(await positionColumns(full), ALL, 'an ingest without study options keeps every column');
  for (const { options, kept } of CASES) {
    const expected = ALL.filter((c) => !ATTRIBUTES.includes(c) || kept.includes(c));
    for (const dir of [csv, parquet]) {
      const db = await Db.open();
      try {
        const summary = await ingest(db, dir, { study: studyOptions(options) });
        const what = `${JSON.stringify(options)} from ${dir === csv ? 'CSV' : 'Parquet'}`;
        assert.deepEqual(await positionColumns(db), expected, what);
        assert.deepEqual(await rows(db, 'positions'), await rows(full, 'positions', expected), what);
        for (const t of TABLES.map((d) => d.target).filter((t) => t !== 'positions')) assert.deepEqual(await rows(db, t), await rows(full, t), `${t}: ${what}`);
        for (const t of ['user_keys', 'columns_present', 'ingest_stats']) assert.deepEqual(await rows(db, t), await rows(full, t), `${t}: ${what}`);
        if (dir === csv) {
          assert.deepEqual(await rows(db, 'rejects'), await rows(full, 'rejects'), what);
          assert.deepEqual(withoutFiles(summary), withoutFiles(fullSummary), what);
        }
      } finally {
        db.close();
      }
    }
  }
  assert.ok(((await full.scalar<number>('select count(*) from rejects')) ?? 0) > 10, 'the world has rejects');
  full.close();
});

test('the stages read the same data from a study\'s ingest as from every column, under the role and industry options', async () => {
  // the stages that read positions themselves, and the panel view, which the others read
  // (premium, premium_new_hires, decomposition, sensitivity: its role and industry too)
  const targets = ['panel', 'headcount', 'flows', 'abroad', 'mobility', 'composition', 'abroad_gap'];
  for (const { options } of CASES.slice(0, 2)) {
    const opts = studyOptions({ ...options, bootstrap: 0 });
    const seen = [];
    for (const study of [undefined, opts]) {
      const db = await Db.open();
      try {
        await ingest(db, csv, study ? { study } : {});
        const ctx = { db, options: opts, years: await defaultYears(db, opts) };
        const { outputs } = await STUDY_GRAPH.run(ctx, { targets });
        seen.push({ outputs, panel: await rows(db, 'panel') });
      } finally {
        db.close();
      }
    }
    const [a, b] = seen as [(typeof seen)[0], (typeof seen)[0]];
    assert.ok(a.outputs.has('abroad_gap') && a.outputs.has('mobility'), [...a.outputs.keys()].join(' '));
    assert.ok(a.panel.some((r) => (r as { role: unknown }).role !== null), 'the panel has roles');
    assert.deepEqual(b.panel, a.panel, `panel: ${JSON.stringify(options)}`);
    assert.deepEqual(b.outputs, a.outputs, JSON.stringify(options));
  }
});

test('run keeps the role and industry columns of --role-column and --industry-column', async () => {
  const out = join(root, 'out');
  const options = studyOptions({ roleColumn: 'role_k1500', industryColumn: 'naics_code', bootstrap: 0 });
  // UnknownColumnError if the run's ingest left either out
  const r = await runStudy({ data: parquet, out, options, report: false });
  assert.equal(r.manifest.options.roleColumn, 'role_k1500');
  const premium = r.tables.get('premium')!.rows.filter((row) => row.estimate !== null);
  assert.ok(premium.length > 0, 'the premium was estimated');
});

test('talentflow ingest --db keeps every column of positions', async () => {
  const path = join(root, 'kept.duckdb');
  const i = spawnSync(process.execPath, ['bin/talentflow.mjs', 'ingest', '--data', parquet, '--db', path, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(i.status, 0, i.stderr);
  const db = await Db.open(path);
  try {
    assert.deepEqual(await positionColumns(db), ALL);
    for (const c of ['company', 'role_k1500', 'onet_code', 'naics_code']) {
      assert.ok(((await db.scalar<number>(sql`select count(${ident(c)}) from positions`)) ?? 0) > 0, `${c} has values`);
    }
  } finally {
    db.close();
  }
});
