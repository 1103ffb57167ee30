/** `talentflow ingest --data DIR --db FILE`. */
import type { Command } from 'commander';
import type { IngestSummary } from '../ingest/index.ts';
import { REJECT_REASONS } from '../ingest/schema.ts';
import { info, textTable, type Format } from './output.ts';
import { progress } from './progress.ts';

/** Add the `ingest` command to the program. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description('load a Revelio-schema dataset folder into a DuckDB database file, validating every row')
    .requiredOption('--data <dir>', 'dataset folder (individual_positions, individual_user_skills, ... as CSV, CSV.gz or Parquet)')
    .requiredOption('--db <file>', 'DuckDB database file to write (replaced atomically)')
    .option('--country-aliases <file>', 'extra country spellings (JSON)')
    .option('--encoding <label>', 'encoding of the CSV files when not UTF-8 (e.g. euc-kr, which also reads CP949; shift_jis, windows-1252): transcoded while reading')
    .option('--format <fmt>', 'summary format: table or json', 'table')
    .action(async (o: { data: string; db: string; countryAliases?: string; encoding?: string; format: Format }) => {
      const { ingestToFile } = await import('../ingest/index.ts');
      const bar = progress('ingest');
      const summary = await ingestToFile(o.data, o.db, { countryAliases: o.countryAliases, encoding: o.encoding, onStep: bar.step });
      bar.done();
      printSummary(summary, o.format);
      info(`wrote ${o.db}`);
    });
}

/** Print an ingest summary as tables (terminal) or one JSON document. */
export function printSummary(s: IngestSummary, format: Format): void {
  if (format === 'json') {
    const { files, ...rest } = s;
    process.stdout.write(JSON.stringify({ files: files.map((f) => ({ table: f.table, file: f.name, bytes: f.bytes })), ...rest }, null, 2) + '\n');
    return;
  }
  const tables = Object.keys(s.rowsRead).map((t) => ({ table: t, read: s.rowsRead[t] ?? 0, rejected: s.rowsRejected[t] ?? 0 }));
  const out = [textTable(tables)];
  const reasons = Object.entries(s.rejectedByReason).map(([reason, n]) => ({
    reason,
    count: n,
    effect: REJECT_REASONS[reason as keyof typeof REJECT_REASONS]?.split(':')[0] ?? '',
  }));
  out.push(reasons.length ? '\nrejects by reason\n' + textTable(reasons) : '\nno rejects');
  out.push(`\nusers: ${s.users.toLocaleString('en-US')}`);
  out.push(`countries (${s.countries.length}): ${s.countries.join(' ')}`);
  out.push(`years covered: ${s.years ? `${s.years.first}–${s.years.last}` : 'none'}`);
  if (s.missingWeights) out.push(`positions without a weight (counted as 1): ${s.missingWeights.toLocaleString('en-US')}`);
  process.stdout.write(out.join('\n') + '\n');
}
