/**
 * Ingest speed: median wall time (and CPU time, steadier on a shared machine) of 3 ingests
 * (each in its own process, into a fresh database file)
 * of a synthetic world. Uses the cached demo world .cache/worlds/<seed>-<users> when it is
 * there, otherwise generates one in a temporary folder with `talentflow synth`.
 *   INGEST_BENCH_USERS=200000   world size (users)
 *   INGEST_BENCH_SEED=20251205  world seed
 *   INGEST_BENCH_DATA=DIR       ingest this folder instead
 *   INGEST_BENCH_RUNS=3         repetitions
 *   INGEST_BENCH_MODULE=PATH    ingest module to time (default src/ingest/index.ts), e.g. an
 *                               older copy of src/ingest for a before/after comparison
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const users = Number(process.env.INGEST_BENCH_USERS ?? 200000);
const seed = Number(process.env.INGEST_BENCH_SEED ?? 20251205);
const runs = Number(process.env.INGEST_BENCH_RUNS ?? 3);
const mod = process.env.INGEST_BENCH_MODULE
  ? pathToFileURL(resolve(process.env.INGEST_BENCH_MODULE)).href
  : new URL('../src/ingest/index.ts', import.meta.url).href;

const work = mkdtempSync(join(tmpdir(), 'tf-ingest-bench-'));
try {
  let data = process.env.INGEST_BENCH_DATA ?? `.cache/worlds/${seed}-${users}`;
  if (!process.env.INGEST_BENCH_DATA && !existsSync(join(data, '.complete'))) {
    data = join(work, 'world');
    const g = spawnSync(process.execPath, ['bin/talentflow.mjs', 'synth', '--out', data, '--users', String(users), '--seed', String(seed)], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(`synth failed: ${g.stderr}`);
  }
  const child = `
    const { ingestToFile } = await import(${JSON.stringify(mod)});
    const t0 = performance.now();
    const s = await ingestToFile(process.env.DATA, process.env.DB);
    const cpu = process.cpuUsage();
    console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, rows: Object.values(s.rowsRead).reduce((a, b) => a + b, 0) }));
  `;
  const times: number[] = [];
  const cpus: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const db = join(work, `run${i}.duckdb`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
      env: { ...process.env, DATA: data, DB: db }, encoding: 'utf8',
    });
    rmSync(db, { force: true });
    if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { seconds: number; cpu: number; rows: number };
    times.push(m.seconds);
    cpus.push(m.cpu);
    rows = m.rows;
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const median = med(times);
  console.log(
    `ingest ${data} (${rows.toLocaleString('en-US')} rows read): median ${median.toFixed(1)} s of ${runs} ` +
      `[${times.map((t) => t.toFixed(1)).join(', ')}], ${(rows / median / 1e6).toFixed(2)}M rows/s; ` +
      `CPU (user + system, whole process) median ${med(cpus).toFixed(1)} s [${cpus.map((t) => t.toFixed(1)).join(', ')}]`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
