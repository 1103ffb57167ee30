/**
 * Ingest a Revelio-schema dataset folder into the canonical tables of ARCHITECTURE.md:
 * discover files, stage them (as text; Parquet read in place; a few columns kept typed, from
 * Parquet or from CSV values that allow it), normalise countries, validate every row (rejects
 * with reason codes), assign dense user keys. Same code path for `ingest`, `validate`
 * and `run`, so they always agree on counts.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { Db, sql, ident, raw, sqlFile, fill, join as joinSql, type Sql } from '../db/index.ts';
import { useMacros } from '../db/macros.ts';
import { ATTRIBUTE_COLUMNS, MAX_WEIGHT, TABLES, studyColumns, type StudyColumnOptions, type TableDef } from './schema.ts';
import { discoverFiles, stageTable, dropStaged, TYPED_COLUMNS, type DataFile, type StagedTable } from './read.ts';
import { CountryResolver } from './countries.ts';

/** A `.sql` file of `sql/` beside this module. */
const q = (name: string): Sql => sqlFile(import.meta.url, `sql/${name}`);

export { discoverFiles, sha256File, type DataFile, type StagedTable } from './read.ts';
export { CountryResolver, countryName } from './countries.ts';
export { REJECT_REASONS, type RejectReason } from './schema.ts';

/** Options of an ingest. */
export interface IngestOptions {
  /** Extra country aliases (JSON file). */
  countryAliases?: string;
  /** WHATWG label of the CSV files' encoding (`--encoding euc-kr`); they are read as UTF-8 otherwise. */
  encoding?: string;
  /** Allow quoted CSV fields to span lines (Revelio exports have none; off by default). */
  multiline?: boolean;
  /** Read CSV columns typed where every value allows it (default true; see read.ts `CSV_CHECKS`). */
  csvTypes?: boolean;
  /**
   * Ingest for a study run with these options (`talentflow run`, `demo`: a database of
   * the run's own): `positions` keeps, of {@link ATTRIBUTE_COLUMNS}, only the role and
   * industry columns the study reads ({@link studyColumns}); the others are not read.
   * Without it every column is kept (`talentflow ingest --db`, `validate`).
   */
  study?: StudyColumnOptions;
  /** Called when a stage starts (for progress display). */
  onStep?: (step: string, index: number, total: number) => void;
}

/** What an ingest read, kept and rejected. */
export interface IngestSummary {
  files: DataFile[];
  /** Rows read per Revelio table: the data lines of its files, those that could not be parsed included. */
  rowsRead: Record<string, number>;
  /** Rows kept per canonical table. */
  rowsKept: Record<string, number>;
  /** Rows dropped per Revelio table. */
  rowsRejected: Record<string, number>;
  /** Reject records by reason (rows and values). */
  rejectedByReason: Record<string, number>;
  /** Values dropped (row kept) by reason. */
  valuesDropped: Record<string, number>;
  users: number;
  countries: string[];
  years: { first: number; last: number } | null;
  /** Positions whose weight was missing (counted as 1). */
  missingWeights: number;
  /** Optional columns present, per canonical table. */
  columnsPresent: Record<string, string[]>;
}

const STEP_SQL: Record<TableDef['target'], string> = {
  positions: 'sql/positions.sql',
  users: 'sql/users.sql',
  education: 'sql/education.sql',
  skills: 'sql/skills.sql',
  companies: 'sql/companies.sql',
};

/** Ingest `dataDir` into `db` (which should be empty). */
export async function ingest(db: Db, dataDir: string, opts: IngestOptions = {}): Promise<IngestSummary> {
  const resolver = opts.countryAliases ? CountryResolver.fromFile(opts.countryAliases) : new CountryResolver();
  const found = discoverFiles(dataDir);
  const step = (name: string, i: number) => opts.onStep?.(name, i, TABLES.length + 3);

  await db.run(q('rejects-table.sql'));
  const staged = new Map<TableDef['target'], StagedTable>();
  const study = opts.study;
  for (const [i, def] of TABLES.entries()) {
    step(`reading ${def.name}`, i);
    staged.set(def.target, await stageTable(db, def, found.get(def.name) ?? [], {
      ...(opts.encoding ? { encoding: opts.encoding } : {}), multiline: opts.multiline ?? false, csvTypes: opts.csvTypes ?? true,
      ...(study && def.target === 'positions' ? { leaveOut: (present: readonly string[]) => unreadColumns(study, present) } : {}),
    }));
  }
  await validateStaged(db, staged, resolver, (name) => step(name, name === 'summarising' ? TABLES.length + 2 : name === 'validating rows' ? TABLES.length + 1 : TABLES.length));
  for (const st of staged.values()) await dropStaged(db, st);
  const files = [...found.values()].flat();
  return summarise(db, staged, files, new Map(files.map((f) => [f.name, f.table])));
}

