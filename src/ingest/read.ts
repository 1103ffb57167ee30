/**
 * Reading a dataset folder for validation: every CSV file of a table (CSV, CSV.gz, split
 * files with a common prefix) is read once into a temporary table, every Parquet file is
 * read in place, and the view `stg_<target>` shows the rows of all files with the values
 * as text (a few columns with their type: {@link TYPED_COLUMNS}, from Parquet, or from CSV
 * when every value passes its check, {@link CSV_CHECKS}), the file name and the line (no
 * second copy of the data). CSV files are read line by line (`lines.ts`): a
 * line that cannot be parsed is one reject with its line and reason, every other line is
 * read. A missing required table or column, a file that cannot be read, is not UTF-8 or
 * has more than {@link MAX_BAD_LINE_SHARE} of its lines rejected throws before anything
 * is written.
 */
import { readdirSync, statSync, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Db, sql, ident, join as joinSql, fill, sqlFile, type Sql } from '../db/index.ts';
import { MissingColumnError, MissingTableError, UnreadableFileError, UsageError, QueryError } from '../errors.ts';
import { TABLES, type TableDef } from './schema.ts';
import { scanCsv, MAX_RECORD_BYTES, type CsvScan, type ScanOptions, type ValueCheck } from './lines.ts';
import { TooManyBadLinesError } from './errors.ts';

/** A `.sql` file of `sql/` beside this module. */
const q = (name: string): Sql => sqlFile(import.meta.url, `sql/${name}`);

/** A file of the dataset folder, assigned to a table. */
export interface DataFile {
  table: TableDef['name'];
  path: string;
  name: string;
  format: 'csv' | 'parquet';
  bytes: number;
}

const FILE_RE = /^(.*?)(\.csv|\.csv\.gz|\.parquet)$/i;

/** Find the files of each table in a folder (case-insensitive names, split files allowed). */
export function discoverFiles(dir: string): Map<TableDef['name'], DataFile[]> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir).sort();
  } catch (e) {
    throw new UsageError(`cannot open the dataset folder ${dir}: ${(e as Error).message}. Pass --data with a folder that holds individual_positions.csv (or .csv.gz / .parquet) and the other tables.`);
  }
  const out = new Map<TableDef['name'], DataFile[]>();
  for (const name of names) {
    const m = FILE_RE.exec(name);
    if (!m) continue;
    const stem = m[1]!.toLowerCase();
    const ext = m[2]!.toLowerCase();
    // Longest table name first, so `individual_user_skills_01` is not taken for `individual_user`.
    const def = [...TABLES]
      .sort((a, b) => b.name.length - a.name.length)
      .find((t) => stem === t.name || new RegExp(`^${t.name}[_.-]?(part[_.-]?)?\\d+$`).test(stem));
    if (!def) continue;
    const path = join(dir, name);
    const list = out.get(def.name) ?? [];
    list.push({ table: def.name, path, name, format: ext === '.parquet' ? 'parquet' : 'csv', bytes: statSync(path).size });
    out.set(def.name, list);
  }
  for (const t of TABLES) {
    if (t.required && !out.get(t.name)?.length) {
      const found = names.filter((n) => FILE_RE.test(n));
      throw new MissingTableError(
        `the dataset folder ${dir} has no ${t.name} table. Add ${t.name}.csv (or .csv.gz, .parquet, or split files ${t.name}_0001.parquet, ...). ` +
          `Files found: ${found.length ? found.join(', ') : 'none with .csv, .csv.gz or .parquet'}.`,
      );
    }
  }
  return out;
}

/** SHA-256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Columns kept in the staging table of a table definition (plus dynamic `keepPattern` columns). */
export function keptColumns(def: TableDef, fileColumns: string[]): string[] {
  const known = [...def.requiredColumns, ...def.optionalColumns];
  const extra = def.keepPattern ? fileColumns.filter((c) => def.keepPattern!.test(c) && !known.includes(c)) : [];
  return [...known, ...extra.sort()];
}

/** How CSV files are read. */
export interface ReadOptions {
  /** WHATWG label of the files' encoding (`--encoding`); UTF-8 when absent. */
  encoding?: string;
  /** Allow quoted fields to span lines (Revelio exports have none). */
  multiline?: boolean;
  /**
   * Read the CSV columns of {@link CSV_CHECKS} whose values all pass their check typed
   * (default); false reads every CSV column as text (the same tables and rejects: the tests
   * compare both).
   */
  csvTypes?: boolean;
}

