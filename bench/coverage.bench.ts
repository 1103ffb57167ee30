/**
 * Coverage of the bootstrap's 95% intervals (docs/methods.md, "Uncertainty of counts").
 * The population is the demo world (200,000 users, seed 20251205; generated into
 * .cache/worlds when absent) with every user cloned 10 times; its figures are the world's
 * unweighted ones (counts × 10). Each of TALENTFLOW_COVERAGE_SAMPLES (default 200)
 * subsamples keeps every user independently with a known probability p (0.06 for AI
 * users, 0.03 for the others, drawn from a seeded hash) and gives each of its positions
 * the weight 1/p; the study's own measures then compute
 * the weighted figures and their intervals (default 200 replicates, grouped form) on the
 * subsample's tables (its users' rows of the population's panel, moves and origins: the
 * panel is per user, so this is the panel of the subsample). A cell enters when it is
 * large enough for a percentile interval to mean something: at least 20 sampled persons
 * (movers, for flows) expected. Prints the share of intervals that cover the population
 * figure per measure, overall, for the focus country and by cell size (table, then one JSON
 * line). Run: `npm run bench coverage` (about 10 minutes on an idle 2-core machine).
 */
import { Db, fill, sql } from '../src/db/index.ts';
import type { Row } from '../src/contract/index.ts';
import { ingest } from '../src/ingest/index.ts';
import { studyOptions } from '../src/study/options.ts';
import type { StudyContext } from '../src/study/context.ts';
import { STUDY_GRAPH } from '../src/study/stages.ts';
import { buildBootstrap } from '../src/measure/bootstrap/index.ts';
import { measureHeadcount } from '../src/measure/headcount/index.ts';
import { measureFlows } from '../src/measure/flows/index.ts';
import { measureAbroad } from '../src/measure/abroad/index.ts';
import { DEFAULT_WORLD, ensureWorld } from '../src/synth/index.ts';

const SAMPLES = Number(process.env.TALENTFLOW_COVERAGE_SAMPLES ?? 200);
const REPLICATES = Number(process.env.TALENTFLOW_COVERAGE_REPLICATES ?? 200);
const YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024];
const CLONES = 10;
const P = { ai: 0.06, non_ai: 0.03 } as const;
const MIN_EXPECTED = 20;
const FOCUS = 'KR';

const t0 = performance.now();
const dir = await ensureWorld({ users: DEFAULT_WORLD.users, seed: DEFAULT_WORLD.seed });
const db = await Db.open();
await ingest(db, dir);
const popCtx: StudyContext = { db, options: studyOptions({ minCell: 0, bootstrap: 0 }), years: YEARS };
await STUDY_GRAPH.run(popCtx, { targets: ['panel', 'bootstrap'] });

// The population: every user of the world CLONES times (clone c of uid is user uid·CLONES + c),
// so that flows, rarer than stocks, have cells large enough at small sampling rates (the
// Poisson bootstrap ignores the finite-population factor 1 − p). Its figures are the
// world's unweighted ones, counts times CLONES.
const [popHc] = await measureHeadcount(popCtx);
const popShare = (await measureAbroad(popCtx))[1]!;
const [popFlows] = await measureFlows(popCtx);

// Keep the population's tables aside; a subsample's are rebuilt under the names the measures read.
await db.run('CREATE SCHEMA pop');
// (positions: only what the measures read of it, the grid's countries and the users)
await db.run('CREATE TABLE pop.positions AS SELECT DISTINCT uid, country, 1.0 AS weight FROM main.positions');
await db.run(`CREATE TABLE pop.job_changes AS SELECT * FROM main.job_changes WHERE year BETWEEN ${YEARS[0]} AND ${YEARS.at(-1)}`);
for (const t of ['panel_core', 'users_ai', 'origins']) await db.run(`CREATE TABLE pop.${t} AS SELECT * FROM main.${t}`);
await db.run(`CREATE TABLE pop.p AS SELECT uid, CASE WHEN grp = 'ai' THEN ${P.ai} ELSE ${P.non_ai} END AS p FROM users_ai`);

function rate(cs: Cell[]) {
  const n = cs.reduce((s, c) => s + c.n, 0);
  return { cells: cs.filter((c) => c.n > 0).length, intervals: n, coverage: n ? cs.reduce((s, c) => s + c.covered, 0) / n : null };
}
type Cell = { measure: string; key: string; truth: number; expected: number; n: number; covered: number; country: string };
const cells = new Map<string, Cell>();
const keyOf = (r: Row, k: readonly string[]) => k.map((c) => String(r[c])).join('/');
const pOf = (group: unknown) => (group === 'ai' ? P.ai : P.non_ai);
const addCells = (measure: string, rows: readonly Row[], keys: readonly string[], value: string, expected: (r: Row) => number) => {
  for (const r of rows) {
    const e = expected(r);
    if (e < MIN_EXPECTED || typeof r[value] !== 'number') continue;
    cells.set(`${measure}:${keyOf(r, keys)}`, { measure, key: keyOf(r, keys), truth: r[value] as number, expected: e, n: 0, covered: 0, country: String(r[keys[0]!]) });
  }
};
const scaled = (rows: readonly Row[], cols: string[]) => rows.map((r) => ({ ...r, ...Object.fromEntries(cols.map((c) => [c, (r[c] as number) * CLONES])) }));
addCells('persons_weighted', scaled(popHc!.rows, ['persons']), ['country', 'year', 'group'], 'persons', (r) => (r.persons as number) * pOf(r.group));
addCells('share_abroad_weighted', scaled(popShare.rows, ['persons', 'persons_abroad']), ['origin', 'year', 'group'], 'share_abroad', (r) => Math.min(r.persons as number, 4 * (r.persons_abroad as number)) * pOf(r.group));
addCells('net_weighted', scaled(popFlows!.rows, ['inflow', 'outflow', 'net']), ['country', 'year', 'group'], 'net', (r) => ((r.inflow as number) + (r.outflow as number)) * pOf(r.group));

