/**
 * Wage-premium outputs on a simulated panel of ~5M person-years (16 countries × 15 years):
 * measurePremium (country × year, pooled, skills per year and pooled, by seniority), then
 * measureDecomposition (which reuses the premium's yearly fits) and measureAbroadGap. Prints the median of 3 runs and the peak RSS of the process.
 * Scale with TF_BENCH_USERS (users; each appears in every year) and TF_BENCH_RUNS;
 * TF_BENCH_VERBOSE=1 prints the time of each family of regressions.
 */
import { Db } from '../src/db/index.ts';
import { studyOptions } from '../src/study/options.ts';
import type { StudyContext } from '../src/study/context.ts';
import { measurePremium } from '../src/measure/premium/index.ts';
import { measureAbroadGap } from '../src/measure/abroad-gap/index.ts';
import { measureDecomposition } from '../src/measure/decomposition/index.ts';
import { simulatePanel } from '../test/helpers/premium/simulate.ts';
import { addPositionsFromPanel } from '../test/helpers/premium/fixture.ts';

const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'KR', 'JP', 'CN', 'IN', 'CA', 'AU', 'SG', 'NL', 'SE', 'CH', 'IL', 'BR'];
const YEARS = 15;
const USERS = Number(process.env.TF_BENCH_USERS ?? 333_334);
const RUNS = Number(process.env.TF_BENCH_RUNS ?? 3);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const mib = () => Math.round(process.resourceUsage().maxRSS / 1024);

const db = await Db.open();
let t = performance.now();
await simulatePanel(db, {
  countries: COUNTRIES,
  betas: COUNTRIES.map((_, i) => 0.02 * i - 0.05),
  users: USERS,
  year0: 2010,
  years: YEARS,
  pAi: 0.08,
  seed: 1,
});
await addPositionsFromPanel(db); // the abroad gap reads the home positions
const rows = await db.scalar<number>('select count(*) from panel');
console.log(`simulated panel: ${rows} rows, ${COUNTRIES.length} countries × ${YEARS} years in ${Math.round(performance.now() - t)} ms`);

const years = Array.from({ length: YEARS }, (_, i) => 2010 + i);
const t0 = performance.now();
const ctx: StudyContext = {
  db,
  options: studyOptions({}),
  years,
  ...(process.env.TF_BENCH_VERBOSE ? { log: (m: string) => console.log(`  +${Math.round(performance.now() - t0)} ms ${m}`) } : {}),
};
const times = { premium: [] as number[], decomposition: [] as number[], abroadGap: [] as number[] };
let sizes = '';
for (let i = 0; i < RUNS; i++) {
  t = performance.now();
  const [premium, bySen] = await measurePremium(ctx);
  times.premium.push(performance.now() - t);
  t = performance.now();
  const [dec] = await measureDecomposition(ctx, premium!);
  times.decomposition.push(performance.now() - t);
  t = performance.now();
  const [gap] = await measureAbroadGap(ctx);
  times.abroadGap.push(performance.now() - t);
  sizes = `premium ${premium!.rows.length} rows, by seniority ${bySen!.rows.length}, decomposition ${dec!.rows.length}, abroad gap ${gap!.rows.length}`;
}
console.log(sizes);
console.log(`measurePremium   median of ${RUNS}: ${Math.round(median(times.premium))} ms  (runs: ${times.premium.map(Math.round).join(', ')})`);
console.log(`measureDecomposition median of ${RUNS}: ${Math.round(median(times.decomposition))} ms  (runs: ${times.decomposition.map(Math.round).join(', ')})`);
console.log(`measureAbroadGap median of ${RUNS}: ${Math.round(median(times.abroadGap))} ms  (runs: ${times.abroadGap.map(Math.round).join(', ')})`);
console.log(`peak RSS: ${mib()} MiB`);
db.close();
