#!/usr/bin/env node
// `npm run fuzz`: the fuzz tests of test/fuzz at full size. Runs FUZZ_CASES ingest cases
// (default 10,000) in batches of FUZZ_BATCH (500), two processes at a time, each batch with
// its own seed (FUZZ_SEED + batch number; FUZZ_SEED defaults to the time), and prints the
// outcomes per batch and in total. A failing batch prints its replay command and the run
// exits 1.
import { spawn } from 'node:child_process';

const total = Number(process.env.FUZZ_CASES ?? 10000);
const batch = Number(process.env.FUZZ_BATCH ?? 500);
const parallel = Number(process.env.FUZZ_JOBS ?? 2);
const base = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
const batches = Math.ceil(total / batch);
const t0 = performance.now();
const outcomes = new Map();
let done = 0;
let failed = false;

function runBatch(i) {
  const runs = Math.min(batch, total - i * batch);
  const seed = base + i;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', 'test/fuzz/ingest.fuzz.test.ts'], {
      env: { ...process.env, TZ: 'UTC', TALENTFLOW_TEST: '1', FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed) },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const m = /# (\d+) cases in ([\d.]+) s: (.*)/.exec(out);
      if (m) {
        for (const part of m[3].split(', ')) {
          const k = /^(.*) (\d+)$/.exec(part);
          if (k) outcomes.set(k[1], (outcomes.get(k[1]) ?? 0) + Number(k[2]));
        }
      }
      if (code === 0) {
        done += runs;
        console.log(`batch ${i + 1}/${batches} (seed ${seed}): ${runs} cases in ${m ? m[2] : '?'} s — ${m ? m[3] : ''}`);
      } else {
        failed = true;
        const why = /case failed \(replay: [^)]*\)[^\n]*/.exec(out)?.[0] ?? out.slice(-3000);
        console.log(`batch ${i + 1}/${batches} (seed ${seed}) FAILED: ${why}`);
      }
      resolve();
    });
  });
}

let next = 0;
async function worker() {
  while (next < batches && !failed) await runBatch(next++);
}
await Promise.all(Array.from({ length: parallel }, worker));
const secs = (performance.now() - t0) / 1000;
console.log(
  `fuzz: ${done.toLocaleString('en-US')} ingest cases (and ${(4 * done).toLocaleString('en-US')} line-reader cases) in ${(secs / 60).toFixed(1)} min, ${parallel} processes, seeds ${base}…${base + batches - 1}: ` +
    [...outcomes].sort().map(([k, v]) => `${k} ${v}`).join(', '),
);
process.exit(failed ? 1 : 0);
