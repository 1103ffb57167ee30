/**
 * The dashboard under load: `talentflow serve` (dist/, built by `npm run build`) on a
 * finished output folder (default `out`, the demo's; `TF_BENCH_OUT=DIR` for another),
 * loopback only, replaying the requests the page makes (src/server/public/app.js): the
 * page and its static files, /api/meta, then for every country in both languages the
 * charts, the three KPI tables and the scenario, and the scenario slider moved step by
 * step (the link chart and /api/scenario). 200 connections for 30 s with autocannon, each
 * connection starting at its own place in the sequence, after a warm-up (each request
 * once, then 10 s at the same load). Targets: 0 errors and 0 non-2xx responses, p99 latency under 50 ms, server RSS
 * after the run within 10% of its RSS after the warm-up. `TF_BENCH_SECONDS` shortens the run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadavg } from 'node:os';

interface Histogram { average: number; p50: number; p90: number; p99: number; max: number }
interface Result { requests: Histogram & { total: number }; latency: Histogram; throughput: Histogram & { total: number }; errors: number; timeouts: number; non2xx: number; duration: number }
interface Client { setRequests(r: { method: string; path: string }[]): void }
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const OUT = process.env.TF_BENCH_OUT ?? 'out';
const CONNECTIONS = 200;
const SECONDS = Number(process.env.TF_BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = Math.min(10, SECONDS);
if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is not built: run `npm run build` first');
if (!existsSync(join(OUT, 'manifest.json'))) throw new Error(`${OUT} is not a finished run: run \`npm run demo\` first (or set TF_BENCH_OUT)`);

/** CPU seconds (user + system) a process has used (Linux /proc, clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** RSS of a process in bytes (Linux /proc). */
function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) * 1024;
}

const server = spawn(process.execPath, ['bin/talentflow.mjs', 'serve', '--out', OUT, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
const base = await new Promise<string>((resolve, reject) => {
  let err = '';
  server.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    const m = /dashboard on (http:\/\/\S+)/.exec(err);
    if (m) resolve(m[1]!);
  });
  server.once('exit', (code) => reject(new Error(`talentflow serve exited (${code}): ${err}`)));
});

try {
  const meta = (await (await fetch(`${base}/api/meta`)).json()) as { focus: string; year: number; scenario: number | null; charts: string[]; countries: { code: string }[] };
  const paths: string[] = [];
  const pageLoad = () => paths.push('/', '/static/app.css', '/static/vega.min.js', '/static/vega-lite.min.js', '/static/app.js', '/api/meta');
  // renderAll() of app.js: every chart, the three KPI tables, the scenario.
  const renderAll = (c: string, y: number, lang: string, s: number) => {
    for (const id of meta.charts) paths.push(`/api/charts/${id}?${new URLSearchParams({ country: c, year: String(y), lang, scenario: String(s) })}`);
    paths.push(`/api/tables/headcount?country=${c}&year=${y}&group=ai`, `/api/tables/premium?country=${c}&year=${y}&skill=all`, `/api/tables/abroad_share?origin=${c}&year=${y}&group=ai`);
    paths.push(`/api/scenario?${new URLSearchParams({ premium: String(s), year: String(y), country: c })}`);
  };
  const s0 = meta.scenario ?? 15;
  pageLoad();
  for (const { code } of meta.countries) for (const lang of ['en', 'ko']) renderAll(code, meta.year, lang, s0);
  // The slider, for the focus country: link-scatter and the scenario at each step.
  for (let s = -10; s <= 40; s += 0.5) {
    paths.push(`/api/charts/link-scatter?${new URLSearchParams({ country: meta.focus, year: String(meta.year), lang: 'en', scenario: String(s) })}`);
    paths.push(`/api/scenario?${new URLSearchParams({ premium: String(s), year: String(meta.year), country: meta.focus })}`);
  }
  const requests = paths.map((path) => ({ method: 'GET', path }));
  let next = 0;
  const load = (duration: number) =>
    autocannon({
      url: base,
      connections: CONNECTIONS,
      duration,
      headers: { 'accept-encoding': 'gzip, deflate, br', accept: 'application/json' },
      requests,
      // Each connection is a user at a different place in the sequence.
      setupClient: (client: Client) => {
        const k = (next++ * 97) % requests.length;
        client.setRequests([...requests.slice(k), ...requests.slice(0, k)]);
      },
    });
  const pid = server.pid!;
  const rssStart = rss(pid);
  // Warm-up: every request once (the server computes each response on first request),
  // then the same load as the run for a few seconds.
  const t0 = performance.now();
  for (let i = 0; i < paths.length; i += 8)
    await Promise.all(paths.slice(i, i + 8).map(async (p) => {
      const res = await fetch(base + p, { headers: { 'accept-encoding': 'gzip' } });
      if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
      await res.arrayBuffer();
    }));
  const firstPass = (performance.now() - t0) / 1000;
  const warm = await load(WARMUP_SECONDS);
  const rssWarm = rss(pid);
  const cpu0 = cpuSeconds(pid);
  const r = await load(SECONDS);
  const serverCpu = cpuSeconds(pid) - cpu0;
  const rssAfter = rss(pid);
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  const growth = (rssAfter - rssWarm) / rssWarm;
  console.log(`${requests.length} distinct requests (${meta.countries.length} countries × en/ko, ${meta.charts.length} charts, the slider in 101 steps); ${CONNECTIONS} connections`);
  console.log(`first request of each: ${firstPass.toFixed(1)} s in all`);
  console.log(`warm-up ${WARMUP_SECONDS} s: ${warm.requests.total} requests, p99 ${warm.latency.p99} ms, errors ${warm.errors}, non-2xx ${warm.non2xx}`);
  console.log(`run ${SECONDS} s: ${r.requests.total} requests (${Math.round(r.requests.average)}/s), ${mb(r.throughput.total)} read; latency p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`);
  console.log(`errors ${r.errors} (timeouts ${r.timeouts}), non-2xx ${r.non2xx}`);
  console.log(`server CPU during the run: ${serverCpu.toFixed(1)} s (${((1000 * serverCpu) / r.requests.total).toFixed(3)} ms a request); load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(`server RSS: start ${mb(rssStart)}, after warm-up ${mb(rssWarm)}, after the run ${mb(rssAfter)} (${(100 * growth).toFixed(1)}%)`);
  const ok = r.errors === 0 && r.non2xx === 0 && r.latency.p99 < 50 && Math.abs(growth) <= 0.1;
  console.log(`targets (0 errors, p99 < 50 ms, RSS within 10%): ${ok ? 'met' : 'MISSED'}`);
} finally {
  server.kill('SIGTERM');
}
