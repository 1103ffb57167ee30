/**
 * Ingest from a PostgreSQL source (`talentflow run --source postgres://…`): each Revelio
 * table is read once, with SELECT only, into a TEMP table of the session with every kept
 * column as text (`COLLATE "C"`), whatever its type on the server (a date prints as
 * YYYY-MM-DD, a double in its shortest exact form), so the very validation queries of a
 * file ingest run on the server (`validateStaged`) and write the same canonical tables,
 * `rejects`, `columns_present` and `ingest_stats`. A source has no file lines: a reject's
 * `file` is the source table (`schema.table`) and its `line` the row's number in the order
 * of the table's key (position_id, user_id or rcid), then of every kept column.
 */
import { ident, join as joinSql, sql, sqlFile, fill, type Sql } from '../../db/index.ts';
import type { PgDb } from '../../db/postgres.ts';
import { MissingColumnError, MissingTableError } from '../../errors.ts';
import { CountryResolver } from '../countries.ts';
import { summarise, validateStaged, type IngestSummary, type StagedTable } from '../index.ts';
import { keptColumns } from '../read.ts';
import { TABLES, type TableDef } from '../schema.ts';
import type { QualifiedName } from './source.ts';

const q = (name: string): Sql => sqlFile(import.meta.url, `../sql/${name}`);

/** The column that keys each table's rows (first in the order that numbers them). */
export const SOURCE_KEY: Readonly<Record<TableDef['target'], string>> = {
  positions: 'position_id',
  users: 'user_id',
  education: 'user_id',
  skills: 'user_id',
  companies: 'rcid',
};

/** Options of {@link ingestSource}. */
export interface SourceIngestOptions {
  /** Extra country aliases (JSON file). */
  countryAliases?: string;
  /** Called when a step starts. */
  onStep?: (step: string, index: number, total: number) => void;
}

/** `schema.table` as written in messages and rejects. */
export function qualifiedName(t: QualifiedName): string {
  return `${t.schema}.${t.table}`;
}

/**
 * Ingest the source tables `tables` (see `sourceTables`) into the session of `db`; the
 * same tables and summary as `ingest` of a folder. Nothing is written to the source.
 * @throws MissingTableError when a required table is absent or not readable by the role;
 *   MissingColumnError when a required column is absent.
 */
export async function ingestSource(db: PgDb, tables: Readonly<Record<TableDef['target'], QualifiedName>>, opts: SourceIngestOptions = {}): Promise<IngestSummary> {
  const resolver = opts.countryAliases ? CountryResolver.fromFile(opts.countryAliases) : new CountryResolver();
  const step = (name: string, i: number) => opts.onStep?.(name, i, TABLES.length + 3);
  await db.run(q('rejects-table.sql'));
  const staged = new Map<TableDef['target'], StagedTable>();
  for (const [i, def] of TABLES.entries()) {
    step(`reading ${qualifiedName(tables[def.target])}`, i);
    staged.set(def.target, await stageSourceTable(db, def, tables[def.target]));
  }
  await validateStaged(db, staged, resolver, (name) => step(name, name === 'summarising' ? TABLES.length + 2 : name === 'validating rows' ? TABLES.length + 1 : TABLES.length));
  for (const def of TABLES) await db.run(sql`drop table if exists ${ident(`stg_${def.target}`)}`);
  const tableOfFile = new Map(TABLES.map((d) => [qualifiedName(tables[d.target]), d.name] as const));
  return summarise(db, staged, [], tableOfFile);
}

/** Read one source table into `stg_<target>` (see the module comment). */
async function stageSourceTable(db: PgDb, def: TableDef, where: QualifiedName): Promise<StagedTable> {
  const name = qualifiedName(where);
  const cols = await db.all<{ column_name: string; data_type: string }>(fill(q('source-columns.sql'), { schema: sql`${where.schema}`, name: sql`${where.table}` }));
  if (!cols.length && def.required) {
    throw new MissingTableError(
      `the source has no table ${name} the role may read (the ${def.name} table). Check the name (--source-table ${def.target}=SCHEMA.TABLE, --source-schema) and that the role has USAGE on the schema and SELECT on the table.`,
    );
  }
  const byLower = new Map<string, string>();
  for (const c of cols) byLower.set(c.column_name.trim().toLowerCase(), c.column_name);
  if (cols.length) {
    const missing = def.requiredColumns.filter((c) => !byLower.has(c));
    const skillMissing = def.target === 'skills' && ![...byLower.keys()].some((c) => c === 'skill_raw' || /^skill_/.test(c));
    if (missing.length || skillMissing) {
      const need = [...missing, ...(skillMissing ? ['skill_raw (or a mapped skill_* column)'] : [])];
      throw new MissingColumnError(
        `${name}: required column${need.length > 1 ? 's' : ''} ${need.join(', ')} missing. The table has: ${[...byLower.keys()].join(', ') || '(no columns the role may read)'}. Map a table with the Revelio columns (--source-table ${def.target}=SCHEMA.TABLE).`,
      );
    }
  }
  const present = [...byLower.keys()];
  const columns = keptColumns(def, present);
  const text = (c: string) => (byLower.has(c) ? sql`CAST(s.${ident(byLower.get(c)!)} AS text) COLLATE "C"` : sql`CAST(NULL AS text) COLLATE "C"`);
  const stg = `stg_${def.target}`;
  if (!cols.length) {
    // an optional table the source lacks: the staging table without rows
    await db.run(fill(q('source-stage-empty.sql'), {
      stg: sql`${ident(stg)}`,
      empty: fill(q('read-stage-empty.sql'), { columns: joinSql(columns.map((c) => sql`${text(c)} AS ${ident(c)}`)) }),
    }));
  } else {
    const key = SOURCE_KEY[def.target];
    const order = [key, ...columns.filter((c) => c !== key && byLower.has(c))].map((c) => sql`${text(c)} NULLS LAST`);
    await db.run(fill(q('source-stage.sql'), {
      stg: sql`${ident(stg)}`,
      columns: joinSql(columns.map((c) => sql`${text(c)} AS ${ident(c)}`)),
      file: sql`${name}`,
      order_by: joinSql(order),
      source: sql`${ident(where.schema, where.table)}`,
    }));
  }
  const rowsRead = (await db.scalar<number>(fill(q('read-count.sql'), { from: sql`${ident(stg)}` }))) ?? 0;
  return { def, files: [], fileNames: cols.length ? [name] : [], present: present.sort(), columns, kinds: {}, rowsRead, malformed: 0 };
}
