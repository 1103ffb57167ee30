/** `talentflow validate --data DIR`: what ingest would read and reject, writing nothing. */
import type { Command } from 'commander';
import { printSummary } from './ingest.ts';
import type { Format } from './output.ts';
import { progress } from './progress.ts';

/** Add the `validate` command to the program. */
export function register(program: Command): void {
  program
    .command('validate')
    .description('check a dataset folder and print what would be read and rejected; writes nothing')
    .requiredOption('--data <dir>', 'dataset folder')
    .option('--country-aliases <file>', 'extra country spellings (JSON)')
    .option('--encoding <label>', 'encoding of the CSV files when not UTF-8 (e.g. euc-kr, which also reads CP949; shift_jis, windows-1252): transcoded while reading')
    .option('--format <fmt>', 'table or json', 'table')
    .action(async (o: { data: string; countryAliases?: string; encoding?: string; format: Format }) => {
      const [{ Db }, { ingest }] = await Promise.all([import('../db/index.ts'), import('../ingest/index.ts')]);
      const db = await Db.open(':memory:');
      try {
        const bar = progress('validate');
        const summary = await ingest(db, o.data, { countryAliases: o.countryAliases, encoding: o.encoding, onStep: bar.step });
        bar.done();
        printSummary(summary, o.format);
      } finally {
        db.close();
      }
    });
}
