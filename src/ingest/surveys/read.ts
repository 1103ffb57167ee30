/**
 * Survey file readers: a plain or gzipped CSV is read by DuckDB directly; a `.csv.bz2` is
 * streamed through unbzip2-stream and a `.zip` through fflate's streaming unzip into a
 * temporary CSV first (memory stays bounded by the stream buffers). CSV parsing — quoted
 * fields holding commas, quotes and newlines, a UTF-8 BOM — is DuckDB's `read_csv`.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import bz2 from 'unbzip2-stream';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { sql, ident, fill, type Db, type Sql } from '../../db/index.ts';
import { q } from './queries.ts';
import { UnreadableFileError } from '../../errors.ts';
import { SurveyArchiveError } from './errors.ts';

/** A CSV ready for DuckDB, with a cleanup for any temporary copy. */
export interface PreparedCsv {
  /** Path DuckDB reads (the input itself for `.csv` / `.csv.gz`). */
  path: string;
  /** Name of the member read, for a `.zip`. */
  member?: string;
  cleanup(): void;
}

/** Make `file` readable by DuckDB: decompress `.bz2` / unpack `.zip` to a temporary CSV. */
export async function prepareCsv(file: string): Promise<PreparedCsv> {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new UnreadableFileError(`${file}: no such file. Give the path of the survey CSV (.csv, .csv.gz, .csv.bz2 or .zip).`);
  }
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.csv.gz') || lower.endsWith('.txt')) {
    return { path: file, cleanup: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'talentflow-survey-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const out = join(dir, 'survey.csv');
  try {
    if (lower.endsWith('.bz2')) {
      await pipeline(createReadStream(file), bz2(), createWriteStream(out));
      return { path: out, cleanup };
    }
    if (lower.endsWith('.zip')) {
      const member = await unzipCsv(file, out);
      return { path: out, member, cleanup };
    }
  } catch (e) {
    cleanup();
    if (e instanceof SurveyArchiveError) throw e;
    throw new SurveyArchiveError(`${file}: cannot decompress (${(e as Error).message}). Check that the file is complete and of the type its extension says.`, { cause: e });
  }
  cleanup();
  throw new SurveyArchiveError(`${file}: unknown file type. Give a .csv, .csv.gz, .csv.bz2 or .zip file.`);
}

/** Prefer the survey's results file; otherwise the first CSV that is not a schema file. */
function pickMember(names: string[]): string | undefined {
  const csv = names.filter((n) => n.toLowerCase().endsWith('.csv') && !basename(n).startsWith('._'));
  return (
    csv.find((n) => basename(n).toLowerCase() === 'survey_results_public.csv') ??
    csv.find((n) => !/schema/i.test(basename(n)))
  );
}

async function unzipCsv(file: string, out: string): Promise<string> {
  const sink = createWriteStream(out);
  const names: string[] = [];
  const queue: Uint8Array[] = [];
  let chosen: string | undefined;
  let failure: Error | undefined;
  const unzip = new Unzip((entry: UnzipFile) => {
    names.push(entry.name);
    if (chosen !== undefined || pickMember([entry.name]) === undefined) return;
    // Entries arrive in archive order: a schema CSV is skipped, the first other CSV is read.
    if (basename(entry.name).toLowerCase() !== 'survey_results_public.csv' && /schema/i.test(entry.name)) return;
    chosen = entry.name;
    entry.ondata = (err, chunk) => {
      if (err) failure = err;
      else if (chunk.length) queue.push(chunk);
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  const drainQueue = async () => {
    // Inflation is synchronous inside push(): write what one input chunk produced, then go on.
    while (queue.length) if (!sink.write(queue.shift()!)) await once(sink, 'drain');
  };
  for await (const chunk of createReadStream(file)) {
    unzip.push(chunk as Uint8Array);
    if (failure) break;
    await drainQueue();
  }
  if (!failure) unzip.push(new Uint8Array(0), true);
  await drainQueue();
  sink.end();
  await once(sink, 'finish');
  if (failure) throw failure;
  if (chosen === undefined) {
    throw new SurveyArchiveError(`${file}: the archive holds no CSV file (members: ${names.join(', ') || 'none'}). Give the survey's zip or its survey_results_public.csv.`);
  }
  return chosen;
}

/** `read_csv` of a prepared survey CSV: every column as text, `NA` and empty as NULL. */
export function readCsvSql(path: string): Sql {
  return fill(q('read-csv.sql'), { path: sql`${path}` });
}

/** Column names of a survey CSV as DuckDB reads them (header order). */
export async function csvColumns(db: Db, path: string): Promise<string[]> {
  try {
    const rows = await db.all<{ column_name: string }>(fill(q('csv-columns.sql'), { source: readCsvSql(path) }));
    return rows.map((r) => r.column_name);
  } catch (e) {
    throw new UnreadableFileError(`${path}: cannot be read as CSV (${(e as Error).message}).`, { cause: e });
  }
}

/** Load a survey CSV into table `name` with a 1-based record number `rn`. */
export async function loadCsv(db: Db, path: string, name: string): Promise<number> {
  try {
    await db.run(fill(q('load-csv.sql'), { table: sql`${ident(name)}`, source: readCsvSql(path) }));
  } catch (e) {
    throw new UnreadableFileError(`${path}: cannot be read as CSV (${(e as Error).message}).`, { cause: e });
  }
  return (await db.scalar<number>(fill(q('count-rows.sql'), { table: sql`${ident(name)}` }))) ?? 0;
}
