/**
 * An {@link EngineConnection} on a `@duckdb/node-api` connection: DOUBLE[] parameters bound
 * as lists, results streamed in DuckDB's column chunks, small tables filled with the
 * appender.
 */
import { DOUBLE, LIST, listValue, type DuckDBConnection, type DuckDBDataChunk, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { ColumnBatch, EngineConnection, LoadType } from './connection.ts';
import { duckdb } from './dialect/duckdb.ts';

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return String(v);
  return v;
}

/**
 * A column of a chunk as an array: DOUBLE and INTEGER columns as their typed array when no
 * value is NULL (no copy), otherwise with NULLs as null; other types through the package's
 * value reader. The typed array and the validity mask are the vector's own fields (not
 * part of the package's typed API): when they are not there as expected, the value reader
 * is used, so the result never depends on them.
 */
function columnValues(chunk: DuckDBDataChunk, j: number): ArrayLike<unknown> {
  const v = chunk.getColumnVector(j) as unknown as { items?: unknown; validity?: { data?: unknown } };
  const items = v.items;
  const mask = v.validity?.data;
  if ((items instanceof Float64Array || items instanceof Int32Array) && items.length === chunk.rowCount && v.validity) {
    if (mask === null) return items;
    if (mask instanceof BigUint64Array && mask.length * 64 >= items.length) {
      const out: (number | null)[] = Array.from(items);
      for (let w = 0; w < mask.length; w++) {
        const word = mask[w]!;
        if (word === 0xffffffffffffffffn) continue;
        for (let b = 0; b < 64 && w * 64 + b < out.length; b++) if (((word >> BigInt(b)) & 1n) === 0n) out[w * 64 + b] = null;
      }
      return out;
    }
  }
  return chunk.getColumnValues(j) as ArrayLike<unknown>;
}

/** Wrap a DuckDB connection for the engine. */
export function duckdbConnection(conn: DuckDBConnection): EngineConnection {
  return {
    dialect: duckdb,
    async run(sql) {
      await conn.run(sql);
    },
    async rows(sql, params = {}) {
      const values: Record<string, DuckDBValue> = {};
      const types: Record<string, DuckDBType> = {};
      for (const [k, v] of Object.entries(params)) {
        if (!sql.includes(`$${k}[`)) continue; // DuckDB rejects a bound parameter the text does not use
        values[k] = listValue(Array.from(v));
        types[k] = LIST(DOUBLE);
      }
      const reader = Object.keys(values).length ? await conn.runAndReadAll(sql, values, types) : await conn.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((r) => {
        const o: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(r)) o[k] = plain(v);
        return o;
      });
    },
    async *batches(sql): AsyncGenerator<ColumnBatch> {
      const result = await conn.stream(sql);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        yield { rowCount: chunk.rowCount, column: (j) => columnValues(chunk, j) };
      }
    },
    async load(name, columns, rows) {
      await conn.run(`CREATE TEMP TABLE ${duckdb.ident(name)} (${columns.map((c) => `${duckdb.ident(c.name)} ${c.type}`).join(', ')})`);
      const app = await conn.createAppender(name, 'main', 'temp');
      const kinds: LoadType[] = columns.map((c) => c.type);
      for (const r of rows) {
        for (let i = 0; i < r.length; i++) {
          if (kinds[i] === 'INTEGER') app.appendInteger(r[i]!);
          else app.appendDouble(r[i]!);
        }
        app.endRow();
      }
      app.flushSync();
      app.closeSync();
    },
  };
}
