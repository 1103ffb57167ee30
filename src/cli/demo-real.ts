/**
 * `talentflow demo-real`: the survey study (`src/study/survey`) on the shipped Stack
 * Overflow and aijobs.net files, written to `out-real`.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import type { Cell } from '../output/table.ts';
import { info, printRows, type Format } from './output.ts';

/** `--min-ai` is not a whole number ≥ 0. */
export class MinAiOptionError extends UsageError {}

/** Parse `--min-ai`: a whole number ≥ 0. */
export function parseMinAi(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 0) throw new MinAiOptionError(`--min-ai ${v}: give a whole number ≥ 0`);
  return n;
}

/** Register `demo-real`. */
export function register(program: Command): void {
  program
    .command('demo-real')
    .description('run the real-data study on the shipped Stack Overflow and aijobs.net files and write out-real (`talentflow demo --real out-real` adds it to the report)')
    .option('--out <dir>', 'output folder', 'out-real')
    .option('--min-ai <n>', 'minimum AI and non-AI respondents for a country to be shown', '30')
    .option('--format <fmt>', 'table, json or csv', 'table')
    .action(async (o: { out: string; minAi: string; format: Format }) => {
      const minAi = parseMinAi(o.minAi);
      const { runSurveyStudy } = await import('../study/survey/index.ts');
      const t0 = performance.now();
      const r = await runSurveyStudy({ outDir: o.out, minAi });
      const so = r.tables.find((t) => t.name === 'real_premium_so2024')!;
      const main = so.rows.filter((x) => x.definition === 'ml_framework_or_ai_devtype' && x.controls === 'full');
      const shown = main.filter((x) => x.suppressed !== true);
      // One decimal: as text on a terminal (aligned), as numbers in JSON and CSV.
      const r1 = (v: Cell | undefined): Cell => (typeof v !== 'number' ? null : o.format === 'table' ? v.toFixed(1) : Math.round(v * 10) / 10);
      const head = shown.map((x) => ({
        country: x.country ?? null, n: x.n ?? null, n_ai: x.n_ai ?? null,
        premium_pct: r1(x.premium_pct), ci_low: r1(x.premium_ci_low), ci_high: r1(x.premium_ci_high),
      }));
      info('AI premium (%), Stack Overflow 2024, controls: experience, experience², education, role, org size, remote work; HC1 95% CI');
      await printRows(head, o.format, ['country', 'n', 'n_ai', 'premium_pct', 'ci_low', 'ci_high']);
      info(`${main.length - shown.length} more countries suppressed: fewer than ${minAi} AI or non-AI respondents with compensation`);
      const aj = r.tables.find((t) => t.name === 'aijobs_occupation_gap')!.rows[0];
      const gap = r.tables.find((t) => t.name === 'aijobs_crossborder_gap')!.rows[0];
      const f1 = (v: Cell | undefined, d = 1) => (typeof v === 'number' ? v.toFixed(d) : '—');
      if (aj) info(`aijobs.net (exact duplicates dropped): occupation gap, AI vs data job titles ${f1(aj.gap_pct)}% [${f1(aj.gap_pct_ci_low)}, ${f1(aj.gap_pct_ci_high)}], n ${aj.n}`);
      if (gap) info(`aijobs.net (exact duplicates dropped): cross-border share AI − data ${f1(gap.estimate_pp, 2)} pp [${f1(gap.ci_low, 2)}, ${f1(gap.ci_high, 2)}]`);
      info(`wrote ${resolve(o.out)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    });
}