const SUBSAMPLE = `
CREATE OR REPLACE TABLE sample AS
SELECT uid, (uid * {{clones}} + c.range)::INTEGER AS nuid, p
FROM pop.p CROSS JOIN range({{clones}}) c
WHERE (hash(uid, c.range, {{k}}, 20251205) % 1000000) / 1e6 < p;
CREATE OR REPLACE TABLE positions AS SELECT x.* REPLACE (s.nuid AS uid, 1 / s.p AS weight) FROM pop.positions x JOIN sample s USING (uid);
CREATE OR REPLACE TABLE panel_core AS SELECT x.* REPLACE (s.nuid AS uid, 1 / s.p AS weight) FROM pop.panel_core x JOIN sample s USING (uid);
CREATE OR REPLACE TABLE job_changes AS
SELECT x.* REPLACE (s.nuid AS uid, 1 / s.p AS weight, 1 / s.p AS from_weight) FROM pop.job_changes x JOIN sample s USING (uid);
CREATE OR REPLACE TABLE users_ai AS SELECT x.* REPLACE (s.nuid AS uid) FROM pop.users_ai x JOIN sample s USING (uid);
CREATE OR REPLACE TABLE origins AS SELECT x.* REPLACE (s.nuid AS uid) FROM pop.origins x JOIN sample s USING (uid);
`;
const ctx: StudyContext = { db, options: studyOptions({ minCell: 0, bootstrap: REPLICATES }), years: YEARS };
const tally = (measure: string, rows: readonly Row[], keys: readonly string[], value: string) => {
  for (const r of rows) {
    const c = cells.get(`${measure}:${keyOf(r, keys)}`);
    const lo = r[`${value}_ci_low`];
    const hi = r[`${value}_ci_high`];
    if (!c || typeof lo !== 'number' || typeof hi !== 'number') continue;
    c.n++;
    if (lo <= c.truth && c.truth <= hi) c.covered++;
  }
};
for (let k = 1; k <= SAMPLES; k++) {
  await db.run(fill(sql([SUBSAMPLE] as unknown as TemplateStringsArray), { k, clones: CLONES }));
  await buildBootstrap(ctx);
  tally('persons_weighted', (await measureHeadcount(ctx))[0]!.rows, ['country', 'year', 'group'], 'persons_weighted');
  tally('share_abroad_weighted', (await measureAbroad(ctx))[1]!.rows, ['origin', 'year', 'group'], 'share_abroad_weighted');
  tally('net_weighted', (await measureFlows(ctx))[0]!.rows, ['country', 'year', 'group'], 'net_weighted');
  if (k % 10 === 0) {
    const by = ['persons_weighted', 'share_abroad_weighted', 'net_weighted'].map((m) => rate([...cells.values()].filter((c) => c.measure === m)).coverage);
    console.error(`${k}/${SAMPLES} subsamples (${((performance.now() - t0) / 1000).toFixed(0)} s): coverage so far ${by.map((x) => (x === null ? '—' : (100 * x).toFixed(1) + '%')).join(', ')}`);
  }
}
const all = [...cells.values()].filter((c) => c.n > 0);
const result: Record<string, unknown> = {
  samples: SAMPLES, replicates: REPLICATES, clones: CLONES, years: `${YEARS[0]}–${YEARS.at(-1)}`, p: P, min_expected: MIN_EXPECTED,
  overall: rate(all),
};
console.log(
  `coverage of the 95% intervals, ${SAMPLES} Poisson subsamples of the ${DEFAULT_WORLD.users.toLocaleString('en-US')}-user demo world × ${CLONES} ` +
    `(p = ${P.ai} AI, ${P.non_ai} others), ${REPLICATES} replicates:`,
);
for (const m of ['persons_weighted', 'share_abroad_weighted', 'net_weighted']) {
  const cs = all.filter((c) => c.measure === m);
  const sizes = { '20–99': cs.filter((c) => c.expected < 100), '100+': cs.filter((c) => c.expected >= 100) };
  const r: Record<string, ReturnType<typeof rate>> = {
    all: rate(cs), [FOCUS]: rate(cs.filter((c) => c.country === FOCUS)), ...Object.fromEntries(Object.entries(sizes).map(([s, x]) => [`expected ${s}`, rate(x)])),
  };
  result[m] = r;
  const per = cs.map((c) => c.covered / c.n).sort((a, b) => a - b);
  if (!r.all!.intervals) {
    console.log(`  ${m.padEnd(22)} no cell with ${MIN_EXPECTED} sampled persons expected`);
    continue;
  }
  console.log(`  ${m.padEnd(22)} ${(100 * r.all!.coverage!).toFixed(1)}% of ${r.all!.intervals} intervals in ${r.all!.cells} cells` +
    ` (${FOCUS}: ${r[FOCUS]!.coverage === null ? '—' : (100 * r[FOCUS]!.coverage!).toFixed(1) + '%'}; per cell ${(100 * per[0]!).toFixed(0)}–${(100 * per.at(-1)!).toFixed(0)}%)`);
  for (const s of Object.keys(sizes)) {
    const x = r[`expected ${s}`]!;
    if (x.intervals) console.log(`    expected sampled ${s.padEnd(6)} ${(100 * x.coverage!).toFixed(1)}% (${x.cells} cells)`);
  }
}
console.log(`  overall                ${(100 * (result.overall as { coverage: number }).coverage).toFixed(1)}%  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
console.log(JSON.stringify(result));
db.close();
