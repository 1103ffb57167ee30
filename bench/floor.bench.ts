/**
 * The engine's floor on the M world: what DuckDB takes on this machine for the least any
 * study of its positions must do, apart from the study itself. Three steps on the
 * positions of the cached world (1.1M people, 9 positions per person, Parquet; built by
 * `ensureWorld` as `npm run bench scale` does), median of 3 runs each, in one process with
 * the run's default engine memory (3 GB and its block allocator):
 *   1. copy: the positions file into a table;
 *   2. sort: that table ordered by person and start date (what a year-end panel orders);
 *   3. scan: eight of its columns (four DOUBLE, four INTEGER, NULLs coded) streamed into
 *      typed arrays, as the regression engine reads rows.
 * TF_FLOOR_USERS picks another world size (default 1,100,000).
 */
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { Db, sql } from '../src/db/index.ts';
import { duckdbConnection } from '../src/engine/index.ts';
import { engineMemory } from '../src/study/resources.ts';
import { ensureWorld } from '../src/synth/index.ts';

const USERS = Number(process.env.TF_FLOOR_USERS ?? 1_100_000);
const SEED = 20251205;
const PPU = 9;
const RUNS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const world = await ensureWorld({ users: USERS, seed: SEED, format: 'parquet', positionsPerUser: PPU });
const file = join(world, 'individual_positions.parquet');
const db = await Db.open(':memory:', engineMemory('3GB'));
const conn = duckdbConnection(db.conn);

/** Seconds of one call. */
async function timed(f: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await f();
  return (performance.now() - t) / 1000;
}

let rows = 0;
let typed = 0;
let columns = 0;
let checksum = 0;
const scan = async (): Promise<void> => {
  rows = typed = columns = 0;
  checksum = 0;
  const q = `SELECT CAST(user_id AS DOUBLE), coalesce(CAST(rcid AS DOUBLE), -1), coalesce(salary, 0), coalesce(weight, 0),
    position_number, coalesce(seniority, -1), CAST(coalesce(year(startdate), 0) AS INTEGER), CAST(coalesce(year(enddate), 0) AS INTEGER)
    FROM p`;
  for await (const b of conn.batches(q)) {
    rows += b.rowCount;
    for (let j = 0; j < 8; j++) {
      const v = b.column(j);
      columns++;
      if (v instanceof Float64Array || v instanceof Int32Array) {
        typed++;
        checksum += v[b.rowCount - 1]!;
      }
    }
  }
};

const steps: [string, () => Promise<void>][] = [
  ['copy the positions from Parquet into a table', () => db.run(sql`CREATE OR REPLACE TABLE p AS SELECT * FROM read_parquet(${file})`)],
  ['sort them by person and start date', () => db.run(sql`CREATE OR REPLACE TABLE s AS SELECT * FROM p ORDER BY user_id, startdate`)],
  ['scan 8 of their columns into typed arrays', scan],
];
const results: { what: string; seconds: number; detail: string }[] = [];
for (const [what, f] of steps) {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timed(f));
  results.push({ what, seconds: Number(median(runs).toFixed(2)), detail: `runs ${runs.map((x) => x.toFixed(2)).join(', ')}` });
}
const positions = Number(await db.scalar<number>('SELECT count(*) FROM p'));
db.close();
if (rows !== positions || typed !== columns) throw new Error(`scan read ${rows} of ${positions} rows, ${typed} of ${columns} column chunks typed`);
console.log(`machine: ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; world ${USERS} people, ${positions} positions`);
console.table(results);
console.log(JSON.stringify({ bench: 'floor', users: USERS, positions, steps: results, scan_ns_per_row: Math.round((results[2]!.seconds * 1e9) / positions), checksum }));
