/** A throwaway in-memory DuckDB for the engine's tests (closed when the test ends). */
import type { TestContext } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { EngineConnection } from '../../../src/engine/connection.ts';
import { duckdb } from '../../../src/engine/dialect/duckdb.ts';
import { duckdbConnection } from '../../../src/engine/duckdb.ts';

export interface TestDb {
  readonly conn: EngineConnection;
  /** The DuckDB connection under `conn` (to read a result with the package's own reader). */
  readonly raw: DuckDBConnection;
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** A SQL literal of a value. */
  literal(v: string | number | null): string;
}

export async function openTestDb(t: TestContext): Promise<TestDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const raw = await instance.connect();
  t.after(() => {
    raw.closeSync();
    instance.closeSync();
  });
  const conn = duckdbConnection(raw);
  return { conn, raw, run: (s) => conn.run(s), rows: (s) => conn.rows(s), literal: (v) => duckdb.literal(v) };
}
