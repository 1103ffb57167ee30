/**
 * `talentflow synth --out DIR [--users N] [--seed S] [--format csv|parquet]`: write a
 * calibrated synthetic world in the Revelio schema and its truth.json.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { info } from './output.ts';
import { progress } from './progress.ts';

/** A whole-number option, its default when absent, or null when malformed. */
function intArg(v: string | undefined, fallback: number): number | null {
  if (v === undefined) return fallback;
  const s = v.replace(/_/g, '');
  const n = Number(s);
  return /^\d+$/.test(s) && Number.isSafeInteger(n) ? n : null;
}

/** Register the `synth` command. */
export function register(program: Command): void {
  program
    .command('synth')
    .description('generate a calibrated synthetic labour market in the Revelio schema, with truth.json (exact indicator values)')
    .requiredOption('--out <dir>', 'folder to write (tables and truth.json)')
    .option('--users <n>', 'number of people (default: the demo size)')
    .option('--seed <s>', 'random seed, 0..4294967295 (default: the demo seed)')
    .option('--format <fmt>', 'csv or parquet', 'csv')
    .option('--positions-per-user <x>', 'mean positions per person (default: the calibrated world, about 3.8; the BOK sample about 9); shorter spells, more job changes')
    .action(async (o: { out: string; users?: string; seed?: string; format: string; positionsPerUser?: string }) => {
      const { generateWorld, DEFAULT_WORLD, SynthOptionsError } = await import('../synth/index.ts');
      const users = intArg(o.users, DEFAULT_WORLD.users);
      const seed = intArg(o.seed, DEFAULT_WORLD.seed);
      if (users === null) throw new SynthOptionsError(`--users ${o.users}: give a whole number such as 250000`);
      if (seed === null) throw new SynthOptionsError(`--seed ${o.seed}: give a whole number such as 42`);
      if (o.format !== 'csv' && o.format !== 'parquet') throw new SynthOptionsError(`--format ${o.format}: use csv or parquet`);
      const ppu = o.positionsPerUser === undefined ? undefined : Number(o.positionsPerUser);
      if (ppu !== undefined && !Number.isFinite(ppu)) throw new SynthOptionsError(`--positions-per-user ${o.positionsPerUser}: give a number such as 9`);
      const bar = progress('synth');
      const t0 = performance.now();
      const r = await generateWorld({
        outDir: o.out, users, seed, format: o.format, ...(ppu === undefined ? {} : { positionsPerUser: ppu }),
        onProgress: (done, total, phase) => bar.step(phase, done, total),
      });
      bar.done();
      info(`wrote ${r.files.length} tables and truth.json to ${resolve(o.out)} (${users.toLocaleString('en-US')} users, seed ${seed}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    });
}
