/**
 * What the Poisson bootstrap adds to a run: on the demo world (200,000 users, generated
 * into .cache/worlds when absent; 2010 on, as the demo), times the bootstrap stage + headcount + abroad + flows with `--bootstrap 0`
 * and with the default 200 replicates, 3 runs each, and prints the medians and their
 * difference (table, then one JSON line). Size: TALENTFLOW_BENCH_USERS (default: the demo's).
 */
import { Db } from '../src/db/index.ts';
import { ingest } from '../src/ingest/index.ts';
import { studyOptions } from '../src/study/options.ts';
import type { StudyContext } from '../src/study/context.ts';
import { STUDY_GRAPH } from '../src/study/stages.ts';
import { defaultYears } from '../src/measure/panel/index.ts';
import { measureHeadcount } from '../src/measure/headcount/index.ts';
import { measureFlows } from '../src/measure/flows/index.ts';
import { measureAbroad } from '../src/measure/abroad/index.ts';
import { buildBootstrap } from '../src/measure/bootstrap/index.ts';
import { DEFAULT_WORLD, ensureWorld } from '../src/synth/index.ts';

const USERS = Number(process.env.TALENTFLOW_BENCH_USERS ?? DEFAULT_WORLD.users);
const RUNS = 3;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = await ensureWorld({ users: USERS, seed: DEFAULT_WORLD.seed });
const db = await Db.open();
await ingest(db, dir);
const years = await defaultYears(db, { yearFrom: 2010 }); // as `talentflow demo`
const base: StudyContext = { db, options: studyOptions(), years };
await STUDY_GRAPH.run(base, { targets: ['panel'] });

const measures = async (replicates: number): Promise<number> => {
  const ctx: StudyContext = { ...base, options: studyOptions({ bootstrap: replicates }) };
  const t0 = performance.now();
  await buildBootstrap(ctx);
  await measureHeadcount(ctx);
  await measureAbroad(ctx);
  await measureFlows(ctx);
  return (performance.now() - t0) / 1000;
};
const off: number[] = [];
const on: number[] = [];
for (let i = 0; i < RUNS; i++) {
  off.push(await measures(0));
  on.push(await measures(200));
}
const result = { users: USERS, years: years.length, off_s: median(off), on_s: median(on), added_s: median(on) - median(off) };
console.log(`bootstrap + headcount + abroad + flows on ${USERS.toLocaleString('en-US')} users, median of ${RUNS}:`);
console.log(`  --bootstrap 0    ${result.off_s.toFixed(2)} s`);
console.log(`  --bootstrap 200  ${result.on_s.toFixed(2)} s  (+${result.added_s.toFixed(2)} s)`);
console.log(JSON.stringify(result));
