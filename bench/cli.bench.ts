/**
 * Start-up cost of the command: CPU time (user + system) of `talentflow --help` on the
 * compiled CLI (dist/, built by `npm run build`), median of 5 runs; the target is under
 * 0.35 s. Also `talentflow run --help`, which loads the study options.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const RUNS = 5;
const TARGET_S = 0.35;
if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is not built: run `npm run build` first');

/** CPU seconds (user + system) of one run of the command, as GNU time (/usr/bin/time) reports them. */
function cpu(args: string[]): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, 'bin/talentflow.mjs', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`talentflow ${args.join(' ')} failed: ${r.stderr}`);
  const [user, sys] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return user! + sys!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const args of [['--help'], ['run', '--help']]) {
  const runs = Array.from({ length: RUNS }, () => cpu(args));
  const m = median(runs);
  console.log(`talentflow ${args.join(' ')}: median CPU ${m.toFixed(2)} s of ${RUNS} runs (${runs.map((x) => x.toFixed(2)).join(' ')})${args.length === 1 ? ` — target < ${TARGET_S} s ${m < TARGET_S ? 'met' : 'MISSED'}` : ''}`);
}
