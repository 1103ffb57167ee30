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
    const log = o.verbose ? verboseLog(bar.note) : undefined;
    // With --verbose, each stage's start is a line of the log too: its peak memory is that of the stages before.
    const onStep = log ? (name: string, i: number, n: number): void => (log(`stage ${name} starts`), bar.step(name, i, n)) : bar.step;
    const r = await runStudy({
      data: String(o.data ?? ''), ...(source ? { source } : {}), out: String(o.out), options, countryAliases: o.countryAliases as string | undefined, encoding: o.encoding as string | undefined, onStep, ...(source ? {} : { onRows: bar.rows }), resources, ...(real ? { real } : {}),
      ...(log ? { log } : {}),
    });
    bar.done();
    const rejected = Object.values(r.manifest.rows.rejected).reduce((a, b) => a + b, 0);
    const read = Object.values(r.manifest.rows.read).reduce((a, b) => a + b, 0);
    info(`read ${read.toLocaleString('en-US')} rows, rejected ${rejected.toLocaleString('en-US')}; wrote ${r.manifest.outputs.length} files to ${String(o.out)}`);
  });
}

/**
 * `--verbose`: each line of the run's log prefixed with the seconds since the start, the
 * process's resident memory and its peak so far, `[12.3 s, 1.42 GiB, peak 3.10 GiB] premium: …`
 * (the peak rising between two lines says the step between them reached it).
 */
export function verboseLog(write: (line: string) => void, t0 = performance.now()): (msg: string) => void {
  const gib = (bytes: number): string => (bytes / 2 ** 30).toFixed(2);
  return (msg) =>
    write(`[${((performance.now() - t0) / 1000).toFixed(1)} s, ${gib(process.memoryUsage.rss())} GiB, peak ${gib(process.resourceUsage().maxRSS * 1024)} GiB] ${msg}`);
}
