/**
 * A PostgreSQL source (the WRDS path): the connection URL with its password kept out of
 * every message, and where each Revelio table lives in the database (the WRDS names by
 * default, `--source-table` and `--source-schema` to map others).
 */
import pg from 'pg';
import { UsageError, DataError } from '../../errors.ts';
import type { TableDef } from '../schema.ts';
import { PG_TYPES, PgDb } from '../../db/postgres.ts';
import { join, sql } from '../../db/index.ts';

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

/**
 * Open the study's database on the source: a `PgDb` whose session prints dates as
 * YYYY-MM-DD, doubles in their shortest exact form and timestamps in UTC (what ingest reads
 * as text), with `statementTimeoutMs` as `statement_timeout` (see {@link prepareSession}).
 */
export async function openSource(url: string, opts: { statementTimeoutMs?: number; applicationName?: string } = {}): Promise<PgDb> {
  const client = await connect(url, { applicationName: opts.applicationName ?? 'talentflow run' });
  const db = new PgDb(client);
  try {
    await prepareSession(db, opts.statementTimeoutMs ?? 0);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw new SourceConnectionError(`cannot prepare the session on ${redactUrl(url)}: ${scrub((e as Error).message, url)}`, { cause: e });
  }
  return db;
}

/**
 * The planner and memory settings of a study's session (see docs/postgres.md, "Session
 * settings"): sorts and hashes in memory up to `work_mem` each (the server default, 4 MB,
 * spills the study's every sort to disk); `temp_buffers` for the session's temporary
 * tables, where every table the study builds lives (default 8 MB; it can only be set
 * before the session first touches a temporary table); no JIT compilation (PostgreSQL
 * compiles any query it guesses costly, and the study runs hundreds of mid-size ones:
 * measured, seconds of compiling for a query that runs in less); no nested-loop joins (the
 * study's tables are temporary and have no indexes, so a nested loop is a full rescan per
 * row: the planner picks one when it guesses a side has a row or two, and a wrong guess
 * cost 27 s at 20,000 people, 1,830 × 79,572 rows compared where a hash join takes
 * milliseconds; with them off a join without an equality still gets one).
 */
export const STUDY_SETTINGS: Readonly<Record<string, string>> = {
  work_mem: '256MB',
  temp_buffers: '1GB',
  jit: 'off',
  enable_nestloop: 'off',
};

/** Where a setting may come from and still be left alone: the client (PGOPTIONS, `options` of the URL) or the role's or database's own (`ALTER ROLE … SET`). */
const CHOSEN = new Set(['client', 'user', 'database', 'database user']);

/**
 * Apply {@link STUDY_SETTINGS} to the session with `SET` (never `ALTER SYSTEM`): each one
 * the user or the server's administrator chose for this session (see {@link CHOSEN}) is
 * kept, and a value the server refuses is left at the server's (the run goes on). Returns
 * the settings in force, `name=value`, for the log.
 */
export async function applyStudySettings(db: PgDb): Promise<string[]> {
  const names = Object.keys(STUDY_SETTINGS);
  const rows = await db.all<{ name: string; source: string }>(sql`select name, source from pg_settings where name in (${join(names.map((n) => sql`${n}`))})`);
  const chosen = new Set(rows.filter((r) => CHOSEN.has(r.source)).map((r) => r.name));
  for (const name of names) {
    if (chosen.has(name)) continue;
    await db.run(sql`select set_config(${name}, ${STUDY_SETTINGS[name]!}, false)`).catch(() => undefined);
  }
  const now = await db.all<{ name: string; setting: string }>(sql`select name, current_setting(name) as setting from pg_settings where name in (${join(names.map((n) => sql`${n}`))}) order by name`);
  return now.map((r) => `${r.name}=${r.setting}`);
}

/**
 * The session settings a study needs: text forms of dates, doubles and timestamps that
 * ingest parses, {@link STUDY_SETTINGS}, and the statement timeout. `timeoutMs` 0 keeps
 * the server's own; a server (or role) timeout shorter than `timeoutMs` is kept too, so
 * the study is never less polite than the server asks. Returns the timeout in force (ms,
 * 0 = none).
 */
export async function prepareSession(db: PgDb, timeoutMs: number): Promise<number> {
  await db.run(`SET datestyle = 'ISO, YMD'; SET intervalstyle = 'postgres'; SET extra_float_digits = 1; SET timezone = 'UTC'; SET client_encoding = 'UTF8'`);
  await applyStudySettings(db);
  const server = parseTimeoutSetting(String(await db.scalar<string>('SHOW statement_timeout')));
  const effective = timeoutMs > 0 && (server === 0 || timeoutMs < server) ? timeoutMs : server;
  if (effective !== server) await db.run(`SET statement_timeout = ${Math.round(effective)}`);
  return effective;
}

/** `SHOW statement_timeout` (`0`, `250ms`, `30s`, `5min`, `2h`, `1d`) in ms. */
function parseTimeoutSetting(v: string): number {
  const m = /^(\d+)\s*(ms|s|min|h|d)?$/.exec(v.trim());
  if (!m) return 0;
  return Number(m[1]) * ({ ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 } as const)[(m[2] ?? 'ms') as 'ms'];
}

/**
 * `--pg-statement-timeout`: a whole number of milliseconds, or with a unit (`500ms`, `30s`,
 * `5min`, `2h`); `0` keeps the server's own timeout.
 * @throws UsageError on anything else.
 */
export function parseStatementTimeout(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|min|h)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--pg-statement-timeout: "${text}" is not a duration; write milliseconds (60000) or a number with ms, s, min or h (30s, 5min, 2h); 0 keeps the server's own timeout`);
  return Math.round(Number(m[1]) * ({ ms: 1, s: 1000, min: 60_000, h: 3_600_000 } as const)[(m[2]?.toLowerCase() ?? 'ms') as 'ms']);
}
