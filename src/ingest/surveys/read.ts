/**
 * Survey file readers: a plain or gzipped CSV is read as it is; a `.csv.bz2` is streamed
 * through unbzip2-stream and a `.zip` through fflate's streaming unzip into a temporary CSV
 * first (memory stays bounded by the stream buffers). The CSV is read by the line reader of
 * `src/ingest/lines.ts` (quoted fields holding commas, quotes and newlines, a UTF-8 BOM,
 * mixed line ends), as the Revelio tables are.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import bz2 from 'unbzip2-stream';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { sql, ident, fill, join as joinSql, type Db } from '../../db/index.ts';
import { loadCsvFile } from '../read.ts';
import type { LineReject } from '../lines.ts';
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

/** What {@link loadCsv} read. */
export interface LoadedCsv {
  /** Column names of the header, in order. */
  columns: string[];
  /** Records read: loaded rows plus the lines that could not be parsed. */
  rowsRead: number;
  /** Lines that could not be parsed (each one reject). */
  rejects: LineReject[];
}

/**
 * Load a survey CSV into table `name`: a 1-based record number `rn` (file order), the
 * record's line `_line`, then every column as text (`NA` and empty as NULL). The file is
 * read by the line reader with multi-line quoted fields allowed (free-text answers); a line
 * that cannot be parsed is counted in `rejects`, and the file is refused whole when it is
 * not UTF-8 (unless `encoding` is given) or more than 5% of its lines are rejects.
 */
export async function loadCsv(db: Db, path: string, name: string, opts: { encoding?: string } = {}): Promise<LoadedCsv> {
  const src = `${name}_src`;
  const { scan, src: raw, columns } = await loadCsvFile(db, path, src, { ...opts, multiline: true, nullStrings: ['NA', ''] });
  await db.run(fill(q('load-csv.sql'), { table: sql`${ident(name)}`, source: raw.from, line: raw.line }));
  await db.run(sql`drop table if exists ${ident(src)}`);
  await db.run(sql`drop table if exists ${ident(`lines_${src}`)}`);
  return { columns, rowsRead: scan.records, rejects: scan.rejects };
}

/** Add the lines the line reader could not parse to `sv_reject` (after the adapter built it). */
export async function insertLineRejects(db: Db, fileName: string, rejects: LineReject[]): Promise<void> {
  const rows = rejects.map((r) => sql`(${fileName}, ${r.line}, '', ${r.reason}, ${r.value})`);
  for (let j = 0; j < rows.length; j += 1000) await db.run(fill(q('line-rejects.sql'), { rows: joinSql(rows.slice(j, j + 1000)) }));
}