/** A file is refused whole when more than this share of its lines are rejects. */
export const MAX_BAD_LINE_SHARE = 0.05;

/** How a typed column is validated without reading its text: see sql/macros.sql. */
export type ColumnKind = 'integer' | 'double' | 'date';

/**
 * The columns whose Parquet type the validation can use as it is, and the kinds each
 * accepts: an integer key (its text is its digits), a number (an integer or DOUBLE) and a
 * date (DATE). Any other type (FLOAT, DECIMAL, TIMESTAMP, text, …) is read as text.
 */
export const TYPED_COLUMNS: Readonly<Record<TableDef['target'], Readonly<Record<string, readonly ColumnKind[]>>>> = {
  positions: {
    user_id: ['integer'], position_id: ['integer'], startdate: ['date'], enddate: ['date'],
    salary: ['integer', 'double'], weight: ['integer', 'double'], seniority: ['integer', 'double'], position_number: ['integer', 'double'],
  },
  users: { user_id: ['integer'] },
  education: { user_id: ['integer'], education_number: ['integer', 'double'], startdate: ['date'], enddate: ['date'] },
  skills: { user_id: ['integer'], first_reported: ['date'] },
  companies: {},
};

/**
 * The columns of {@link TYPED_COLUMNS} a CSV file may give typed, and the check all their
 * values must pass first (lines.ts `ValueCheck`: a form whose text the type gives back, so
 * that parsing, rejects and their values stay those of the text). Seniority and the
 * position and education numbers only as integers: a decimal may be dropped, with its text.
 */
export const CSV_CHECKS: Readonly<Record<TableDef['target'], Readonly<Record<string, ValueCheck>>>> = {
  positions: {
    user_id: 'integer', position_id: 'integer', startdate: 'date', enddate: 'date',
    salary: 'positive', weight: 'positive', seniority: 'integer', position_number: 'integer',
  },
  users: { user_id: 'integer' },
  education: { user_id: 'integer', education_number: 'integer', startdate: 'date', enddate: 'date' },
  skills: { user_id: 'integer', first_reported: 'date' },
  companies: {},
};

/** The kind of a DuckDB column type, or null for a type read as text. */
function kindOf(type: string): ColumnKind | null {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER)$/.test(type)) return 'integer';
  if (type === 'DOUBLE') return 'double';
  if (type === 'DATE') return 'date';
  return null;
}

/** The SQL type a kind is staged as. */
const KIND_TYPE: Record<ColumnKind, Sql> = { integer: sql`BIGINT`, double: sql`DOUBLE`, date: sql`DATE` };

/** How {@link stageTable} reads a table. */
export interface StageOptions extends ReadOptions {
  /**
   * Optional columns to leave out of the staging view, given the columns present in the
   * files (sorted): nothing reads them, so a Parquet file's are not even decoded (a CSV
   * file is still read whole into its temporary table). They still count as present.
   */
  leaveOut?: (present: readonly string[]) => readonly string[];
}

/** Result of staging one table. */
export interface StagedTable {
  def: TableDef;
  files: DataFile[];
  /** The `_file` of the staged rows, by `_fileno` (a file's name; a source table's name). */
  fileNames: string[];
  /** Columns present in at least one file (lower case). */
  present: string[];
  /** Columns of the staging table (the schema's columns + dynamic ones, but those left out: {@link StageOptions.leaveOut}). */
  columns: string[];
  /**
   * Columns the staging view keeps with their type (see {@link TYPED_COLUMNS}; a CSV
   * column's from {@link CSV_CHECKS}), by kind; every other column is text. Empty for a
   * PostgreSQL source.
   */
  kinds: Readonly<Record<string, ColumnKind>>;
  /** Rows read: records of every file, the rejected lines included. */
  rowsRead: number;
  /** Lines that could not be parsed. */
  malformed: number;
}

/**
 * Load all files of one table and expose them as the view `stg_<target>`: columns as
 * VARCHAR (lower-case names) except the typed ones of {@link StagedTable.kinds}, `_file`,
 * `_fileno`, `_line`. Each CSV file is read once into a temporary `raw_<target>_<i>`
 * table, each Parquet file read where it is; the view renames, casts and numbers the rows
 * on the fly, so they are not copied again. CSV lines that cannot be parsed go to `rejects`.
 * {@link dropStaged} removes the view and its tables.
 */
