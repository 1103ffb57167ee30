/** A throwaway in-memory DuckDB for the engine's tests (closed when the test ends). */
import type { TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { EngineConnection } from '../../../src/engine/connection.ts';
import { duckdb } from '../../../src/engine/dialect/duckdb.ts';
import { duckdbConnection } from '../../../src/engine/duckdb.ts';

export interface TestDb {
  readonly conn: EngineConnection;
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
  return { conn, run: (s) => conn.run(s), rows: (s) => conn.rows(s), literal: (v) => duckdb.literal(v) };
}
