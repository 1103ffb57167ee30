/**
 * Synthetic world generation: time and peak RSS for 100k and 1M users (CSV), each in its
 * own child process so the peak is per size. 10M is the manual acceptance run:
 *   /usr/bin/time -v npx tsx src/cli/... synth --out /tmp/w10m --users 10000000
 * Set SYNTH_BENCH_SIZES=100000,1000000,10000000 to choose sizes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sizes = (process.env.SYNTH_BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const child = `
  const { generateWorld } = await import(${JSON.stringify(new URL('../src/synth/index.ts', import.meta.url).href)});
  let peak = 0;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 200);
  const t0 = performance.now();
  await generateWorld({ outDir: process.env.OUT, users: Number(process.env.USERS), seed: 1 });
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, peakRssMb: peak / 1e6 }));
`;
for (const users of sizes) {
  const out = mkdtempSync(join(tmpdir(), 'tf-synth-bench-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
    env: { ...process.env, OUT: out, USERS: String(users) }, encoding: 'utf8',
  });
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { seconds: number; peakRssMb: number };
  console.log(`synth ${users.toLocaleString('en-US')} users: ${m.seconds.toFixed(1)} s, peak RSS ${m.peakRssMb.toFixed(0)} MB, ${(users / m.seconds / 1000).toFixed(1)}k users/s`);
}
