/**
 * A PostgreSQL source (the WRDS path): the connection URL with its password kept out of
 * every message, and where each Revelio table lives in the database (the WRDS names by
 * default, `--source-table` and `--source-schema` to map others).
 */
import pg from 'pg';
import { UsageError, DataError } from '../../errors.ts';
import type { TableDef } from '../schema.ts';
import { PG_TYPES } from '../../db/postgres.ts';

/** The WRDS location of each input table. */
export const WRDS_TABLES: Readonly<Record<TableDef['target'], string>> = {
  positions: 'revelio_individual.individual_positions',
  users: 'revelio_individual.individual_user',
  education: 'revelio_individual.individual_user_education',
  skills: 'revelio_individual.individual_user_skills',
  companies: 'revelio_common.company_mapping',
};

/** The WRDS table names (without schema) of each input table. */
const WRDS_NAME: Readonly<Record<TableDef['target'], string>> = {
  positions: 'individual_positions',
  users: 'individual_user',
  education: 'individual_user_education',
  skills: 'individual_user_skills',
  companies: 'company_mapping',
};

/** A `schema.table` name split in two. */
export interface QualifiedName {
  schema: string;
  table: string;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function qualified(text: string, what: string): QualifiedName {
  const parts = text.split('.');
  if (parts.length !== 2 || !parts.every((p) => NAME_RE.test(p)))
    throw new UsageError(`${what}: "${text}" is not SCHEMA.TABLE (letters, digits and _ only)`);
  return { schema: parts[0]!, table: parts[1]! };
}

/**
 * Where each table is: the WRDS names, all five in `schema` when given
 * (`--source-schema`), then each `--source-table KIND=SCHEMA.TABLE` mapping.
 * @throws UsageError on an unknown kind or a malformed name.
 */
export function sourceTables(opts: { schema?: string; tables?: readonly string[] } = {}): Record<TableDef['target'], QualifiedName> {
  if (opts.schema !== undefined && !NAME_RE.test(opts.schema))
    throw new UsageError(`--source-schema: "${opts.schema}" is not a schema name (letters, digits and _ only)`);
  const out = {} as Record<TableDef['target'], QualifiedName>;
  for (const [kind, name] of Object.entries(WRDS_TABLES) as [TableDef['target'], string][]) {
    out[kind] = opts.schema !== undefined ? { schema: opts.schema, table: WRDS_NAME[kind] } : qualified(name, 'WRDS name');
  }
  for (const m of opts.tables ?? []) {
    const eq = m.indexOf('=');
    const kind = m.slice(0, eq) as TableDef['target'];
    if (eq < 0 || !(kind in WRDS_TABLES))
      throw new UsageError(`--source-table: "${m}" must be KIND=SCHEMA.TABLE with KIND one of ${Object.keys(WRDS_TABLES).join(', ')}`);
    out[kind] = qualified(m.slice(eq + 1), `--source-table ${kind}`);
  }
  return out;
}

/** The URL with its password (if any) replaced by `***`: the only form of it that is ever shown. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()]) if (k.toLowerCase() === 'password') u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@').replace(/([?&]password=)[^&]*/i, '$1***');
  }
}

/** A source URL is not a PostgreSQL URL. */
export function checkPostgresUrl(url: string): void {
  if (!/^postgres(ql)?:\/\//i.test(url))
    throw new UsageError(`${redactUrl(url)} is not a PostgreSQL URL; write postgres://USER@HOST:PORT/DB (the password from PGPASSWORD or ~/.pgpass)`);
}

/** The server or the network refused: the message names the redacted URL and says what to check. */
export class SourceConnectionError extends DataError {}

/**
 * Connect to the source. Unset parts of the URL come from the `PG*` environment variables,
 * a missing password from `~/.pgpass` (both as libpq does, through node-postgres). Every
 * error message has the password removed.
 */
export async function connect(url: string, opts: { statementTimeoutMs?: number; applicationName?: string } = {}): Promise<pg.Client> {
  checkPostgresUrl(url);
  const client = new pg.Client({
    connectionString: url,
    application_name: opts.applicationName ?? 'talentflow',
    types: PG_TYPES,
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
  });
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new SourceConnectionError(`cannot connect to ${redactUrl(url)}: ${scrub((e as Error).message, url)}. Check the host, port, user and database, and the password in PGPASSWORD or ~/.pgpass.`, { cause: e });
  }
  return client;
}

/** Remove a URL's password from a message (the driver may quote it). */
export function scrub(message: string, url: string): string {
  let pw = '';
  try {
    pw = decodeURIComponent(new URL(url).password);
  } catch {
    // not a URL
  }
  return pw ? message.split(pw).join('***') : message;
}
