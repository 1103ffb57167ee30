/**
 * How the engine reaches a database: four operations on SQL text rendered for the
 * connection's dialect. `duckdb.ts` implements it on a `@duckdb/node-api` connection; an
 * application wraps its own database handle the same way.
 */
import type { Dialect } from './dialect/dialect.ts';

/**
 * A column batch of a streamed result: `column(j)[i]` is row i of column j (NULL as null).
 * A column may be a Float64Array or Int32Array (no NULLs), which readers copy in one step.
 */
export interface ColumnBatch {
  readonly rowCount: number;
  column(j: number): ArrayLike<unknown>;
}

/** Column types of the small tables the engine loads (coefficients per group and level). */
export type LoadType = 'INTEGER' | 'DOUBLE';

/** A database connection as the engine uses it. */
export interface EngineConnection {
  /** How SQL is rendered for this connection. */
  readonly dialect: Dialect;
  /** Run statements, discarding results. */
  run(sql: string): Promise<void>;
  /**
   * A query's rows as plain objects, integers as `number`. `params` are DOUBLE[] values
   * the SQL reads through the dialect's `listParam`.
   */
  rows(sql: string, params?: Readonly<Record<string, readonly number[]>>): Promise<Record<string, unknown>[]>;
  /** Stream a query's result in column batches (for moving many numbers into typed arrays). */
  batches(sql: string): AsyncIterable<ColumnBatch>;
  /** Create a temporary table `name` with these columns and bulk-load the rows. */
  load(name: string, columns: readonly { name: string; type: LoadType }[], rows: Iterable<ArrayLike<number>>): Promise<void>;
}