/** The columns of {@link ATTRIBUTE_COLUMNS} a study with these options does not read. */
function unreadColumns(study: StudyColumnOptions, present: readonly string[]): string[] {
  const read = studyColumns(study, present);
  return ATTRIBUTE_COLUMNS.filter((c) => !read.includes(c));
}

/**
 * What is shared by every ingest once each input table is staged as `stg_<target>` (all
 * columns text but those of `StagedTable.kinds`, `_file`, `_fileno`, `_line`) and
 * `rejects` exists: countries and dates
 * parsed, rows validated into the canonical tables and `rejects`, `columns_present` and
 * `ingest_stats` written. The same queries run on DuckDB and on a PostgreSQL server.
 */
export async function validateStaged(
  db: Db, staged: ReadonlyMap<TableDef['target'], StagedTable>, resolver: CountryResolver, step: (name: string) => void = () => {},
): Promise<void> {
  const prep = await useMacros(db, q('macros.sql'));
  step('normalising countries');
  await buildCountryMap(db, resolver);
  await db.run(prep(fill(q('dates.sql'), { texts: dateTexts(staged) })));

  step('validating rows');
  const positionKeys = staged.get('positions')!.kinds.user_id === 'integer';
  for (const def of TABLES) {
    const st = staged.get(def.target)!;
    const alias = def.target === 'skills' ? 'st' : 's';
    const parts: Record<string, Sql> = {
      ...columnParts(st, ''), ...columnParts(st, alias), ...columnParts(st, 'c'),
      file: fileOfRow(st),
      // user_keys (alias k) as the positions' ids: an integer id's number is its text
      user_keys_id: positionKeys ? sql`CAST(k.user_id AS BIGINT)` : sql`k.user_id`,
    };
    const userTrim = parts[`${alias}_user_id_trim`];
    if (userTrim) {
      // a row's user_id matches user_keys: as numbers when both are integers, else as texts
      parts.user_match = positionKeys && st.kinds.user_id === 'integer' ? sql`CAST(k.user_id AS BIGINT) = ${raw(alias)}.user_id` : sql`k.user_id = ${userTrim}`;
    }
    if (def.target === 'positions') Object.assign(parts, positionsParts(st));
    if (def.target === 'skills') {
      const cols = st.columns.filter((c) => c === 'skill_raw' || (/^skill_/.test(c) && c !== 'skill_raw'));
      Object.assign(parts, {
        any_skill: joinSql(cols.map((c) => sql`NOT tf_blank(st.${ident(c)})`), ' OR '),
        skill_select: joinSql(cols.map((c) => sql`tf_text(st.${ident(c)}) AS ${ident(c)}`)),
        skill_cols: joinSql(cols.map((c) => ident(c))),
      });
    }
    await db.run(prep(fill(sqlFile(import.meta.url, STEP_SQL[def.target]), parts)));
  }

  step('summarising');
  await db.run(q('summarising.sql'));
  for (const def of TABLES) {
    const present = staged.get(def.target)!.present.filter((c) => !def.requiredColumns.includes(c));
    for (const c of present) await db.run(fill(q('columns-present-insert.sql'), { tbl: sql`${def.target}`, col: sql`${c}` }));
  }
  await db.run('DROP TABLE IF EXISTS country_map');
  await db.run('DROP TABLE IF EXISTS date_map');
}

/**
 * How the validation queries read the columns of {@link TYPED_COLUMNS}, as `fill` parts
 * `<alias>_<column>_<role>` (without `<alias>_` and unqualified when alias is ''): `text`
 * the value as text (for rejects), `blank` whether it is missing; for a key `trim` its
 * text, `id` the value that identifies it (the BIGINT itself when typed, else its trimmed
 * text), and over a column `id_<column>` holding that value: `id_missing` whether the key
 * is missing, `id_text` its text and `id_order` the ORDER BY of keys (an integer key by
 * its number alone; a text key by `tf_key_number`, numbers first, then by its text); for a
 * number `num` (`tf_num`); for a date `start` / `end` and the `join` to `date_map` they
 * read. A column staged as text is parsed as text; a typed one (a BIGINT, DOUBLE or DATE of
 * Parquet or CSV) by its type, with the same answer (sql/macros.sql: `tf_num_of`,
 * `tf_date_of`) and no text made unless it is rejected or kept as text.
 */
