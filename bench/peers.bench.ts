/**
 * talentflow beside its peers on the same work: headcount, flows and the focus country's
 * yearly AI wage premium with firm-clustered errors, on one synthetic world written as CSV
 * (neither pandas nor R reads Parquet here).
 *
 * - talentflow, in process, on the raw files, at the run's default memory limit: reading =
 *   ingest (row validation) and classification; computing = panel, headcount, flows
 *   (bootstrap intervals off, as the peers compute none) and the focus country's yearly
 *   premium (the premium stage's yearly family fitted for that country only, on a premium
 *   sample of that country's rows, as the peers select them before fitting). The whole
 *   study is `npm run bench scale`;
 * - the peers read the clean tables talentflow's ingest and classification produce
 *   (positions with ISO countries and parsed dates, users with their AI flag), so they skip
 *   validation and matching: pandas + statsmodels (`/usr/bin/python3`, Debian) and R
 *   data.table + estimatr::lm_robust (Debian), each vectorised, reading and computing timed
 *   apart (bench/peers/).
 * Printed: times, peak RSS, the ratios, and the equality checks (counts exact, premium
 * estimates and standard errors to 1e-6 relative).
 *
 * Size: the scale issue's M world by default, as CSV: TF_PEERS_USERS people (default
 * 1,100,000: the BOK's sample) with TF_PEERS_PPU positions each on average (default 9:
 * about 10 million positions), TF_PEERS_SEED. The world is cached under .cache/worlds.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureWorld } from '../src/synth/index.ts';
import { Db, ident, sql } from '../src/db/index.ts';
import { ingest } from '../src/ingest/index.ts';
import { studyOptions } from '../src/study/options.ts';
import { STUDY_GRAPH } from '../src/study/stages.ts';
import { ROLE_COLUMNS, INDUSTRY_COLUMNS } from '../src/ingest/schema.ts';
import { defaultYears } from '../src/measure/panel/index.ts';
import { PREMIUM_FE, buildPremiumSample, fitFamily } from '../src/measure/premium/index.ts';
import { parseCsv } from '../src/output/csv.ts';
import { defaultMemoryLimit, engineMemory } from '../src/study/resources.ts';

const USERS = Number(process.env.TF_PEERS_USERS ?? 1_100_000);
const SEED = Number(process.env.TF_PEERS_SEED ?? 20251205);
const PPU = Number(process.env.TF_PEERS_PPU ?? 9);
const FROM = 2010;
const TO = 2024;
const FOCUS = 'KR';
const PYTHON = '/usr/bin/python3';

const work = resolve('.cache/bench/peers');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

let t = performance.now();
const world = await ensureWorld({ users: USERS, seed: SEED, positionsPerUser: PPU });
console.log(`world: ${world} (${USERS.toLocaleString('en-US')} users, ${PPU} positions each on average, CSV; ${((performance.now() - t) / 1000).toFixed(1)} s to make or find)`);

/** Run a command under /usr/bin/time -v: wall seconds and peak RSS (MiB). */
function timed(cmd: string, args: string[]): { wall: number; rssMiB: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { wall, rssMiB: rss ? Math.round(Number(rss[1]) / 1024) : NaN };
}

// 1. talentflow on the same work, in process: reading = ingest of the raw files (with row
// validation) and classification (the peers get both done: clean tables, an AI flag);
// computing = the panel, headcount and flows (no bootstrap intervals: the peers compute
// none) and the focus country's yearly premium (one family of the engine, only the focus
// country's cells fitted). Then the clean tables for the peers, from the same database.
const clean = join(work, 'clean');
mkdirSync(clean);
const tfOut: { head: Map<string, number>; flows: Map<string, string>; prem: Map<number, { estimate: number; se: number }> } = { head: new Map(), flows: new Map(), prem: new Map() };
const tfTimes = { read: 0, compute: 0, headcount: 0, premium: 0 };
let tfRssMiB = 0;
{
  // the run's default memory limit and block allocator (`talentflow run` without --memory-limit)
  const db = await Db.open(':memory:', engineMemory(defaultMemoryLimit()));
  try {
    let t0 = performance.now();
    await ingest(db, world);
    const options = studyOptions({ yearFrom: FROM, yearTo: TO, minCell: 0, bootstrap: 0, focus: FOCUS });
    const years = await defaultYears(db, options);
    const ctx = { db, options, years };
    await STUDY_GRAPH.run(ctx, { targets: ['classify'] });
    tfTimes.read = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const { outputs } = await STUDY_GRAPH.run(ctx, { targets: ['headcount', 'flows'] });
    tfTimes.headcount = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    // the focus country's rows only, as the peers filter them before fitting
    const sample = await buildPremiumSample(db, years, false, { countries: [FOCUS] });
    const cells = await fitFamily(ctx, { source: sample, x: 'ai', fe: PREMIUM_FE, by: ['country', 'ykey'], country: FOCUS });
    tfTimes.premium = (performance.now() - t1) / 1000;
    tfTimes.compute = (performance.now() - t0) / 1000;
    tfRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    for (const r of outputs.get('headcount')!.rows) if (Number(r.persons) > 0) tfOut.head.set(`${r.country}|${r.year}|${r.group}`, Number(r.persons));
    for (const r of outputs.get('flows')!.rows)
      if (Number(r.inflow) + Number(r.outflow) > 0) tfOut.flows.set(`${r.country}|${r.year}|${r.group}`, `${r.inflow}/${r.outflow}`);
    for (const c of cells) if (typeof c.cells.estimate === 'number') tfOut.prem.set(Number(c.keys[1]), { estimate: c.cells.estimate, se: Number(c.cells.se) });
    console.log(
      `talentflow: read ${tfTimes.read.toFixed(1)} s (ingest with validation, classification), compute ${tfTimes.compute.toFixed(1)} s ` +
        `(panel + headcount + flows ${tfTimes.headcount.toFixed(1)}, premium ${tfTimes.premium.toFixed(1)}); peak RSS ${tfRssMiB} MiB`,
    );

    t = performance.now();
    const cols = new Set((await db.all<{ column_name: string }>('select column_name from (describe positions)')).map((r) => r.column_name));
    const role = ROLE_COLUMNS.find((c) => cols.has(c));
    const industry = INDUSTRY_COLUMNS.find((c) => cols.has(c));
    if (!role || !industry) throw new Error('the world has no role or industry column');
    await db.run(sql`copy (select uid, pid_rank, startdate, enddate, country::varchar as country, rcid::varchar as rcid,
      ${ident(role)}::varchar as role, ${ident(industry)}::varchar as industry, seniority::varchar as seniority, salary, weight
      from positions) to ${join(clean, 'positions.csv')} (header true)`);
    await db.run(sql`copy (select f.uid, coalesce(a.is_ai, false)::int as ai, u.highest_degree
      from (select distinct uid from positions) f left join users_ai a on a.uid = f.uid left join users u on u.uid = f.uid)
      to ${join(clean, 'users.csv')} (header true)`);
  } finally {
    db.close();
  }
}
console.log(`clean tables for the peers: ${((performance.now() - t) / 1000).toFixed(1)} s (not timed against anyone)`);

