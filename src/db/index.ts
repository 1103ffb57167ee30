/**
 * The study's database: one `Db` per run, the embedded DuckDB (`DuckDb`, from `Db.open`)
 * or a PostgreSQL server (`PgDb`, `postgres.ts`). Thin helpers that rethrow failures as
 * `QueryError` with the SQL attached, row reading with BIGINT → number, and SQL files
 * that live beside the stage that runs them. Every query is written once, in the SQL
 * both engines share, and rendered for the database's dialect when it runs (`dialect.ts`).
 */
import { readFileSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { QueryError } from '../errors.ts';
import { Sql, raw } from './sql.ts';

export { sql, ident, raw, join, literal, Sql, Ident } from './sql.ts';
export { type SqlDialect, renderSql } from './dialect.ts';
import type { SqlDialect } from './dialect.ts';

/** A column batch of a streamed result: `column(j)[i]` is row i of column j (BIGINT as bigint or number). */
export interface RowBatch {
  readonly rowCount: number;
  readonly columnCount: number;
  column(j: number): ArrayLike<unknown>;
}

/**
 * What a stage may do with the study's database, on either engine. Rows come back as
 * plain objects with integers as `number` and dates as `YYYY-MM-DD` strings.
 */
export interface Db {
  /** How SQL is rendered for this database (`renderSql`). */
  readonly dialect: SqlDialect;
  /** Run statements, discarding results. */
  run(q: Sql | string): Promise<void>;
  /** Run a query and return its rows as plain objects. */
  all<T = Record<string, unknown>>(q: Sql | string): Promise<T[]>;
  /** First row of a query, or undefined. */
  one<T = Record<string, unknown>>(q: Sql | string): Promise<T | undefined>;
  /** First column of the first row. */
  scalar<T = unknown>(q: Sql | string): Promise<T | undefined>;
  /** Stream a query's result in column batches (for moving many rows into typed arrays). */
  batches(q: Sql | string): AsyncGenerator<RowBatch>;
  /** Whether a table or view exists (temporary ones included). */
  hasTable(name: string): Promise<boolean>;
  /** Close the connection (await it: a server connection closes asynchronously). */
  close(): void | Promise<void>;
}

/** Options of the engine. */
export interface DbOptions {
  threads?: number;
  memoryLimit?: string;
  /** Memory the engine's block allocator keeps for reuse (`block_allocator_memory`; see `blockAllocatorMemory`). */
  blockAllocatorMemory?: string;
}

/**
 * `exact_sum(x)`: `sum(x)` for doubles that does not depend on the order in which a
 * parallel aggregate meets the rows (DuckDB's `sum` of doubles differs between runs in the
 * last bits). Each term is split into two BIGINT fixed-point parts, round(x·2¹⁰) and the
 * remainder ·2⁷², whose sums are exact integers; the result is their sum as a double.
 * Exact to 1e-22 per term, |x| < 9e15; NULLs skipped, NULL when no term (as `sum`). A macro
 * takes no FILTER clause: write `exact_sum(CASE WHEN cond THEN x END)`. The regression
 * engine renders the same sum itself (`exactSum` in src/engine/sql.ts).
 */
const EXACT_SUM_MACRO = `CREATE OR REPLACE TEMP MACRO exact_sum(x) AS
  (CAST(sum(CAST((x) * 1024.0 AS BIGINT)) AS DOUBLE) / 1024.0
   + CAST(sum(CAST(((x) * 1024.0 - CAST((x) * 1024.0 AS BIGINT)) * 4611686018427387904.0 AS BIGINT)) AS DOUBLE) / 4722366482869645213696.0)`;

/** A DuckDB database and one connection to it. */
export class DuckDb implements Db {
  readonly dialect: SqlDialect = 'duckdb';

  private constructor(
    readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    readonly path: string,
  ) {}

  /** Open a database file, or an in-memory one (`:memory:`, the default). */
  static async open(path = ':memory:', opts: DbOptions = {}): Promise<DuckDb> {
    const config: Record<string, string> = {};
    if (opts.threads) config.threads = String(opts.threads);
    if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
    if (opts.blockAllocatorMemory) config.block_allocator_memory = opts.blockAllocatorMemory;
    const instance = await DuckDBInstance.create(path, config);
    const conn = await instance.connect();
    await conn.run(EXACT_SUM_MACRO);
    return new DuckDb(instance, conn, path);
  }

  /** Run statements, discarding results. */
  async run(q: Sql | string): Promise<void> {
    const text = String(q);
    try {
      await this.conn.run(text);
    } catch (e) {
      throw new QueryError(`query failed: ${(e as Error).message}`, text, { cause: e });
    }
  }

  /** Run a query and return its rows as plain objects (BIGINT as number, dates as ISO strings). */
  async all<T = Record<string, unknown>>(q: Sql | string): Promise<T[]> {
    const text = String(q);
    try {
      const reader = await this.conn.runAndReadAll(text);
      return reader.getRowObjectsJS().map((r) => normaliseRow(r) as T);
    } catch (e) {
      throw new QueryError(`query failed: ${(e as Error).message}`, text, { cause: e });
    }
  }

  /** First row of a query, or undefined. */
  async one<T = Record<string, unknown>>(q: Sql | string): Promise<T | undefined> {
    return (await this.all<T>(q))[0];
  }

  /** First column of the first row. */
  async scalar<T = unknown>(q: Sql | string): Promise<T | undefined> {
    const row = await this.one<Record<string, unknown>>(q);
    return row ? (Object.values(row)[0] as T) : undefined;
  }

  /** Stream a query's result chunk by chunk (for moving many rows into typed arrays). */
  async *chunks(q: Sql | string): AsyncGenerator<import('@duckdb/node-api').DuckDBDataChunk> {
    const text = String(q);
    let result;
    try {
      result = await this.conn.stream(text);
    } catch (e) {
      throw new QueryError(`query failed: ${(e as Error).message}`, text, { cause: e });
    }
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      yield chunk;
    }
  }

  async *batches(q: Sql | string): AsyncGenerator<RowBatch> {
    for await (const chunk of this.chunks(q)) yield { rowCount: chunk.rowCount, columnCount: chunk.columnCount, column: (j) => chunk.getColumnValues(j) as ArrayLike<unknown> };
  }

  /** Whether a table or view exists. */
  async hasTable(name: string): Promise<boolean> {
    const n = await this.scalar<number>(
      `select count(*) from duckdb_tables() where table_name = '${name.replace(/'/g, "''")}'`,
    );
    const v = await this.scalar<number>(
      `select count(*) from duckdb_views() where view_name = '${name.replace(/'/g, "''")}'`,
    );
    return (n ?? 0) + (v ?? 0) > 0;
  }

  /** Close the connection and the instance. */
  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** `Db.open()`: the embedded DuckDB database (in memory by default). */
export const Db = { open: (path?: string, opts?: DbOptions): Promise<DuckDb> => DuckDb.open(path, opts) };

/** Read a `.sql` file that lives beside a module: `sqlFile(import.meta.url, 'query.sql')`. */
export function sqlFile(moduleUrl: string, name: string): Sql {
  return raw(readFileSync(new URL(name, moduleUrl), 'utf8'));
}

/**
 * Fill `{{name}}` placeholders in a trusted SQL text with composed fragments (identifiers,
 * literals, sub-queries built with `sql`). Unknown placeholders are a bug.
 */
export function fill(template: Sql, parts: Record<string, Sql | string | number>): Sql {
  const text = template.text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = parts[k];
    if (v === undefined) throw new Error(`SQL template placeholder {{${k}}} not provided`);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`non-finite number for {{${k}}}`);
      return String(v);
    }
    return String(v);
  });
  return raw(text);
}

function normaliseValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const s = String(v);
    // DuckDB date/decimal value objects stringify to their SQL text form.
    if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
    return s;
  }
  return v;
}

function normaliseRow(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = Array.isArray(v) ? v.map(normaliseValue) : normaliseValue(v);
  return out;
}