export async function stageTable(db: Db, def: TableDef, files: DataFile[], opts: StageOptions = {}): Promise<StagedTable> {
  const stg = `stg_${def.target}`;
  const perFile: { file: DataFile; tmp: string; cols: Map<string, string>; types: Map<string, string>; src: RawSource }[] = [];
  const present = new Set<string>();
  let malformed = 0;
  let rowsRead = 0;
  for (const [i, file] of files.entries()) {
    const tmp = `raw_${def.target}_${i}`;
    const { src, rejected, from } = await loadRaw(db, file, tmp, opts);
    const desc = await db.all<{ column_name: string; column_type: string }>(fill(q('read-describe.sql'), { from }));
    const cols = new Map<string, string>();
    const types = new Map<string, string>();
    for (const { column_name, column_type } of desc) {
      if (column_name.startsWith('__tf_')) continue;
      const lc = column_name.trim().toLowerCase();
      if (cols.has(lc)) {
        throw new UnreadableFileError(`${file.path}: the column "${lc}" appears twice (column names are matched case-insensitively). Rename or remove one of them.`);
      }
      cols.set(lc, column_name);
      types.set(lc, column_type);
    }
    const missing = def.requiredColumns.filter((c) => !cols.has(c));
    const skillMissing = def.target === 'skills' && ![...cols.keys()].some((c) => c === 'skill_raw' || /^skill_/.test(c));
    if (missing.length || skillMissing) {
      const need = [...missing, ...(skillMissing ? ['skill_raw (or a mapped skill_* column)'] : [])];
      throw new MissingColumnError(
        `${file.path}: required column${need.length > 1 ? 's' : ''} ${need.join(', ')} missing. ` +
          `The file has: ${[...cols.keys()].join(', ') || '(no columns)'}. Rename the columns to the Revelio names (case does not matter) — see docs/data-model.md.`,
      );
    }
    for (const c of cols.keys()) present.add(c);
    perFile.push({ file, tmp, cols, types, src });
    malformed += rejected;
    rowsRead += (await db.scalar<number>(fill(q('read-count.sql'), { from }))) ?? 0;
  }
  const leftOut = new Set(opts.leaveOut?.([...present].sort()) ?? []);
  const columns = keptColumns(def, [...present]).filter((c) => !leftOut.has(c));
  // A column keeps its type when every file that has it gives it a type of one accepted kind.
  const kinds: Record<string, ColumnKind> = {};
  for (const [c, accepted] of Object.entries(TYPED_COLUMNS[def.target])) {
    const seen = new Set(perFile.filter((f) => f.types.has(c)).map((f) => kindOf(f.types.get(c)!)));
    const [kind] = [...seen];
    if (seen.size === 1 && kind && accepted.includes(kind)) kinds[c] = kind;
  }
  const type = (c: string) => (kinds[c] ? KIND_TYPE[kinds[c]] : sql`VARCHAR`);
  const parts = perFile.map(({ file, cols, src }, i) => {
    const select = columns.map((c) => (cols.has(c) ? sql`r.${ident(cols.get(c)!)}::${type(c)} AS ${ident(c)}` : sql`NULL::${type(c)} AS ${ident(c)}`));
    return fill(q('read-stage-part.sql'), { columns: joinSql(select), file: sql`${file.name}`, fileno: sql`${i}`, line: src.line, source: src.from });
  });
  if (!parts.length) {
    parts.push(fill(q('read-stage-empty.sql'), { columns: joinSql(columns.map((c) => sql`NULL::${type(c)} AS ${ident(c)}`)) }));
  }
  await db.run(fill(q('read-stage-view.sql'), { view: sql`${ident(stg)}`, parts: joinSql(parts, '\nunion all\n') }));
  return { def, files, fileNames: files.map((f) => f.name), present: [...present].sort(), columns, kinds, rowsRead: rowsRead + malformed, malformed };
}

/** Drop the staging view of a table and the tables it reads. */
export async function dropStaged(db: Db, staged: StagedTable): Promise<void> {
  await db.run(sql`drop view if exists ${ident(`stg_${staged.def.target}`)}`);
  for (const i of staged.files.keys()) {
    await db.run(sql`drop table if exists ${ident(`raw_${staged.def.target}_${i}`)}`);
    await db.run(sql`drop table if exists ${ident(`lines_raw_${staged.def.target}_${i}`)}`);
  }
}

/** Where the staging view reads a file's rows (alias `r`) and how it numbers their lines. */
export interface RawSource {
  from: Sql;
  line: Sql;
}

