/**
 * `talentflow ingest-survey stackoverflow|aijobs --file F --out DIR`: a survey file → a
 * Revelio-schema folder.
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
    .option('--encoding <label>', 'encoding of the file when not UTF-8 (e.g. euc-kr, windows-1252): transcoded while reading')
    .option('--format <fmt>', 'summary format: table or json', 'table')
    .action(async (o: { file: string; out: string; year?: string; ppp?: boolean; encoding?: string; format: Format }) => {
      const year = o.year === undefined ? undefined : Number(o.year);
      if (year !== undefined && !Number.isInteger(year)) throw new SurveyUsageError(`--year ${o.year}: give a four-digit year such as 2024`);
      const { ingestStackOverflow } = await import('../ingest/surveys/stackoverflow.ts');
      const s = await ingestStackOverflow({ file: o.file, out: o.out, year, ppp: o.ppp === true, ...(o.encoding ? { encoding: o.encoding } : {}) });
      await report(s, o.format, o.out);
    });
  cmd
    .command('aijobs')
    .description('aijobs.net salaries (salaries.csv): employer and residence country, title-based AI class, experience level, company size')
    .requiredOption('--file <file>', 'salaries file (.csv, .csv.gz, .csv.bz2 or .zip)')
    .requiredOption('--out <dir>', 'dataset folder to write (replaced whole)')
    .option('--ppp', 'convert compensation to international dollars (PPP of the residence country)')
    .option('--encoding <label>', 'encoding of the file when not UTF-8 (e.g. euc-kr, windows-1252): transcoded while reading')
    .option('--format <fmt>', 'summary format: table or json', 'table')
    .action(async (o: { file: string; out: string; ppp?: boolean; encoding?: string; format: Format }) => {
      const { ingestAijobs } = await import('../ingest/surveys/aijobs.ts');
      await report(await ingestAijobs({ file: o.file, out: o.out, ppp: o.ppp === true, ...(o.encoding ? { encoding: o.encoding } : {}) }), o.format, o.out);
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