export function columnParts(st: StagedTable, alias: string): Record<string, Sql> {
  const out: Record<string, Sql> = {};
  for (const [c, accepted] of Object.entries(TYPED_COLUMNS[st.def.target])) {
    const kind = st.kinds[c];
    const v = alias ? sql`${raw(alias)}.${ident(c)}` : sql`${ident(c)}`;
    const map = ident(`dm_${c}`);
    const set = (role: string, expr: Sql) => {
      out[`${alias ? `${alias}_` : ''}${c}_${role}`] = expr;
    };
    set('text', kind ? sql`CAST(${v} AS VARCHAR)` : v);
    set('blank', kind ? sql`(${v} IS NULL)` : sql`tf_blank(${v})`);
    if (accepted.includes('date')) {
      set('start', kind ? sql`tf_date_of(${v})` : sql`${map}.d_start`);
      set('end', kind ? sql`tf_date_of(${v})` : sql`${map}.d_end`);
      set('join', kind ? sql`` : sql`LEFT JOIN date_map ${map} ON ${map}.raw = ${v}`);
    } else if (accepted.includes('double')) {
      set('num', kind === 'double' ? sql`tf_num_of(${v})` : kind === 'integer' ? sql`CAST(${v} AS DOUBLE)` : sql`tf_num(${v})`);
    } else {
      set('trim', kind ? sql`CAST(${v} AS VARCHAR)` : sql`trim(${v})`);
      set('id', kind ? v : sql`trim(${v})`);
      const id = alias ? sql`${raw(alias)}.${ident(`id_${c}`)}` : sql`${ident(`id_${c}`)}`;
      set('id_missing', kind ? sql`(${id} IS NULL)` : sql`(${id} IS NULL OR ${id} = '')`);
      set('id_text', kind ? sql`CAST(${id} AS VARCHAR)` : id);
      // an integer key's number is its text, so it orders alone
      set('id_order', kind ? id : sql`tf_key_number(${id}) NULLS LAST, ${id}`);
    }
  }
  return out;
}

/**
 * The parts of sql/positions.sql that name the optional text columns staged (passed
 * through unvalidated): `s_texts` reads them from the staging view, `c_texts` writes them
 * (`tf_text`) and `columns` lists the columns of `positions` in their order, the fixed ones
 * then the optional ones of schema.ts in theirs. Never without a text column: rcid is
 * always staged (no stage leaves it out).
 */
function positionsParts(st: StagedTable): Record<string, Sql> {
  const typed = TYPED_COLUMNS.positions;
  const texts = st.columns.filter((c) => st.def.optionalColumns.includes(c) && !(c in typed));
  const head = ['uid', 'position_id', 'pid_rank', 'position_number', 'startdate', 'enddate', 'country'];
  const columns = [...head, ...st.def.optionalColumns.filter((c) => !head.includes(c) && st.columns.includes(c))];
  return {
    s_texts: joinSql(texts.map((c) => sql`s.${ident(c)}`)),
    c_texts: joinSql(texts.map((c) => sql`tf_text(c.${ident(c)}) AS ${ident(c)}`)),
    columns: joinSql(columns.map((c) => ident(c))),
    max_weight: raw(MAX_WEIGHT.toExponential()),
  };
}

/**
 * The `_file` of a staged row from its `_fileno` (the reject queries read it this way, so
 * that the checks' tables do not carry the file name on every row).
 */
function fileOfRow(st: StagedTable): Sql {
  if (!st.fileNames.length) return sql`CAST(NULL AS VARCHAR)`;
  return sql`CASE _fileno ${joinSql(st.fileNames.map((name, i) => sql`WHEN ${i} THEN ${name}`), ' ')} END`;
}