/**
 * Make one file readable: a CSV file is read into the temp table `tmp` (`rejected` counts
 * its lines that could not be parsed); a Parquet file is read in place, its metadata
 * checked here. `from` is the relation to describe and count.
 */
async function loadRaw(db: Db, file: DataFile, tmp: string, opts: ReadOptions): Promise<{ src: RawSource; rejected: number; from: Sql }> {
  if (file.bytes === 0) {
    throw new UnreadableFileError(`${file.path} is empty. A ${file.table} file needs a header row (CSV) or must be a Parquet file; remove it or export it again.`);
  }
  if (file.format === 'csv') {
    const checks = opts.csvTypes === false ? {} : { typeChecks: CSV_CHECKS[TABLES.find((t) => t.name === file.table)!.target] };
    const { scan, src } = await loadCsvFile(db, file.path, tmp, { ...opts, ...checks });
    await insertLineRejects(db, file.name, scan);
    return { src, rejected: scan.rejects.length, from: sql`${ident(tmp)}` };
  }
  try {
    const from = fill(q('read-parquet.sql'), { path: sql`${file.path}`, numbered: sql`false` });
    await db.run(fill(q('read-count.sql'), { from }));
    const numbered = fill(q('read-parquet.sql'), { path: sql`${file.path}`, numbered: sql`true` });
    return { src: { from: sql`${numbered} r`, line: sql`(r.file_row_number + 1)` }, rejected: 0, from };
  } catch (e) {
    if (e instanceof QueryError) {
      const msg = String((e.cause as Error)?.message ?? e.message).split('\n')[0];
      throw new UnreadableFileError(
        `${file.path} cannot be read as Parquet: ${msg}. Check the file is complete and in that format (re-export or re-download it), or remove it from the folder.`,
        { cause: e },
      );
    }
    throw e;
  }
}

/** The DuckDB type a CSV column is read with. */
const CSV_TYPE = { integer: 'BIGINT', double: 'DOUBLE', date: 'DATE' } as const;

/**
 * Read a CSV or CSV.gz file line by line into the temp table `tmp` (header names as
 * written; every column VARCHAR but those of `typeChecks` whose every value passed its
 * check, read as BIGINT, DOUBLE or DATE): {@link scanCsv} checks every line; DuckDB reads
 * the original when it is clean, otherwise a copy of the good lines, always with explicit
 * columns (no sniffing). Refuses the file when more than {@link MAX_BAD_LINE_SHARE} of its
 * records are rejects. Shared by the Revelio reader and the survey adapters.
 */
