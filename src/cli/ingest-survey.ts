/**
 * `talentflow ingest-survey stackoverflow|aijobs --file F --out DIR` (survey → Revelio-schema
 * folder) and `talentflow demo-real` (the real-data study on the shipped survey files).
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { info, printRows, type Format } from './output.ts';
import { SurveyUsageError } from '../ingest/surveys/errors.ts';
import type { Cell } from '../output/table.ts';

/** Register `ingest-survey`. */
export function register(program: Command): void {
  const cmd = program
    .command('ingest-survey')
    .description('turn a public survey file into a Revelio-schema dataset folder that `talentflow run --data DIR` reads');
  cmd
    .command('stackoverflow')
    .description('Stack Overflow Developer Survey 2017–2025 (survey_results_public.csv, .csv.gz, .csv.bz2 or the .zip); the year is detected from the columns')
    .requiredOption('--file <file>', 'survey file')
    .requiredOption('--out <dir>', 'dataset folder to write (replaced whole)')
    .option('--year <yyyy>', 'schema year, when the columns do not tell (e.g. a cut-down subset)')
    .option('--ppp', 'convert compensation to international dollars with the World Bank PPP factors')
    .option('--format <fmt>', 'summary format: table or json', 'table')
    .action(async (o: { file: string; out: string; year?: string; ppp?: boolean; format: Format }) => {
      const year = o.year === undefined ? undefined : Number(o.year);
      if (year !== undefined && !Number.isInteger(year)) throw new SurveyUsageError(`--year ${o.year}: give a four-digit year such as 2024`);
      const { ingestStackOverflow } = await import('../ingest/surveys/stackoverflow.ts');
      const s = await ingestStackOverflow({ file: o.file, out: o.out, year, ppp: o.ppp === true });
      await report(s, o.format, o.out);
    });
  cmd
    .command('aijobs')
    .description('aijobs.net salaries (salaries.csv): employer and residence country, title-based AI class, experience level, company size')
    .requiredOption('--file <file>', 'salaries file (.csv, .csv.gz, .csv.bz2 or .zip)')
    .requiredOption('--out <dir>', 'dataset folder to write (replaced whole)')
    .option('--ppp', 'convert compensation to international dollars (PPP of the residence country)')
    .option('--format <fmt>', 'summary format: table or json', 'table')
    .action(async (o: { file: string; out: string; ppp?: boolean; format: Format }) => {
      const { ingestAijobs } = await import('../ingest/surveys/aijobs.ts');
      await report(await ingestAijobs({ file: o.file, out: o.out, ppp: o.ppp === true }), o.format, o.out);
    });
}

async function report(s: import('../ingest/surveys/stackoverflow.ts').SurveySummary, format: Format, out: string): Promise<void> {
  if (format === 'json') {
    process.stdout.write(JSON.stringify(s.meta, null, 2) + '\n');
  } else {
    const rows: Record<string, Cell>[] = [
      { item: 'source', value: s.source },
      { item: 'schema year', value: s.year === null ? 'n/a' : `${s.year} (${s.detectedBy === 'option' ? '--year' : 'detected from the columns'})` },
      { item: 'rows read', value: s.rowsRead },
      { item: 'persons written', value: s.personsWritten },
      { item: 'with compensation', value: s.withSalary },
      { item: 'skill rows', value: s.written.skills },
      ...Object.entries(s.rejectsByReason).map(([k, v]) => ({ item: `rejected: ${k}`, value: v })),
    ];
    await printRows(rows, 'table', ['item', 'value']);
  }
  const lacks = (s.meta.lacks as string[] | undefined) ?? [];
  if (lacks.length) info(`this file has no: ${lacks.join('; ')}`);
  info(`wrote ${resolve(out)} (run: talentflow run --data ${out} --taxonomy so-ml --vcov hetero)`);
}

/** Register `demo-real`: the real-data study on the shipped survey files, written to `out-real`. */
export function registerDemoReal(program: Command): void {
  program
    .command('demo-real')
    .description('run the real-data study on the shipped Stack Overflow and aijobs.net files and write out-real (`talentflow demo --real out-real` adds it to the report)')
    .option('--out <dir>', 'output folder', 'out-real')
    .option('--min-ai <n>', 'minimum AI and non-AI respondents for a country to be shown', '30')
    .option('--format <fmt>', 'table, json or csv', 'table')
    .action(async (o: { out: string; minAi: string; format: Format }) => {
      const minAi = Number(o.minAi);
      if (!Number.isInteger(minAi) || minAi < 0) throw new SurveyUsageError(`--min-ai ${o.minAi}: give a whole number ≥ 0`);
      const { runRealStudy } = await import('../ingest/surveys/real-study.ts');
      const t0 = performance.now();
      const r = await runRealStudy({ outDir: o.out, minAi });
      const so = r.tables.find((t) => t.name === 'real_premium_so2024')!;
      const main = so.rows.filter((x) => x.definition === 'ml_framework_or_ai_devtype' && x.controls === 'full');
      const head = main
        .filter((x) => x.suppressed !== true)
        .map((x) => ({
          country: x.country ?? null, n: x.n ?? null, n_ai: x.n_ai ?? null,
          premium_pct: round(x.premium_pct), ci_low: round(x.premium_ci_low), ci_high: round(x.premium_ci_high), suppressed: x.suppressed ?? null,
        }));
      info('AI premium (%), Stack Overflow 2024, controls: experience, experience², education, role, org size, remote work; HC1 95% CI');
      await printRows(head, o.format, ['country', 'n', 'n_ai', 'premium_pct', 'ci_low', 'ci_high']);
      info(`${main.length - head.length} more countries suppressed: fewer than ${minAi} AI or non-AI respondents with compensation`);
      const aj = r.tables.find((t) => t.name === 'aijobs_premium')!.rows[0];
      const gap = r.tables.find((t) => t.name === 'aijobs_crossborder')!.rows.find((x) => x.group === 'ai_minus_data');
      if (aj) info(`aijobs.net: AI-title premium within data jobs ${round(aj.premium_pct)}% [${round(aj.premium_ci_low)}, ${round(aj.premium_ci_high)}], n ${aj.n}`);
      if (gap) info(`aijobs.net: cross-border share AI − data ${round(gap.value)} pp [${round(gap.ci_low)}, ${round(gap.ci_high)}]`);
      info(`wrote ${resolve(o.out)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    });
}

function round(v: Cell | undefined): Cell {
  return typeof v === 'number' ? Math.round(v * 10) / 10 : null;
}
