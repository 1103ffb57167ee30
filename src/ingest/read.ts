/**
 * Reading a dataset folder for validation: every file of a table (CSV, CSV.gz or Parquet,
 * split files with a common prefix) is read once into a temporary table, and the view
 * `stg_<target>` shows the rows of all files with all values as text, the file name and
 * the line (no second copy of the data). CSV rows that cannot be parsed become
 * `malformed_row` rejects. A missing required table or column, or a file that cannot be
 * read, throws before anything is written.
 */
import { readdirSync, statSync, createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Db, sql, ident, join as joinSql, fill, sqlFile, type Sql } from '../db/index.ts';
import { MissingColumnError, MissingTableError, UnreadableFileError, UsageError, QueryError } from '../errors.ts';
import { TABLES, type TableDef } from './schema.ts';
import { parseCsv } from '../output/csv.ts';

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
function keptColumns(def: TableDef, fileColumns: string[]): string[] {
  const known = [...def.requiredColumns, ...def.optionalColumns];
  const extra = def.keepPattern ? fileColumns.filter((c) => def.keepPattern!.test(c) && !known.includes(c)) : [];
  return [...known, ...extra.sort()];
}

/** Result of staging one table. */
export interface StagedTable {
  def: TableDef;
  files: DataFile[];
  /** Columns present in at least one file (lower case). */
  present: string[];
  /** Columns of the staging table (all schema columns + dynamic ones). */
  columns: string[];
  rowsRead: number;
  malformed: number;
}

/**
 * Load all files of one table and expose them as the view `stg_<target>`: columns as
 * VARCHAR (lower-case names), `_file`, `_fileno`, `_line`. Each file is read once into a
 * temporary `raw_<target>_<i>` table; the view renames, casts and numbers its rows on the
 * fly, so the rows are not copied again. Malformed CSV rows go to `rejects`.
 * {@link dropStaged} removes the view and its tables.
 */