export async function loadCsvFile(
  db: Db, path: string, tmp: string, opts: ReadOptions & { nullStrings?: string[]; typeChecks?: Readonly<Record<string, ValueCheck>> } = {},
): Promise<{ scan: CsvScan; src: RawSource; columns: string[] }> {
  const scanOpts: ScanOptions = {
    ...(opts.encoding ? { encoding: opts.encoding } : {}), multiline: opts.multiline ?? false, ...(opts.typeChecks ? { typeChecks: opts.typeChecks } : {}),
  };
  let scan = await scanCsv(path, scanOpts);
  checkHeader(path, scan.header);
  checkRejectShare(path, scan);
  let dir: string | null = null;
  let readPath = path;
  const names = columnNames(scan.header);
  try {
    if (!scan.clean) {
      dir = mkdtempSync(join(tmpdir(), 'talentflow-read-'));
      readPath = join(dir, 'lines.csv');
      scan = await scanCsv(path, { ...scanOpts, copyTo: readPath });
    }
    const read = (typed: boolean) => db.run(fill(q('read-csv.sql'), {
      table: sql`${ident(tmp)}`,
      path: sql`${readPath}`,
      columns: joinSql(names.map((n, i) => sql`${n}: ${typed && scan.kinds[i] ? CSV_TYPE[scan.kinds[i]] : 'VARCHAR'}`)),
      new_line: sql`${scan.clean && scan.newLine === '\r\n' ? '\\r\\n' : '\\n'}`, // DuckDB wants the escape text
      nullstr: joinSql((opts.nullStrings ?? ['']).map((v) => sql`${v}`)),
      max_line_size: MAX_RECORD_BYTES,
    }));
    if (scan.kinds.some((k) => k !== null)) {
      // The checks should leave DuckDB nothing it cannot read typed; if it still fails, the
      // file is read as text, which the validation parses to the same values.
      await read(true).catch((e: unknown) => {
        if (e instanceof QueryError) return read(false);
        throw e;
      });
    } else await read(false);
  } catch (e) {
    if (e instanceof QueryError) {
      // The line reader passed only lines DuckDB parses: a failure here is a bug, not bad data.
      throw new Error(`${path}: DuckDB could not read lines the line reader accepted (${String((e.cause as Error)?.message ?? e.message).split('\n').slice(0, 3).join(' ')})`, { cause: e });
    }
    throw e;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  const n = (await db.scalar<number>(fill(q('read-count.sql'), { from: sql`${ident(tmp)}` }))) ?? 0;
  if (n !== scan.good) throw new Error(`${path}: DuckDB read ${n} rows where the line reader counted ${scan.good}`);
  return { scan, src: await lineNumbers(db, tmp, scan), columns: names };
}

/**
 * The names DuckDB gives the columns (it takes these, not the file's header): an empty name
 * becomes `column<i>`, a NUL (which cannot be a struct key) U+FFFD, and a name made equal
 * to another one by that gets `_` appended.
 */
function columnNames(header: string[]): string[] {
  const seen = new Set<string>();
  return header.map((h, i) => {
    let name = h.trim() === '' ? `column${i}` : h.replace(/\0/g, '\ufffd');
    while (seen.has(name.toLowerCase())) name += '_';
    seen.add(name.toLowerCase());
    return name;
  });
}

/** Refuse a file with more than {@link MAX_BAD_LINE_SHARE} of its records rejected. */
function checkRejectShare(path: string, scan: CsvScan): void {
  const bad = scan.rejects.length;
  if (bad === 0 || bad <= MAX_BAD_LINE_SHARE * scan.records) return;
  const byReason = new Map<string, number>();
  for (const r of scan.rejects) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
  const reasons = [...byReason].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${v} ${k}`).join(', ');
  const first = scan.rejects[0]!;
  throw new TooManyBadLinesError(
    `${path}: ${bad} of its ${scan.records} lines (${((100 * bad) / scan.records).toFixed(1)}%) cannot be parsed as CSV rows of the header's ${scan.header.length} columns (${reasons}; first at line ${first.line}: ${first.reason}). ` +
      `More than ${MAX_BAD_LINE_SHARE * 100}% bad lines means the file is not a comma-separated export of this table or is damaged: check it is comma-separated with "-quoted fields, then re-export or re-download it.`,
  );
}

/**
 * Line numbers of a CSV file's rows: row k (rowid, file order) sits at line k + 2 plus the
 * shift of the last threshold at or before k (rejected and blank lines, extra lines of
 * multi-line records). A table's rowid follows insertion order, which DuckDB keeps equal
 * to file order.
 */
async function lineNumbers(db: Db, tmp: string, scan: CsvScan): Promise<RawSource> {
  if (!scan.shifts.length) return { from: sql`${ident(tmp)} r`, line: sql`(r.rowid + 2)` };
  const lines = `lines_${tmp}`;
  await db.run(fill(q('read-lines-table.sql'), { table: sql`${ident(lines)}` }));
  const pairs = scan.shifts.map(([th, shift]) => sql`(${th}, ${shift})`);
  for (let j = 0; j < pairs.length; j += 1000) await db.run(fill(q('read-lines-insert.sql'), { table: sql`${ident(lines)}`, rows: joinSql(pairs.slice(j, j + 1000)) }));
  return {
    from: sql`${ident(tmp)} r asof left join ${ident(lines)} s on r.rowid >= s.th`,
    line: sql`(r.rowid + 2 + coalesce(s.shift, 0))`,
  };
}

/** The lines of a file that could not be parsed, as `row_dropped` rejects. */
async function insertLineRejects(db: Db, fileName: string, scan: CsvScan): Promise<void> {
  const rows = scan.rejects.map((r) => sql`(${fileName}, ${r.line}, '', ${r.reason}, ${r.value}, 'row_dropped')`);
  for (let j = 0; j < rows.length; j += 1000) await db.run(fill(q('read-rejects-insert.sql'), { rows: joinSql(rows.slice(j, j + 1000)) }));
}

/** A CSV header whose names clash case-insensitively (DuckDB would rename one to `x_1`). */
function checkHeader(path: string, names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    const lc = name.trim().toLowerCase();
    if (lc && seen.has(lc)) {
      throw new UnreadableFileError(`${path}: the column "${lc}" appears twice (column names are matched case-insensitively). Rename or remove one of them.`);
    }
    seen.add(lc);
  }
}
