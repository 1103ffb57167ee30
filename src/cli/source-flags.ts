/**
 * The PostgreSQL source of `run` (`--source`, `--source-table`, `--source-schema`,
 * `--pg-statement-timeout`): the study then runs on the server where the data live.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import type { SourceArgs } from '../study/run.ts';

/** Add the source flags to a command. */
export function addSourceFlags(cmd: Command): Command {
  return cmd
    .option('--source <url>', 'run on a PostgreSQL server instead of a folder: postgres://USER@HOST:PORT/DB (PG* variables and ~/.pgpass supply the rest; a password is never shown or written)')
    .option('--source-table <kind=schema.table>', 'where a table is (kind: positions, users, education, skills, companies); repeat for each; default the WRDS names', (v: string, prev: string[] = []) => [...prev, v])
    .option('--source-schema <name>', 'all five tables in this schema, under their WRDS names')
    .option('--pg-statement-timeout <duration>', 'longest a single query may run on the server: milliseconds or 30s, 5min, 2h (0: the server\'s own)', '2h');
}

/** The source of a `run`, or undefined for a folder run. Exactly one of `--data` and `--source`. */
export async function parseSourceFlags(o: Record<string, unknown>): Promise<SourceArgs | undefined> {
  const hasData = o.data !== undefined;
  if (o.source === undefined) {
    if (!hasData) throw new UsageError('give the data: --data DIR (a Revelio-schema folder) or --source postgres://USER@HOST:PORT/DB');
    if (o.sourceTable !== undefined || o.sourceSchema !== undefined) throw new UsageError('--source-table and --source-schema need --source');
    return undefined;
  }
  const { checkPostgresUrl, parseStatementTimeout, redactUrl, sourceTables } = await import('../ingest/postgres/source.ts');
  const url = String(o.source);
  if (hasData) throw new UsageError(`give either --data or --source ${redactUrl(url)}, not both`);
  checkPostgresUrl(url);
  const tables = (o.sourceTable as string[] | undefined) ?? [];
  const schema = o.sourceSchema as string | undefined;
  sourceTables({ tables, ...(schema !== undefined ? { schema } : {}) }); // validates the names
  return { url, tables, ...(schema !== undefined ? { schema } : {}), statementTimeoutMs: parseStatementTimeout(String(o.pgStatementTimeout ?? '2h')) };
}
