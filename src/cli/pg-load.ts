/** `talentflow pg-load --data DIR --url URL [--schema NAME]`: a dataset folder into PostgreSQL. */
import type { Command } from 'commander';
import { info } from './output.ts';

/** Add the `pg-load` command to the program. */
export function register(program: Command): void {
  program
    .command('pg-load')
    .description('load a Revelio-schema dataset folder into PostgreSQL under the WRDS table names (revelio_individual.*, revelio_common.company_mapping), with COPY')
    .requiredOption('--data <dir>', 'dataset folder (individual_positions, individual_user_skills, ... as CSV, CSV.gz or Parquet)')
    .requiredOption('--url <url>', 'postgres://USER@HOST:PORT/DB (PG* variables and ~/.pgpass supply what it leaves out; a password in it is never shown)')
    .option('--schema <name>', 'put all five tables in this schema instead of the WRDS schemas')
    .option('--encoding <label>', 'encoding of CSV files that are not UTF-8, e.g. euc-kr')
    .action(async (o: { data: string; url: string; schema?: string; encoding?: string }) => {
      const { pgLoad } = await import('../ingest/postgres/load.ts');
      const { redactUrl } = await import('../ingest/postgres/source.ts');
      const r = await pgLoad({ data: o.data, url: o.url, ...(o.schema !== undefined ? { schema: o.schema } : {}), ...(o.encoding ? { encoding: o.encoding } : {}), log: info });
      const rows = r.tables.reduce((a, t) => a + t.rows, 0);
      info(`loaded ${r.tables.length} tables, ${rows.toLocaleString('en-US')} rows, into ${redactUrl(o.url)}`);
    });
}
