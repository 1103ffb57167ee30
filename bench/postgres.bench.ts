/**
 * The study on DuckDB and on PostgreSQL, side by side: a world of TF_PG_USERS people
 * (default the scale issue's M, 1,100,000 at 9 positions per person; cached in
 * .cache/worlds, Parquet) is loaded with `pg-load` into a throwaway local cluster (initdb in
 * a temporary folder, Unix socket), then timed: the ingest alone and the whole run
 * (`run --data` on the embedded DuckDB, `run --source` on the server, no report). For
 * each: wall time, peak memory (DuckDB: this process's RSS; PostgreSQL: the sum of the
 * server processes' PSS, from /proc, sampled every 250 ms) and the bytes that crossed the
 * wire (the socket's bytesRead + bytesWritten of every pg client). The ingest's time is
 * the run's own (its manifest's `ingest` timing); TF_PG_INGEST=1 also times ingest alone
 * (memory and bytes of ingest by itself); TF_PG_FIRST=1 runs PostgreSQL's run before
 * DuckDB's. Compares the two runs' outputs table by table (counts exact, other numbers to
 * 1e-9 relative, the same cells withheld). Prints a table with each run's stage timings, a
 * README-ready block and one JSON line; writes bench/results/postgres.json.
 * TF_PG_USERS=20000 for a quick run; TF_PG_PPU for positions per person. The study's
 * session settings are `STUDY_SETTINGS` (src/ingest/postgres/source.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Db } from '../src/db/index.ts';
import { ingest } from '../src/ingest/index.ts';
import { ingestSource } from '../src/ingest/postgres/ingest.ts';
import { pgLoad } from '../src/ingest/postgres/load.ts';
import { openSource, sourceTables, STUDY_SETTINGS } from '../src/ingest/postgres/source.ts';
import { runStudy } from '../src/study/run.ts';
import { studyOptions } from '../src/study/options.ts';
import { ensureWorld } from '../src/synth/index.ts';
import { startCluster } from '../test/helpers/pg-cluster.ts';
import { compareOutputs } from '../test/helpers/compare-outputs.ts';

const USERS = Number(process.env.TF_PG_USERS ?? 1_100_000);
const PPU = Number(process.env.TF_PG_PPU ?? 9);
const INGEST_ALONE = process.env.TF_PG_INGEST === '1';
const PG_FIRST = process.env.TF_PG_FIRST === '1';
const SEED = 20251205;

// Bytes on the wire: every pg client's socket counts what it read and wrote; taken when the client ends.
let wire = 0;
const end = pg.Client.prototype.end;
pg.Client.prototype.end = function (this: pg.Client, ...a: unknown[]) {
  const s = (this as unknown as { connection?: { stream?: { bytesRead?: number; bytesWritten?: number } } }).connection?.stream;
  wire += (s?.bytesRead ?? 0) + (s?.bytesWritten ?? 0);
  return (end as (...x: unknown[]) => Promise<void>).apply(this, a);
} as typeof pg.Client.prototype.end;

/** Sum of PSS (kB) of the processes whose command line starts with `postgres` and belong to the cluster's postmaster. */
function serverKb(postmaster: number): number {
  let kb = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (Number(d) !== postmaster && ppid !== postmaster) continue;
      const roll = readFileSync(`/proc/${d}/smaps_rollup`, 'utf8');
      kb += Number(/^Pss:\s+(\d+)/m.exec(roll)?.[1] ?? 0);
    } catch {
      // gone, or not readable
    }
  }
  return kb;
}

/** Run `f`, sampling `memKb` every 250 ms; wall seconds, peak GiB and wire bytes. */
async function measure<T>(memKb: () => number, f: () => Promise<T>): Promise<{ seconds: number; peakGiB: number; wireBytes: number; value?: T; error?: string }> {
  let peak = memKb();
  const timer = setInterval(() => (peak = Math.max(peak, memKb())), 250);
  const w0 = wire;
  const t0 = performance.now();
  try {
    const value = await f();
    return { seconds: (performance.now() - t0) / 1000, peakGiB: Math.max(peak, memKb()) / 2 ** 20, wireBytes: wire - w0, value };
  } catch (e) {
    return { seconds: (performance.now() - t0) / 1000, peakGiB: peak / 2 ** 20, wireBytes: wire - w0, error: (e as Error).message.split('\n')[0]! };
  } finally {
    clearInterval(timer);
  }
}

const ownKb = () => process.memoryUsage().rss / 1024;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

