/**
 * Benchmark of the regression engine (not a test): a seeded 10-million-row wage table
 * built in DuckDB from range() and hash-based pseudo-randoms — y, an AI dummy, exp, exp²,
 * five categorical fixed effects (7, 150, 50, 8, 30 levels) and ~50k firms — fitted with
 * CR1 clustered by firm. Median of 3 runs and peak RSS. When `Rscript` is on PATH, the
 * same data (1M rows; 10M with TALENTFLOW_BENCH_R_10M=1 — it needs more than 22 GB) goes through
 * estimatr::lm_robust(fixed_effects=, clusters=, se_type="stata"), reading the CSV outside
 * the timing; the AI coefficient and its SE are compared and the speed ratio printed
 * (TALENTFLOW_BENCH_R=0 skips R).
 *
 *   npm run bench -- regression        (or: npx tsx bench/regression.bench.ts)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db, sql } from '../src/db/index.ts';
import { feols, type FitResult as RegressionResult } from '../src/engine/index.ts';
import { engineConnection } from '../src/db/engine.ts';

const ROWS = Number(process.env.TALENTFLOW_BENCH_ROWS ?? 10_000_000);
// R at 10M rows is opt-in: estimatr::lm_robust with these five fixed effects was
// OOM-killed at 22.5 GB resident on the 24 GiB machine (measured 2026-11-25).
const R_ROWS = [1_000_000, ...(process.env.TALENTFLOW_BENCH_R_10M === '1' ? [ROWS] : [])];
const SEED = 20251201;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function build(db: Db): Promise<void> {
  await db.run(sql`
    CREATE TABLE wages AS
    -- One pseudo-random stream per purpose: hash(i·64 + stream, seed). (hash(i, seed, k)
    -- would not do: DuckDB combines argument hashes so that streams k and k' share low
    -- bits, making e.g. f4 mod 2 a function of f5 mod 2 — collinear fixed effects.)
    WITH base AS (
      SELECT i,
        (hash(i * 64 + 1, ${SEED}) % 7)::INTEGER AS f1,
        (hash(i * 64 + 2, ${SEED}) % 150)::INTEGER AS f2,
        (hash(i * 64 + 3, ${SEED}) % 50)::INTEGER AS f3,
        (hash(i * 64 + 4, ${SEED}) % 8)::INTEGER AS f4,
        (hash(i * 64 + 5, ${SEED}) % 30)::INTEGER AS f5,
        (hash(i * 64 + 6, ${SEED}) % 50000)::INTEGER AS firm,
        (hash(i * 64 + 9, ${SEED}) % 40000) / 1000.0 AS exp
      FROM range(${ROWS}) t(i)
    ), drawn AS (
      SELECT *,
        ((hash(i * 64 + 7, ${SEED}) % 1000) < 100 + (hash(firm * 64 + 8, ${SEED}) % 200))::INTEGER AS ai,
        -- approximately normal noise (sum of three uniforms) plus a firm component
        ((hash(i * 64 + 11, ${SEED}) % 1000) + (hash(i * 64 + 12, ${SEED}) % 1000) + (hash(i * 64 + 13, ${SEED}) % 1000)) / 1000.0 - 1.5
          + (hash(firm * 64 + 10, ${SEED}) % 1000) / 2000.0 AS u
      FROM base
    )
    SELECT f1, f2, f3, f4, f5, firm, ai, exp, exp * exp AS exp2,
      10 + 0.25 * ai + 0.05 * exp - 0.001 * exp * exp
        + (hash(f1 * 64 + 21, ${SEED}) % 1000) / 1000.0 + (hash(f2 * 64 + 22, ${SEED}) % 1000) / 1000.0
        + (hash(f3 * 64 + 23, ${SEED}) % 1000) / 1000.0 + (hash(f4 * 64 + 24, ${SEED}) % 1000) / 1000.0
        + (hash(f5 * 64 + 25, ${SEED}) % 1000) / 1000.0 + u AS y,
      i
    FROM drawn
  `);
}

function fit(db: Db, rows: number): Promise<RegressionResult> {
  return feols({ y: 'y', x: ['ai', 'exp', 'exp2'], fe: ['f1', 'f2', 'f3', 'f4', 'f5'], vcov: { cluster: 'firm' } }).fit(
    engineConnection(db),
    rows >= ROWS ? { table: 'wages' } : { query: `SELECT * FROM wages WHERE i < ${rows}` },
  );
}

const R_SCRIPT = `
suppressMessages({ library(estimatr); library(data.table) })
args <- commandArgs(trailingOnly = TRUE)
t0 <- Sys.time()
d <- fread(args[1])
t_read <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
t0 <- Sys.time()
m <- lm_robust(y ~ ai + exp + exp2, fixed_effects = ~ f1 + f2 + f3 + f4 + f5, data = d,
               clusters = firm, se_type = "stata")
t_fit <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
cat(sprintf('{"read_s": %.3f, "fit_s": %.3f, "ai": %.17g, "ai_se": %.17g, "n": %d}\\n',
            t_read, t_fit, coef(m)[["ai"]], m$std.error[["ai"]], nrow(d)))
`;

interface RRun {
  rows: number;
  read_s: number;
  fit_s: number;
  ai: number;
  ai_se: number;
}

async function runR(db: Db, dir: string, rows: number): Promise<RRun | string> {
  const csv = join(dir, `wages-${rows}.csv`);
  await db.run(sql`COPY (SELECT y, ai, exp, exp2, f1, f2, f3, f4, f5, firm FROM wages WHERE i < ${rows}) TO ${csv} (HEADER)`);
  const script = join(dir, 'fit.R');
  writeFileSync(script, R_SCRIPT);
  const r = spawnSync('Rscript', [script, csv], { encoding: 'utf8', maxBuffer: 1 << 20 });
  rmSync(csv, { force: true });
  if (r.status !== 0)
    return `R failed (${r.signal ? `killed by ${r.signal}, out of memory?` : `exit ${r.status}`}): ${(r.stderr || '').trim().slice(-300)}`;
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return { rows, ...(JSON.parse(line) as Omit<RRun, 'rows'>) };
}

const db = await Db.open();
let t = performance.now();
await build(db);
const buildS = (performance.now() - t) / 1000;

// Wall time depends on what else the machine runs; process CPU time (all DuckDB threads
// included) does not, so both are reported.
const times: number[] = [];
const cpu: number[] = [];
let res: RegressionResult | undefined;
for (let i = 0; i < 3; i++) {
  t = performance.now();
  const c0 = process.cpuUsage();
  res = await fit(db, ROWS);
  times.push((performance.now() - t) / 1000);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e6);
}
const load = loadavg()[0]!;
const ours = res!;
const rssAfterFit = rssMiB();

const rows: Record<string, string | number>[] = [
  {
    what: `talentflow estimate, ${ROWS.toLocaleString('en')} rows, CR1`,
    seconds: +median(times).toFixed(2),
    detail: `runs ${times.map((x) => x.toFixed(2)).join(', ')}; CPU ${median(cpu).toFixed(1)} s on ${cpus().length} cores; load avg ${load.toFixed(1)}`,
  },
];
const json: Record<string, unknown> = {
  bench: 'regression',
  rows: ROWS,
  build_s: +buildS.toFixed(2),
  runs_s: times.map((x) => +x.toFixed(3)),
  median_s: +median(times).toFixed(3),
  cpu_s: cpu.map((x) => +x.toFixed(2)),
  load_avg: +load.toFixed(2),
  peak_rss_mib: rssAfterFit,
  ai: ours.coef().ai,
  ai_se: ours.se().ai,
  k: ours.nobs - ours.dfResid,
  clusters: ours.nClusters,
};

const hasR = process.env.TALENTFLOW_BENCH_R !== '0' && spawnSync('Rscript', ['--version']).status === 0;
if (hasR) {
  const dir = mkdtempSync(join(tmpdir(), 'tf-bench-'));
  const rRuns: unknown[] = [];
  try {
    for (const n of R_ROWS) {
      const ts: number[] = [];
      let mine: RegressionResult | undefined;
      if (n === ROWS) {
        ts.push(...times);
        mine = ours;
      } else {
        for (let i = 0; i < 3; i++) {
          t = performance.now();
          mine = await fit(db, n);
          ts.push((performance.now() - t) / 1000);
        }
      }
      const r = await runR(db, dir, n);
      if (typeof r === 'string') {
        rows.push({ what: `R estimatr::lm_robust, ${n.toLocaleString('en')} rows`, seconds: NaN, detail: r });
        rRuns.push({ rows: n, error: r });
        continue;
      }
      const relCoef = Math.abs(mine!.coef().ai! / r.ai - 1);
      const relSe = Math.abs(mine!.se().ai! / r.ai_se - 1);
      const ratio = r.fit_s / median(ts);
      rows.push({
        what: `R estimatr::lm_robust, ${n.toLocaleString('en')} rows`,
        seconds: +r.fit_s.toFixed(2),
        detail: `read ${r.read_s.toFixed(1)} s (untimed); ours ${median(ts).toFixed(2)} s → ${ratio.toFixed(1)}× faster; AI coef rel. diff ${relCoef.toExponential(1)}, SE ${relSe.toExponential(1)}`,
      });
      rRuns.push({ ...r, ours_median_s: +median(ts).toFixed(3), speed_ratio: +ratio.toFixed(2), ai_rel_diff: relCoef, ai_se_rel_diff: relSe });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  json.r = rRuns;
} else {
  rows.push({ what: 'R estimatr::lm_robust', seconds: NaN, detail: 'skipped (Rscript not on PATH, or TALENTFLOW_BENCH_R=0)' });
}
json.peak_rss_mib = rssMiB();
rows.push({ what: 'peak RSS (this process, incl. DuckDB)', seconds: NaN, detail: `${json.peak_rss_mib} MiB (after our fits: ${rssAfterFit} MiB)` });
rows.push({ what: 'table build (not timed as part of estimate)', seconds: +buildS.toFixed(2), detail: '' });

console.table(rows);
console.log(JSON.stringify(json));
db.close();
