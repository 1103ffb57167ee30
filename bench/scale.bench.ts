/**
 * The study at the users' sizes, from Parquet, with the default options of the day:
 * S = 110,000 people, M = 1.1 million (the BOK's sample), L = 10 million (opt-in,
 * TF_SCALE_L=1), each with 9 positions per person on average (`synth --positions-per-user
 * 9`: about 1, 10 and 90 million positions). Each size: one `talentflow run` under
 * /usr/bin/time -v (wall time, peak RSS), the stage timings of its manifest, and the
 * targets (M under 60 s and 4 GiB, L under 10 minutes and 12 GiB). Writes
 * bench/results/scale.json and the plot docs/scale.svg (time and memory against
 * positions). Worlds are cached in .cache/worlds; TF_SCALE_SIZES=S,M picks sizes;
 * TF_SCALE_MEMORY_LIMIT passes --memory-limit to every size. Without it, L runs with
 * `--memory-limit 8GB` (the run's default cap, 3 GB, is sized for M) and S, M with the
 * run's default. Each size's result replaces that size's entry in bench/results/scale.json
 * (entries carry their commit and date), so L can be measured alone; the plot shows every
 * entry and names the commits when they differ. Each run's detailed log (`--verbose`: every
 * family of regressions with its steps) goes to bench/results/scale-<size>.log.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureWorld } from '../src/synth/index.ts';
import { renderSvg } from '../src/report/charts.ts';

const SIZES = [
  { name: 'S', users: 110_000, target: undefined, memoryLimit: undefined },
  { name: 'M', users: 1_100_000, target: { seconds: 60, gib: 4 }, memoryLimit: undefined },
  { name: 'L', users: 10_000_000, target: { seconds: 600, gib: 12 }, memoryLimit: '8GB' },
] as const;
const PPU = 9;
const SEED = 20251205;
const wanted = (process.env.TF_SCALE_SIZES ?? (process.env.TF_SCALE_L === '1' ? 'S,M,L' : 'S,M')).split(',');
const memoryLimit = process.env.TF_SCALE_MEMORY_LIMIT;

interface Result {
  size: string;
  commit: string;
  date: string;
  memoryLimit: string;
  users: number;
  positions: number;
  seconds: number;
  peakGiB: number;
  stages: Record<string, number>;
  target?: { seconds: number; gib: number };
  met?: boolean;
}

const RESULTS = 'bench/results/scale.json';
const kept: Result[] = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as { results: Result[] }).results : [];
const results: Result[] = [];
const work = resolve('.cache/bench/scale');
mkdirSync(work, { recursive: true });
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  if (execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim()) commit += '+changes';
} catch {
  // not a git checkout: the commit stays unknown
}
console.log(`machine: ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${PPU} positions per person; commit ${commit}`);
for (const s of SIZES.filter((x) => wanted.includes(x.name))) {
  const limit = memoryLimit ?? s.memoryLimit;
  const t0 = performance.now();
  const world = await ensureWorld({ users: s.users, seed: SEED, format: 'parquet', positionsPerUser: PPU });
  const gen = (performance.now() - t0) / 1000;
  const out = join(work, s.name);
  rmSync(out, { recursive: true, force: true });
  const args = ['bin/talentflow.mjs', 'run', '--data', world, '--out', out, '--verbose', ...(limit ? ['--memory-limit', limit] : [])];
  const t1 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t1) / 1000;
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/scale-${s.name}.log`, r.stderr);
  if (r.status !== 0) {
    console.log(`${s.name}: the run failed (exit ${r.status}) after ${seconds.toFixed(1)} s:\n${r.stderr.split('\n').filter((l) => !l.startsWith('\t')).join('\n')}`);
    process.exitCode = 1;
    continue;
  }
  const peakGiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 2 ** 20;
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { timings: Record<string, number>; rows: { read: Record<string, number> } };
  const positions = manifest.rows.read.individual_positions ?? NaN;
  const res: Result = {
    size: s.name, commit, date: new Date().toISOString().slice(0, 10), memoryLimit: limit ?? 'default',
    users: s.users, positions, seconds, peakGiB, stages: manifest.timings,
  };
  if (s.target) {
    res.target = s.target;
    res.met = seconds < s.target.seconds && peakGiB < s.target.gib;
  }
  results.push(res);
  const slow = Object.entries(manifest.timings).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
  console.log(
    `${s.name}: ${s.users.toLocaleString('en-US')} people, ${positions.toLocaleString('en-US')} positions${limit ? `, --memory-limit ${limit}` : ''}: ${seconds.toFixed(1)} s, peak RSS ${peakGiB.toFixed(2)} GiB` +
      (s.target ? ` (target < ${s.target.seconds} s and < ${s.target.gib} GiB: ${res.met ? 'met' : 'NOT met'})` : '') +
      `; slowest stages: ${slow}; world ${gen.toFixed(0)} s to make or find`,
  );
}
const all = SIZES.flatMap((x) => results.find((r) => r.size === x.name) ?? kept.find((r) => r.size === x.name) ?? []);
mkdirSync('bench/results', { recursive: true });
writeFileSync(RESULTS, JSON.stringify({ machine: { cores: availableParallelism(), gib: Math.round(totalmem() / 2 ** 30) }, results: all }, null, 2) + '\n');

if (results.length && all.length >= 2) {
  const commits = [...new Set(all.map((r) => r.commit ?? 'unknown'))];
  const values = all.flatMap((r) => [
    { size: r.size, positions: r.positions, measure: 'wall time (s)', value: r.seconds },
    { size: r.size, positions: r.positions, measure: 'peak RSS (GiB)', value: r.peakGiB },
  ]);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `talentflow run at ${all.map((r) => r.size).join(', ')} (${availableParallelism()} cores; npm run bench scale)`,
      ...(commits.length > 1 ? { subtitle: all.map((r) => `${r.size}: ${r.commit ?? 'unknown'}, ${r.date ?? ''}, --memory-limit ${r.memoryLimit ?? 'default'}`).join('; ') } : {}),
    },
    data: { values },
    facet: { column: { field: 'measure', type: 'nominal', title: null } },
    spec: {
      width: 260, height: 200,
      layer: [
        { mark: { type: 'line', point: true }, encoding: {
          x: { field: 'positions', type: 'quantitative', scale: { type: 'log' }, title: 'positions (log scale)' },
          y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: null },
        } },
        { mark: { type: 'text', dy: -10 }, encoding: { x: { field: 'positions', type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, text: { field: 'size' } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
  writeFileSync('docs/scale.svg', await renderSvg(spec as never, 'scale'));
  console.log('wrote docs/scale.svg and bench/results/scale.json');
}