console.log(`machine: ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${USERS.toLocaleString('en-US')} people, ${PPU} positions per person`);
const world = await ensureWorld({ users: USERS, seed: SEED, format: 'parquet', positionsPerUser: PPU });
const cluster = startCluster();
const work = mkdtempSync(join(tmpdir(), 'tf-pg-bench-'));
try {
  const postmaster = Number(readFileSync(join(cluster.socketDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pgKb = () => serverKb(postmaster);
  cluster.psql('create database wrds');
  const url = cluster.url(cluster.superuser, 'wrds');
  const settings = cluster.psql("select string_agg(name || '=' || setting, ', ' order by name) from pg_settings where name in ('shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'server_version')").trim();
  console.log(`PostgreSQL: ${settings}; the study's session: ${Object.entries(STUDY_SETTINGS).map(([k, v]) => `${k}=${v}`).join(', ')}`);

  const load = await measure(pgKb, () => pgLoad({ data: world, url }));
  if (load.error) throw new Error(`pg-load failed: ${load.error}`);
  const positions = load.value!.tables.find((t) => t.table.endsWith('individual_positions'))?.rows ?? 0;
  console.log(`pg-load: ${load.seconds.toFixed(1)} s, ${positions.toLocaleString('en-US')} positions`);

  const options = studyOptions();
  const rows: { what: string; engine: string; seconds: number; peakGiB: number; wireBytes: number; stages?: Record<string, number>; error?: string }[] = [];
  const add = (what: string, engine: string, r: Awaited<ReturnType<typeof measure>>) => {
    const stages = (r.value as { manifest?: { timings?: Record<string, number> } } | undefined)?.manifest?.timings;
    rows.push({ what, engine, seconds: r.seconds, peakGiB: r.peakGiB, wireBytes: r.wireBytes, ...(stages ? { stages } : {}), ...(r.error ? { error: r.error } : {}) });
    console.log(`${what} on ${engine}: ${r.error ? `FAILED after ${r.seconds.toFixed(1)} s (${r.error})` : `${r.seconds.toFixed(1)} s, peak ${r.peakGiB.toFixed(2)} GiB, ${mib(r.wireBytes)} on the wire`}`);
    if (stages) console.log(`  stages: ${Object.entries(stages).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
  };

  if (INGEST_ALONE) add('ingest', 'DuckDB', await measure(ownKb, async () => {
    const db = await Db.open();
    try {
      await ingest(db, world);
    } finally {
      db.close();
    }
  }));
  if (INGEST_ALONE) add('ingest', 'PostgreSQL', await measure(pgKb, async () => {
    const db = await openSource(url);
    try {
      await ingestSource(db, sourceTables());
    } finally {
      await db.close();
    }
  }));
  const runs = [
    async () => add('run', 'DuckDB', await measure(ownKb, () => runStudy({ data: world, out: join(work, 'duck'), options, report: false }))),
    async () => add('run', 'PostgreSQL', await measure(pgKb, () => runStudy({ data: '', source: { url }, out: join(work, 'pg'), options, report: false }))),
  ];
  for (const r of PG_FIRST ? runs.reverse() : runs) await r();

  // the two runs' outputs, table by table (as test/postgres/run-source.test.ts checks them on small worlds)
  let equal: { tables: number; cells: number; problems: string[]; disclosure: boolean } | undefined;
  if (rows.every((r) => !r.error)) {
    const cmp = compareOutputs(join(work, 'duck'), join(work, 'pg'));
    const manifest = (d: string) => JSON.stringify((JSON.parse(readFileSync(join(work, d, 'manifest.json'), 'utf8')) as { disclosure?: unknown }).disclosure);
    equal = { ...cmp, disclosure: manifest('duck') === manifest('pg') };
    console.log(
      cmp.problems.length === 0 && equal.disclosure
        ? `outputs: EQUAL (${cmp.tables} tables, ${cmp.cells.toLocaleString('en-US')} cells: counts exact, other numbers to 1e-9 relative; the same cells withheld)`
        : `outputs: DIFFERENT\n${[...cmp.problems, ...(equal.disclosure ? [] : ['manifest disclosure summaries differ'])].join('\n')}`,
    );
  }

  console.log('\n| step | engine | wall time | of which ingest | peak memory | bytes over the wire |\n|---|---|---|---|---|---|');
  for (const r of rows) {
    const ingestS = r.stages?.ingest;
    console.log(`| ${r.what} | ${r.engine} | ${r.error ? 'failed' : `${r.seconds.toFixed(1)} s`} | ${ingestS === undefined ? '—' : `${ingestS.toFixed(1)} s`} | ${r.peakGiB.toFixed(2)} GiB${r.engine === 'PostgreSQL' ? ' (server PSS)' : ' (process RSS)'} | ${r.engine === 'PostgreSQL' ? mib(r.wireBytes) : '—'} |`);
  }
  console.log(`\n(${USERS.toLocaleString('en-US')} people, ${positions.toLocaleString('en-US')} positions; pg-load ${load.seconds.toFixed(0)} s; ${availableParallelism()} cores)`);
  const result = { users: USERS, positionsPerUser: PPU, positions, pgLoadSeconds: load.seconds, machine: { cores: availableParallelism(), gib: Math.round(totalmem() / 2 ** 30) }, postgres: settings, session: STUDY_SETTINGS, rows, ...(equal ? { outputs: { equal: equal.problems.length === 0 && equal.disclosure, tables: equal.tables, cells: equal.cells, problems: equal.problems.slice(0, 10) } } : {}) };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/postgres.json', JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
} finally {
  cluster.stop();
  rmSync(work, { recursive: true, force: true });
}
