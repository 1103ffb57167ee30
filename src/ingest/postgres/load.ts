/**
 * `talentflow pg-load`: a Revelio-schema dataset folder into PostgreSQL under the WRDS
 * table names (`revelio_individual.individual_positions`, …, `revelio_common.company_mapping`),
 * or all five in one schema. Each table is read by the embedded engine (CSV files through
 * ingest's line reader, `loadCsvFile`, so with the same line-level rules and `--encoding`,
 * columns as text as the files carry no types; Parquet columns with their own types), written once
 * as CSV to a temporary file and streamed into the server with `COPY … FROM STDIN`, never
 * row by row. Each table is replaced in one transaction, then analysed.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Db, fill, ident, join as joinSql, sql, sqlFile, type Sql } from '../../db/index.ts';
import { QueryError, UnreadableFileError } from '../../errors.ts';
import { discoverFiles, loadCsvFile } from '../read.ts';
import { TABLES } from '../schema.ts';
import { connect, redactUrl, scrub, sourceTables, SourceConnectionError, type QualifiedName } from './source.ts';

const q = (name: string): Sql => sqlFile(import.meta.url, `sql/${name}`);

/** Options of {@link pgLoad}. */
export interface PgLoadOptions {
  /** Dataset folder in the Revelio schema. */
  data: string;
  /** postgres:// URL (PG* variables and ~/.pgpass fill what it leaves out). */
  url: string;
  /** Put all five tables in this schema instead of the WRDS schemas. */
  schema?: string;
  /** WHATWG label of the CSV files' encoding when not UTF-8 (`--encoding`). */
  encoding?: string;
  log?: (msg: string) => void;
}

/** What was loaded, table by table. */
export interface PgLoadResult {
  /** Per table: rows loaded, lines of its CSV files that could not be parsed (left out, as `run` rejects them). */
  tables: { table: string; rows: number; rejectedLines: number; columns: number; bytes: number; seconds: number }[];
}

/** PostgreSQL type of a DuckDB column type (anything without an exact match travels as text). */
export function pgType(duckType: string): string {
  const t = duckType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER)$/.test(t)) return 'bigint';
  if (/^(HUGEINT|UBIGINT|UHUGEINT)$/.test(t)) return 'numeric';
  if (t === 'DOUBLE' || t === 'FLOAT') return 'double precision';
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (dec) return `numeric(${dec[1]},${dec[2]})`;
  if (t === 'DATE') return 'date';
  if (t === 'TIMESTAMP' || t === 'TIMESTAMP_NS' || t === 'TIMESTAMP_MS' || t === 'TIMESTAMP_S') return 'timestamp';
  if (t === 'TIMESTAMP WITH TIME ZONE') return 'timestamptz';
  if (t === 'BOOLEAN') return 'boolean';
  return 'text';
}

/** Load a dataset folder into PostgreSQL. */
export async function pgLoad(opts: PgLoadOptions): Promise<PgLoadResult> {
  const files = discoverFiles(opts.data);
  const where = sourceTables(opts.schema !== undefined ? { schema: opts.schema } : {});
  const client = await connect(opts.url, { applicationName: 'talentflow pg-load' });
  const db = await Db.open(':memory:');
  const tmp = mkdtempSync(join(tmpdir(), 'tf-pgload-'));
  const result: PgLoadResult = { tables: [] };
  try {
    for (const def of TABLES) {
      const list = files.get(def.name);
      if (!list?.length) continue;
      const t0 = performance.now();
      const local = `load_${def.target}`;
      const paths = joinSql(list.map((f) => sql`${f.path}`));
      const format = list.every((f) => f.format === 'parquet') ? 'parquet' : list.every((f) => f.format === 'csv') ? 'csv' : undefined;
      if (!format) throw new UnreadableFileError(`${opts.data}: the ${def.name} table is split over CSV and Parquet files; give it in one format`);
      let rejectedLines = 0;
      if (format === 'csv') {
        // one temp table per file through the line reader, then their union by column name
        const parts: Sql[] = [];
        for (const [i, f] of list.entries()) {
          const { scan } = await loadCsvFile(db, f.path, `${local}_${i}`, opts.encoding ? { encoding: opts.encoding } : {});
          rejectedLines += scan.rejects.length;
          parts.push(sql`select * from ${ident(`${local}_${i}`)}`);
        }
        await db.run(fill(q('load-union.sql'), { table: sql`${ident(local)}`, parts: joinSql(parts, ' union all by name ') }));
        for (let i = 0; i < list.length; i++) await db.run(sql`drop table ${ident(`${local}_${i}`)}`);
      } else {
        try {
          await db.run(fill(q('load-read-parquet.sql'), { table: sql`${ident(local)}`, paths }));
        } catch (e) {
          if (!(e instanceof QueryError)) throw e;
          throw new UnreadableFileError(
            `${list.map((f) => f.path).join(', ')}: cannot be read as Parquet for loading (${String((e.cause as Error)?.message ?? e.message).split('\n')[0]}).`,
            { cause: e },
          );
        }
      }
      const cols = await db.all<{ column_name: string; column_type: string }>(fill(q('load-columns.sql'), { table: sql`${ident(local)}` }));
      const csv = join(tmp, `${def.target}.csv`);
      await db.run(fill(q('load-export.sql'), {
        columns: joinSql(cols.map((c) => ident(c.column_name))), table: sql`${ident(local)}`, path: sql`${csv}`,
      }));
      await db.run(sql`drop table ${ident(local)}`);
      const target = where[def.target];
      const rows = await copyTable(client, target, cols.map((c) => ({ name: c.column_name.trim().toLowerCase(), type: pgType(c.column_type) })), csv, opts.url);
      const bytes = statSync(csv).size;
      rmSync(csv, { force: true });
      const seconds = Math.round(performance.now() - t0) / 1000;
      result.tables.push({ table: `${target.schema}.${target.table}`, rows, rejectedLines, columns: cols.length, bytes, seconds });
      opts.log?.(`${target.schema}.${target.table}: ${rows.toLocaleString('en-US')} rows in ${seconds} s${rejectedLines ? `; ${rejectedLines} unparsable lines left out (talentflow validate --data DIR lists them)` : ''}`);
    }
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    db.close();
    await client.end().catch(() => undefined);
  }
}

/** Replace one table in one transaction: create it, COPY the CSV in, analyse. */
async function copyTable(client: pg.Client, target: QualifiedName, cols: { name: string; type: string }[], csv: string, url: string): Promise<number> {
  const table = `${client.escapeIdentifier(target.schema)}.${client.escapeIdentifier(target.table)}`;
  const columnList = cols.map((c) => client.escapeIdentifier(c.name)).join(', ');
  try {
    await client.query('begin');
    await client.query(`create schema if not exists ${client.escapeIdentifier(target.schema)}`);
    await client.query(`drop table if exists ${table}`);
    await client.query(`create table ${table} (${cols.map((c) => `${client.escapeIdentifier(c.name)} ${c.type}`).join(', ')})`);
    const stream = client.query(copyFrom(`copy ${table} (${columnList}) from stdin (format csv)`));
    await pipeline(createReadStream(csv), stream);
    await client.query('commit');
    await client.query(`analyze ${table}`);
    return Number(stream.rowCount);
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw new SourceConnectionError(`loading ${target.schema}.${target.table} into ${redactUrl(url)} failed: ${scrub((e as Error).message, url)}`, { cause: e });
  }
}