export async function stageTable(db: Db, def: TableDef, files: DataFile[]): Promise<StagedTable> {
  const stg = `stg_${def.target}`;
  const perFile: { file: DataFile; tmp: string; cols: Map<string, string>; src: RawSource }[] = [];
  const present = new Set<string>();
  let malformed = 0;
  let rowsRead = 0;
  for (const [i, file] of files.entries()) {
    const tmp = `raw_${def.target}_${i}`;
    const src = await loadRaw(db, file, tmp);
    if (file.format === 'csv') checkCsvHeader(file);
    const desc = await db.all<{ column_name: string }>(fill(q('read-describe.sql'), { table: sql`${ident(tmp)}` }));
    const cols = new Map<string, string>();
    for (const { column_name } of desc) {
      if (column_name.startsWith('__tf_')) continue;
      const lc = column_name.trim().toLowerCase();
      if (cols.has(lc)) {
        throw new UnreadableFileError(`${file.path}: the column "${lc}" appears twice (column names are matched case-insensitively). Rename or remove one of them.`);
      }
      cols.set(lc, column_name);
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
    perFile.push({ file, tmp, cols, src });
    if (file.format === 'csv') malformed += await collectMalformed(db, file, i);
    rowsRead += (await db.scalar<number>(fill(q('read-count.sql'), { table: sql`${ident(tmp)}` }))) ?? 0;
  }
  const columns = keptColumns(def, [...present]);
  const parts = perFile.map(({ file, cols, src }, i) => {
    const select = columns.map((c) => (cols.has(c) ? sql`r.${ident(cols.get(c)!)}::VARCHAR AS ${ident(c)}` : sql`NULL::VARCHAR AS ${ident(c)}`));
    return fill(q('read-stage-part.sql'), { columns: joinSql(select), file: sql`${file.name}`, fileno: sql`${i}`, line: src.line, source: src.from });
  });
  if (!parts.length) {
    parts.push(fill(q('read-stage-empty.sql'), { columns: joinSql(columns.map((c) => sql`NULL::VARCHAR AS ${ident(c)}`)) }));
  }
  await db.run(fill(q('read-stage-view.sql'), { view: sql`${ident(stg)}`, parts: joinSql(parts, '\nunion all\n') }));
  return { def, files, present: [...present].sort(), columns, rowsRead: rowsRead + malformed, malformed };
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
interface RawSource {
  from: Sql;
  line: Sql;
}

/** Read one file into the temp table `tmp`. */
async function loadRaw(db: Db, file: DataFile, tmp: string): Promise<RawSource> {
  if (file.bytes === 0) {
    throw new UnreadableFileError(`${file.path} is empty. A ${file.table} file needs a header row (CSV) or must be a Parquet file; remove it or export it again.`);
  }
  try {
    if (file.format === 'parquet') {
      await db.run(fill(q('read-parquet.sql'), { table: sql`${ident(tmp)}`, path: sql`${file.path}` }));
      return { from: sql`${ident(tmp)} r`, line: sql`r.__tf_line` };
    }
    const rj = `rj_${tmp}`;
    await db.run(fill(q('read-csv.sql'), {
      table: sql`${ident(tmp)}`, path: sql`${file.path}`, rejects_table: sql`${`${rj}_e`}`, rejects_scan: sql`${`${rj}_s`}`,
    }));
    return await csvLines(db, tmp, `${rj}_e`);
  } catch (e) {
    if (e instanceof QueryError) {
      const msg = String((e.cause as Error)?.message ?? e.message).split('\n')[0];
      throw new UnreadableFileError(
        `${file.path} cannot be read as ${file.format === 'parquet' ? 'Parquet' : 'CSV (comma-separated, header row, UTF-8)'}: ${msg}. ` +
          `Check the file is complete and in that format (re-export or re-download it), or remove it from the folder.`,
        { cause: e },
      );
    }
    throw e;
  }
}

/**
 * CSV rows that DuckDB could parse are numbered in file order; the rejected lines are
 * known from its rejects table, so the line of good row k is k + 2 (header = line 1)
 * shifted past every rejected line before it. A table's rowid follows insertion order,
 * which DuckDB keeps equal to file order.
 */
async function csvLines(db: Db, tmp: string, rejectsTable: string): Promise<RawSource> {
  const bad = (await db.hasTable(rejectsTable))
    ? await db.all<{ line: number }>(fill(q('read-bad-lines.sql'), { table: sql`${ident(rejectsTable)}` }))
    : [];
  if (!bad.length) return { from: sql`${ident(tmp)} r`, line: sql`(r.rowid + 2)` };
  // Threshold j: good rows with index >= line_j - 2 - j come after the (j+1) first bad lines.
  // Thresholds never decrease; of equal ones the last (largest shift) counts.
  const shifts = new Map<number, number>();
  bad.forEach((b, j) => shifts.set(Number(b.line) - 2 - j, j + 1));
  const lines = `lines_${tmp}`;
  await db.run(fill(q('read-lines-table.sql'), { table: sql`${ident(lines)}` }));
  const pairs = [...shifts].map(([th, shift]) => sql`(${th}, ${shift})`);
  for (let j = 0; j < pairs.length; j += 1000) await db.run(fill(q('read-lines-insert.sql'), { table: sql`${ident(lines)}`, rows: joinSql(pairs.slice(j, j + 1000)) }));
  return {
    from: sql`${ident(tmp)} r asof left join ${ident(lines)} s on r.rowid >= s.th`,
    line: sql`(r.rowid + 2 + coalesce(s.shift, 0))`,
  };
}

async function collectMalformed(db: Db, file: DataFile, fileno: number): Promise<number> {
  const rj = `rj_raw_${TABLES.find((t) => t.name === file.table)!.target}_${fileno}_e`;
  if (!(await db.hasTable(rj))) return 0;
  await db.run(fill(q('read-malformed.sql'), { file: sql`${file.name}`, table: sql`${ident(rj)}` }));
  const n = (await db.scalar<number>(fill(q('read-malformed-count.sql'), { table: sql`${ident(rj)}` }))) ?? 0;
  await db.run(sql`drop table ${ident(rj)}`);
  return n;
}

/**
 * Column names as written in a CSV header (DuckDB renames duplicates to `x_1`, which
 * would hide a `user_id` / `USER_ID` clash).
 */
function checkCsvHeader(file: DataFile): void {
  const fd = openSync(file.path, 'r');
  let buf = Buffer.alloc(1 << 16);
  let n: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  buf = buf.subarray(0, n);
  if (file.name.toLowerCase().endsWith('.gz')) {
    try {
      buf = gunzipSync(buf, { finishFlush: 2 /* Z_SYNC_FLUSH: a partial stream is fine */ });
    } catch {
      return; // DuckDB reports unreadable archives with its own message
    }
  }
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  let names: string[];
  try {
    names = parseCsv(text.split(/\r?\n/, 1)[0] ?? '')[0] ?? [''];
  } catch {
    return; // an unparseable header: DuckDB reports it with its own message
  }
  const seen = new Set<string>();
  for (const name of names) {
    const lc = name.trim().toLowerCase();
    if (lc && seen.has(lc)) {
      throw new UnreadableFileError(`${file.path}: the column "${lc}" appears twice (column names are matched case-insensitively). Rename or remove one of them.`);
    }
    seen.add(lc);
  }
}
