/**
 * Benchmark of the panel and the stock/flow indicators on a Revelio-like database built in
 * DuckDB (bench/indicators-data.sql): 1.1 million users and about 10 million positions in
 * 16 countries, careers starting 1990–2019. Times origins + panel + headcount + flows +
 * abroad + mobility + composition together over the data's span of years, 3 runs, and
 * prints the median per stage, the median total and the peak RSS (table, then one JSON line).
 * Size: TALENTFLOW_BENCH_USERS (default 1100000).
 */
import { Db, fill, sqlFile } from '../src/db/index.ts';
import { studyOptions } from '../src/study/options.ts';
import type { StudyContext } from '../src/study/context.ts';
import { buildOrigins } from '../src/measure/origin/index.ts';
import { buildPanel, defaultYears } from '../src/measure/panel/index.ts';
import { measureHeadcount } from '../src/measure/headcount/index.ts';
import { measureFlows } from '../src/measure/flows/index.ts';
import { measureAbroad } from '../src/measure/abroad/index.ts';
import { measureMobility } from '../src/measure/mobility/index.ts';
import { measureComposition } from '../src/measure/composition/index.ts';

const USERS = Number(process.env.TALENTFLOW_BENCH_USERS ?? 1_100_000);
const RUNS = 3;
const TARGET_S = 30;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const db = await Db.open();
// A fixed reference query: the machine is shared, so timings are reported beside it
// (about 0.1–0.2 s on an idle 2-core machine; proportionally more under load).
const calibrate = async (): Promise<number> => {
  const s = performance.now();
  await db.all('select sum(i) from range(100000000) r(i)');
  return (performance.now() - s) / 1000;
};
const calib: number[] = [await calibrate()];
const t0 = performance.now();
await db.run(fill(sqlFile(import.meta.url, 'indicators-data.sql'), { users: USERS, seed: 20251201 }));
const genS = (performance.now() - t0) / 1000;
const counts = (await db.one<{ users: number; positions: number; education: number; ai: number }>(
  `select (select count(*) from users) users, (select count(*) from positions) positions,
          (select count(*) from education) education, (select count(*) from users_ai where is_ai) ai`,
))!;
const years = await defaultYears(db);
const ctx: StudyContext = { db, options: studyOptions({ minCell: 10 }), years };
console.log(
  `data: ${counts.users} users, ${counts.positions} positions, ${counts.education} education records, ` +
    `${counts.ai} AI users, years ${years[0]}–${years[years.length - 1]} (generated in ${genS.toFixed(1)} s)`,
);

const stages: [string, () => Promise<unknown>][] = [
  ['origins', () => buildOrigins(ctx)],
  ['panel', () => buildPanel(ctx)],
  ['headcount', () => measureHeadcount(ctx)],
  ['flows', () => measureFlows(ctx)],
  ['abroad', () => measureAbroad(ctx)],
  ['mobility', () => measureMobility(ctx)],
  ['composition', () => measureComposition(ctx)],
];
const times: Record<string, number[]> = Object.fromEntries([...stages.map(([n]) => [n, []]), ['total', []]]);
let panelRows = 0;
let outRows = 0;
for (let run = 0; run < RUNS; run++) {
  await db.run(
    'DROP VIEW IF EXISTS panel; DROP TABLE IF EXISTS panel_core; DROP TABLE IF EXISTS panel_user; DROP TABLE IF EXISTS panel_codes; ' +
      'DROP TABLE IF EXISTS origins; DROP TABLE IF EXISTS job_changes',
  );
  const start = performance.now();
  outRows = 0;
  for (const [name, f] of stages) {
    const s = performance.now();
    const r = await f();
    if (Array.isArray(r)) outRows += r.reduce((a, t: { rows: unknown[] }) => a + t.rows.length, 0);
    times[name]!.push((performance.now() - s) / 1000);
  }
  times.total!.push((performance.now() - start) / 1000);
  console.error(`run ${run + 1}: ${stages.map(([n]) => `${n} ${times[n]!.at(-1)!.toFixed(2)}`).join(', ')}`);
  panelRows = (await db.scalar<number>('select count(*) from panel_core')) ?? 0;
}
calib.push(await calibrate());
db.close();

const peakRssMiB = (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
console.log(`panel rows: ${panelRows}, output rows: ${outRows}`);
console.log('stage        median s   runs');
for (const [name, xs] of Object.entries(times))
  console.log(`${name.padEnd(12)} ${median(xs).toFixed(2).padStart(8)}   ${xs.map((x) => x.toFixed(2)).join(' ')}`);
console.log(`peak RSS     ${peakRssMiB.toFixed(0)} MiB`);
console.log(`calibration  ${calib.map((x) => x.toFixed(2)).join(' ')} s (sum over range(1e8), before/after)`);
const total = median(times.total!);
console.log(
  JSON.stringify({
    bench: 'indicators',
    users: counts.users,
    positions: counts.positions,
    years: years.length,
    panel_rows: panelRows,
    median_s: Number(total.toFixed(3)),
    stages_median_s: Object.fromEntries(Object.entries(times).map(([n, xs]) => [n, Number(median(xs).toFixed(3))])),
    peak_rss_mib: Math.round(peakRssMiB),
    calibration_s: calib.map((x) => Number(x.toFixed(3))),
    target_s: TARGET_S,
    ok: total < TARGET_S,
  }),
);
