/**
 * Byte-identical runs: the whole study, run twice on the same synthetic world whose
 * weights carry four decimals (not multiples of a power of two, so that floating-point
 * sums in a different order would round differently), with four DuckDB threads so that
 * parallel aggregation shows. Every CSV file, the workbook's cell values, the manifest
 * (creation time and timings aside) and the report (its creation time aside) must be the
 * same bytes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { generateWorld } from '../../src/synth/index.ts';
import { runStudy, type RunResult } from '../../src/study/run.ts';
import { studyOptions } from '../../src/study/options.ts';
import { Db, sql } from '../../src/db/index.ts';

/** Big enough that the panel spans several DuckDB row groups (parallel scans). */
const USERS = 12_000;
const THREADS = 4;

let root = '';
let runs: { dir: string; result: RunResult }[] = [];

/** Rewrite the world's weights to four decimals that are not dyadic (x.1234-like). */
async function fourDecimalWeights(dir: string): Promise<void> {
  const file = join(dir, 'individual_positions.csv');
  const tmp = join(dir, 'positions.tmp.csv');
  const db = await Db.open();
  try {
    await db.run(sql`COPY (
      SELECT * REPLACE (CAST(round(CAST(weight AS DOUBLE) * 1.0007 + (hash(position_id) % 997) / 10000.0, 4) AS VARCHAR) AS weight)
      FROM read_csv(${file}, header = true, all_varchar = true)
    ) TO ${tmp} (HEADER, DELIMITER ',')`);
    const odd = await db.scalar<number>(sql`SELECT count(*) FROM read_csv(${tmp}, header = true) WHERE weight * 16384 <> round(weight * 16384)`);
    assert.ok(Number(odd) > 1000, 'the weights are not multiples of 2^-14');
  } finally {
    db.close();
  }
  renameSync(tmp, file);
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'tf-determinism-'));
  const data = join(root, 'world');
  await generateWorld({ outDir: data, users: USERS, seed: 18, format: 'csv' });
  await fourDecimalWeights(data);
  for (const name of ['a', 'b']) {
    const dir = join(root, name);
    runs.push({ dir, result: await runStudy({ data, out: dir, options: studyOptions({}), resources: { threads: THREADS } }) });
  }
});
after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  runs = [];
});

test('every CSV file is the same bytes in both runs', () => {
  const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const files = readdirSync(a.dir).filter((f) => f.endsWith('.csv')).sort();
  assert.ok(files.includes('headcount.csv') && files.includes('premium.csv'), files.join(' '));
  assert.deepEqual(readdirSync(b.dir).filter((f) => f.endsWith('.csv')).sort(), files);
  const differ = files.filter((f) => !readFileSync(join(a.dir, f)).equals(readFileSync(join(b.dir, f))));
  assert.deepEqual(differ, [], `files that differ: ${differ.join(', ')}`);
  // The weighted figures were computed (not all blank) and carry the odd weights.
  const hc = readFileSync(join(a.dir, 'headcount.csv'), 'utf8');
  assert.match(hc, /,\d+\.\d{3,}/);
  const premium = a.result.tables.get('premium')!.rows.filter((r) => r.estimate !== null);
  assert.ok(premium.length > 20, `${premium.length} premium estimates`);
});

test('the manifests agree but for their creation time and timings', () => {
  const m = runs.map(({ dir }) => {
    const j = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    delete j.created;
    delete j.timings;
    return j;
  });
  assert.deepEqual(m[0], m[1]);
});

test('the workbook holds the same cell values', () => {
  const sheets = runs.map(({ dir }) => {
    const files = unzipSync(readFileSync(join(dir, 'exports', 'talentflow.xlsx')));
    const created = runs.map((r) => r.result.manifest.created);
    return Object.fromEntries(
      Object.entries(files)
        .filter(([name]) => name.startsWith('xl/worksheets/'))
        .map(([name, bytes]) => [name, created.reduce((s, c) => s.replaceAll(c, 'CREATED'), new TextDecoder().decode(bytes))]),
    );
  });
  assert.ok(Object.keys(sheets[0]!).length > 5);
  assert.deepEqual(Object.keys(sheets[1]!), Object.keys(sheets[0]!));
  for (const name of Object.keys(sheets[0]!)) assert.ok(sheets[0]![name] === sheets[1]![name], `${name} differs`);
});

test('the report is the same bytes but for its creation time', () => {
  const created = runs.map((r) => r.result.manifest.created);
  const html = runs.map(({ dir }) => created.reduce((s, c) => s.replaceAll(c, 'CREATED'), readFileSync(join(dir, 'report.html'), 'utf8')));
  if (html[0] !== html[1]) {
    const i = [...html[0]!].findIndex((ch, k) => ch !== html[1]![k]);
    assert.fail(`report.html differs at ${i}: …${html[0]!.slice(i - 80, i + 80)}… vs …${html[1]!.slice(i - 80, i + 80)}…`);
  }
});
