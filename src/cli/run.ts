/** `talentflow run --data DIR --out OUT`: the whole study into one output folder. */
import type { Command } from 'commander';
import { takesStudyFlags } from './lazy-flags.ts';
import { info } from './output.ts';
import { progress } from './progress.ts';
import { addResourceFlags, parseResourceFlags } from './resource-flags.ts';
import { addSourceFlags, parseSourceFlags } from './source-flags.ts';

/** Add the `run` command to the program. */
export function register(program: Command): void {
  takesStudyFlags(
    addSourceFlags(addResourceFlags(program
      .command('run')
      .description('run the study: ingest, classify, measure, and write the output folder (CSV tables, manifest, report)')
      .option('--data <dir>', 'dataset folder in the Revelio schema (or --source)')
      .requiredOption('--out <dir>', 'output folder (replaced atomically when the run succeeds)')
      .option('--verbose', 'print the detailed log on stderr: what each stage did (regressions, rows, steps), with the time since the start and the memory in use'))),
  ).action(async (o: Record<string, unknown>) => {
    const { parseStudyFlags } = await import('./study-options.ts');
    const options = parseStudyFlags(o);
    const resources = await parseResourceFlags(o);
    const source = await parseSourceFlags(o);
    const { runStudy } = await import('../study/run.ts');
    const real = o.real === undefined ? undefined : await (await import('../report/index.ts')).readRealFolder(String(o.real));
    const bar = progress('run');
    const r = await runStudy({
      data: String(o.data ?? ''), ...(source ? { source } : {}), out: String(o.out), options, countryAliases: o.countryAliases as string | undefined, encoding: o.encoding as string | undefined, onStep: bar.step, ...(source ? {} : { onRows: bar.rows }), resources, ...(real ? { real } : {}),
      ...(o.verbose ? { log: verboseLog(bar.note) } : {}),
    });
    bar.done();
    const rejected = Object.values(r.manifest.rows.rejected).reduce((a, b) => a + b, 0);
    const read = Object.values(r.manifest.rows.read).reduce((a, b) => a + b, 0);
    info(`read ${read.toLocaleString('en-US')} rows, rejected ${rejected.toLocaleString('en-US')}; wrote ${r.manifest.outputs.length} files to ${String(o.out)}`);
  });
}

/**
 * `--verbose`: each line of the run's log prefixed with the seconds since the start and the
 * process's resident memory, `[12.3 s, 1.42 GiB] premium: …`.
 */
export function verboseLog(write: (line: string) => void, t0 = performance.now()): (msg: string) => void {
  return (msg) => write(`[${((performance.now() - t0) / 1000).toFixed(1)} s, ${(process.memoryUsage.rss() / 2 ** 30).toFixed(2)} GiB] ${msg}`);
}