/** The `texts` of dates.sql: the date columns staged as text, or no row. */
function dateTexts(staged: ReadonlyMap<TableDef['target'], StagedTable>): Sql {
  const parts: Sql[] = [];
  for (const [target, st] of staged) {
    for (const [c, accepted] of Object.entries(TYPED_COLUMNS[target])) {
      if (accepted.includes('date') && !st.kinds[c]) parts.push(sql`SELECT ${ident(c)} AS raw FROM ${ident(`stg_${target}`)}`);
    }
  }
  return parts.length ? joinSql(parts, '\n    UNION ALL ') : sql`SELECT CAST(NULL AS VARCHAR) AS raw WHERE 1 = 0`;
}

async function buildCountryMap(db: Db, resolver: CountryResolver): Promise<void> {
  const values = await db.all<{ raw: string }>(q('country-values.sql'));
  await db.run(q('country-map.sql'));
  // A server compares text by the column's collation: the map's, like the staged tables', is "C".
  if (db.dialect === 'postgres') await db.run('ALTER TABLE country_map ALTER COLUMN raw TYPE text COLLATE "C", ALTER COLUMN code TYPE text COLLATE "C"');
  const pairs = values.map(({ raw: r }) => [r, resolver.resolve(r)] as const).filter(([, c]) => c !== null);
  for (let i = 0; i < pairs.length; i += 500) {
    const batch = pairs.slice(i, i + 500).map(([r, c]) => sql`(${r}, ${c})`);
    await db.run(fill(q('country-map-insert.sql'), { rows: joinSql(batch) }));
  }
}

/**
 * The summary of an ingest: `tableOfFile` maps the `file` of a reject (a file name, or a
 * source table's name) to its Revelio table.
 */
export async function summarise(
  db: Db, staged: ReadonlyMap<TableDef['target'], StagedTable>, files: DataFile[], tableOfFile: ReadonlyMap<string, TableDef['name']>,
): Promise<IngestSummary> {
  const rowsRead: Record<string, number> = {};
  const rowsKept: Record<string, number> = {};
  const rowsRejected: Record<string, number> = {};
  const columnsPresent: Record<string, string[]> = {};
  for (const def of TABLES) {
    const st = staged.get(def.target)!;
    rowsRead[def.name] = st.rowsRead;
    rowsRejected[def.name] = 0;
    rowsKept[def.target] = (await db.scalar<number>(fill(q('summary-rows.sql'), { table: sql`${ident(def.target)}` }))) ?? 0;
    columnsPresent[def.target] = st.present.filter((c) => !def.requiredColumns.includes(c));
  }
  const byFile = await db.all<{ file: string; action: string; reason: string; n: number }>(
    q('summary-rejects.sql'),
  );
  const rejectedByReason: Record<string, number> = {};
  const valuesDropped: Record<string, number> = {};
  for (const r of byFile) {
    rejectedByReason[r.reason] = (rejectedByReason[r.reason] ?? 0) + r.n;
    if (r.action === 'row_dropped') {
      const t = tableOfFile.get(r.file);
      if (t) rowsRejected[t] = (rowsRejected[t] ?? 0) + r.n;
    } else valuesDropped[r.reason] = (valuesDropped[r.reason] ?? 0) + r.n;
  }
  const countries = (await db.all<{ c: string }>(q('summary-countries.sql'))).map((r) => r.c);
  const span = await db.one<{ first: number | null; last: number | null }>(
    q('summary-span.sql'),
  );
  const missingWeights = (await db.scalar<number>(q('summary-missing-weights.sql'))) ?? 0;
  return {
    files,
    rowsRead,
    rowsKept,
    rowsRejected,
    rejectedByReason,
    valuesDropped,
    users: (await db.scalar<number>(q('summary-users.sql'))) ?? 0,
    countries,
    years: span && span.first !== null && span.last !== null ? { first: span.first, last: span.last } : null,
    missingWeights,
    columnsPresent,
  };
}


/**
 * Ingest into a database file atomically: build it under a temporary name, checkpoint,
 * then rename it into place. An interrupted ingest leaves the previous file intact.
 */
export async function ingestToFile(dataDir: string, dbPath: string, opts: IngestOptions = {}): Promise<IngestSummary> {
  const tmp = `${dbPath}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}.wal`, { force: true });
  const db = await Db.open(tmp);
  try {
    const summary = await ingest(db, dataDir, opts);
    await db.run('CHECKPOINT');
    db.close();
    if (existsSync(`${dbPath}.wal`)) rmSync(`${dbPath}.wal`);
    renameSync(tmp, dbPath);
    return summary;
  } catch (e) {
    try {
      db.close();
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.wal`, { force: true });
    throw e;
  }
}

