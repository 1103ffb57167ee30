/**
 * talentflow beside its peers on the same work: headcount, flows and the focus country's
 * yearly AI wage premium with firm-clustered errors, on one synthetic world written as CSV
 * (neither pandas nor R reads Parquet here).
 *
 * - talentflow: `talentflow run` on the raw files (validation, every measure and the report
 *   included; the "same work" time below is the sum of its ingest, classify, panel,
 *   headcount, flows and premium stages, which still do more: every country, pooled
 *   models, premium by seniority);
 * - the peers read the clean tables talentflow's ingest and classification produce
 *   (positions with ISO countries and parsed dates, users with their AI flag), so they skip
 *   validation and matching: pandas + statsmodels (`/usr/bin/python3`, Debian) and R
 *   data.table + estimatr::lm_robust (Debian), each vectorised, reading and computing timed
 *   apart (bench/peers/).
 * Printed: times, peak RSS, the ratios, and the equality checks (counts exact, premium
 * estimates and standard errors to 1e-6 relative).
 *
 * Size: TF_PEERS_USERS (default 1,100,000: the BOK's sample), TF_PEERS_SEED. The world is
 * cached under .cache/worlds.
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
import { parseCsv } from '../src/output/csv.ts';

const USERS = Number(process.env.TF_PEERS_USERS ?? 1_100_000);
const SEED = Number(process.env.TF_PEERS_SEED ?? 20251205);
const FROM = 2010;
const TO = 2024;
const FOCUS = 'KR';
const PYTHON = '/usr/bin/python3';

const work = resolve('.cache/bench/peers');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

let t = performance.now();
const world = await ensureWorld({ users: USERS, seed: SEED });
console.log(`world: ${world} (${USERS.toLocaleString('en-US')} users, CSV; ${((performance.now() - t) / 1000).toFixed(1)} s to make or find)`);

/** Run a command under /usr/bin/time -v: wall seconds and peak RSS (MiB). */
function timed(cmd: string, args: string[]): { wall: number; rssMiB: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { wall, rssMiB: rss ? Math.round(Number(rss[1]) / 1024) : NaN };
}

// 1. talentflow on the raw files.
const tfOut = join(work, 'talentflow');
const tf = timed(process.execPath, [
  'bin/talentflow.mjs', 'run', '--data', world, '--out', tfOut, '--from', String(FROM), '--to', String(TO),
  '--min-cell', '0', '--premium-skills', 'none', '--focus', FOCUS,
]);
const manifest = JSON.parse(readFileSync(join(tfOut, 'manifest.json'), 'utf8')) as { timings: Record<string, number> };
const SAME = ['ingest', 'classify', 'panel', 'headcount', 'flows', 'premium'];
const tfSame = SAME.reduce((a, s) => a + (manifest.timings[s] ?? 0), 0);
console.log(`talentflow run: ${tf.wall.toFixed(1)} s wall, peak RSS ${tf.rssMiB} MiB; same-work stages ${tfSame.toFixed(1)} s (${SAME.map((s) => `${s} ${manifest.timings[s] ?? '-'}`).join(', ')})`);

// 2. The clean tables for the peers, from talentflow's own ingest and classification.
const clean = join(work, 'clean');
mkdirSync(clean);
t = performance.now();
{
  const db = await Db.open();
  try {
    await ingest(db, world);
    const options = studyOptions({ yearFrom: FROM, yearTo: TO, minCell: 0 });
    await STUDY_GRAPH.run({ db, options, years: [] }, { targets: ['classify'] });
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
const tfHead = new Map(rows(join(tfOut, 'headcount.csv')).filter((r) => Number(r.persons) > 0).map((r) => [`${r.country}|${r.year}|${r.group}`, Number(r.persons)]));
const tfFlows = new Map(
  rows(join(tfOut, 'flows.csv')).filter((r) => Number(r.inflow) + Number(r.outflow) > 0).map((r) => [`${r.country}|${r.year}|${r.group}`, `${r.inflow}/${r.outflow}`]),
);
const tfPrem = new Map(rows(join(tfOut, 'premium.csv')).filter((r) => r.country === FOCUS && r.skill === 'all' && r.year !== 'pooled' && r.estimate !== '')
  .map((r) => [Number(r.year), { estimate: Number(r.estimate), se: Number(r.se) }]));
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
      `talentflow's same-work stages ${speed(total / tfSame)}, its whole run ${speed(total / tf.wall)} (goal: 10× faster than pandas, 20× than estimatr)`,
  );
  if (headDiff.length) console.log(`  headcount differs in e.g. ${headDiff.slice(0, 3).map((k) => `${k}: ${head.get(k)} vs ${tfHead.get(k)}`).join('; ')}`);
  if (flowDiff.length) console.log(`  flows differ in e.g. ${flowDiff.slice(0, 3).map((k) => `${k}: ${flows.get(k)} vs ${tfFlows.get(k)}`).join('; ')}`);
}
process.exit(failed ? 1 : 0);
