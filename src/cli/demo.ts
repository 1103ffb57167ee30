/**
 * `talentflow demo`: generate the default synthetic world (cached by seed and size), run
 * the whole study on it and write `out/` with `out/report.html`.
 */
import type { Command } from 'commander';
import { resolve, join } from 'node:path';
import { existsSync } from 'node:fs';
import { takesStudyFlags } from './lazy-flags.ts';
import { info } from './output.ts';
import { progress } from './progress.ts';
import { addResourceFlags, parseResourceFlags } from './resource-flags.ts';

/** First year of the demo study: the Bank of Korea's period starts in 2010. */
export const DEMO_FROM = 2010;
/** Where `talentflow demo-real` writes by default; the demo adds it to the report when present. */
export const DEMO_REAL_DIR = 'out-real';

/** Add the `demo` command to the program. */
export function register(program: Command): void {
  takesStudyFlags(
    addResourceFlags(program
      .command('demo')
      .description('run the study on the embedded synthetic world (generated once, then cached) and write out/report.html; measures 2010 on unless --from is given')
      .option('--out <dir>', 'output folder', 'out')
      .option('--users <n>', 'size of the synthetic world (default: the calibrated demo size)')
      .option('--seed <s>', 'seed of the synthetic world')),
  ).action(async (o: Record<string, unknown>) => {
    // The demo measures the Bank of Korea's period (2010 on) unless --from says otherwise;
    // the synthetic careers start in 1985 and `run` measures every year of the data.
    const { parseStudyFlags } = await import('./study-options.ts');
    const options = parseStudyFlags({ ...o, from: o.from ?? DEMO_FROM });
    const resources = await parseResourceFlags(o);
    // Load the report's modules while the world is generated (the main thread mostly waits
    // on the generator threads then); runStudy's own import then finds them loaded.
    import('../report/index.ts').catch(() => undefined);
    const { ensureWorld, DEFAULT_WORLD } = await import('../synth/index.ts');
    const { runStudy } = await import('../study/run.ts');
    const users = o.users === undefined ? DEFAULT_WORLD.users : Number(o.users);
    const seed = o.seed === undefined ? DEFAULT_WORLD.seed : Number(o.seed);
    const t0 = performance.now();
    const data = await ensureWorld({ users, seed });
    const tWorld = (performance.now() - t0) / 1000;
    // The real-data section: --real DIR, or out-real when `npm run demo:real` wrote it.
    const realDir = o.real === undefined ? (existsSync(DEMO_REAL_DIR) ? DEMO_REAL_DIR : undefined) : String(o.real);
    const real = realDir === undefined ? undefined : await (await import('../report/index.ts')).readRealFolder(realDir);
    const bar = progress('study');
    const r = await runStudy({ data, out: String(o.out), options, onStep: bar.step, onRows: bar.rows, resources, ...(real ? { real } : {}) });
    bar.done();
    const total = (performance.now() - t0) / 1000;
    info(`synthetic world: ${data} (${users.toLocaleString('en-US')} users, seed ${seed}; ${tWorld.toFixed(1)} s)`);
    info(`study: ${r.manifest.outputs.length} files in ${resolve(String(o.out))} (${total.toFixed(1)} s in all)`);
    if (realDir !== undefined) info(`real-data section: ${resolve(realDir)}`);
    info(`report: ${join(resolve(String(o.out)), 'report.html')}`);
  });
}