// 3. The peers.
interface PeerTimes { read: number; compute: number; headcount: number; flows: number; premium: number; positions: number }
const peers: { name: string; dir: string; wall: number; rssMiB: number; times: PeerTimes }[] = [];
for (const [name, cmd, script] of [
  ['pandas + statsmodels', PYTHON, 'bench/peers/pandas_peer.py'],
  ['R data.table + estimatr', 'Rscript', 'bench/peers/estimatr_peer.R'],
] as const) {
  const dir = join(work, name.split(' ')[0]!.toLowerCase());
  mkdirSync(dir);
  const r = timed(cmd, [script, clean, dir, String(FROM), String(TO), FOCUS]);
  const times = JSON.parse(readFileSync(join(dir, 'timings.json'), 'utf8')) as PeerTimes;
  peers.push({ name, dir, wall: r.wall, rssMiB: r.rssMiB, times });
  console.log(
    `${name}: read ${times.read.toFixed(1)} s, compute ${times.compute.toFixed(1)} s ` +
      `(headcount ${times.headcount.toFixed(1)}, flows ${times.flows.toFixed(1)}, premium ${times.premium.toFixed(1)}); ` +
      `${r.wall.toFixed(1)} s wall, peak RSS ${r.rssMiB} MiB`,
  );
}

// 4. Equality and ratios.
const rows = (path: string) => {
  const [head, ...body] = parseCsv(readFileSync(path, 'utf8'));
  return body.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
};
const { head: tfHead, flows: tfFlows, prem: tfPrem } = tfOut;
/** `12.3× faster` or `4.0× slower` from (peer time / talentflow time). */
const speed = (ratio: number) => (ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(1)}× slower`);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
let failed = false;
for (const p of peers) {
  const head = new Map(rows(join(p.dir, 'headcount.csv')).map((r) => [`${r.country}|${r.year}|${r.group}`, Number(r.persons)]));
  const flows = new Map(rows(join(p.dir, 'flows.csv')).map((r) => [`${r.country}|${r.year}|${r.group}`, `${r.inflow}/${r.outflow}`]));
  const headDiff = [...new Set([...head.keys(), ...tfHead.keys()])].filter((k) => head.get(k) !== tfHead.get(k));
  const flowDiff = [...new Set([...flows.keys(), ...tfFlows.keys()])].filter((k) => flows.get(k) !== tfFlows.get(k));
  const prem = rows(join(p.dir, 'premium.csv'));
  let worst = 0;
  let missing = 0;
  for (const r of prem) {
    const mine = tfPrem.get(Number(r.year));
    if (!mine) {
      missing++;
      continue;
    }
    worst = Math.max(worst, rel(Number(r.estimate), mine.estimate), rel(Number(r.se), mine.se));
  }
  const ok = headDiff.length === 0 && flowDiff.length === 0 && worst <= 1e-6 && missing === 0 && prem.length === tfPrem.size;
  failed ||= !ok;
  const total = p.times.read + p.times.compute;
  console.log(
    `${p.name}: ${ok ? 'EQUAL' : 'DIFFERENT'} — headcount ${head.size} cells (${headDiff.length} differ), flows ${flows.size} cells ` +
      `(${flowDiff.length} differ), premium ${prem.length} years (worst relative difference of estimate or se ${worst.toExponential(1)}, ${missing} unmatched); ` +
      `talentflow ${speed(total / (tfTimes.read + tfTimes.compute))} reading and computing, ${speed(p.times.compute / tfTimes.compute)} computing ` +
      `(goal: 10× faster than pandas, 20× than estimatr)`,
  );
  if (headDiff.length) console.log(`  headcount differs in e.g. ${headDiff.slice(0, 3).map((k) => `${k}: ${head.get(k)} vs ${tfHead.get(k)}`).join('; ')}`);
  if (flowDiff.length) console.log(`  flows differ in e.g. ${flowDiff.slice(0, 3).map((k) => `${k}: ${flows.get(k)} vs ${tfFlows.get(k)}`).join('; ')}`);
}
process.exit(failed ? 1 : 0);
