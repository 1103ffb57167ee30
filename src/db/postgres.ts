/**
 * The study's database on a PostgreSQL server (`talentflow run --source postgres://…`):
 * the same `Db` operations as the embedded DuckDB, on one `pg` client. Every query is
 * rendered for PostgreSQL (`renderSql`); the study writes only TEMP tables and views (the
 * role needs SELECT on the source and TEMP on the database, nothing else). Results come
 * back as DuckDB's do: int8 and numeric as `number`, dates as `YYYY-MM-DD` strings.
 */
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { QueryError } from '../errors.ts';
import { renderSql, type SqlDialect } from './dialect.ts';
import type { Db, RowBatch, Sql } from './index.ts';

/** Rows fetched per round trip when a result is streamed (`batches`). */
const FETCH_ROWS = 50_000;

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const FLOAT8_ARRAY = 1022;
const INT8_ARRAY = 1016;
const NUMERIC_ARRAY = 1231;

/** Type parsers that give the values DuckDB's reader gives (see `normaliseRow` in index.ts). */
export const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    if (oid === INT8_ARRAY || oid === NUMERIC_ARRAY || oid === FLOAT8_ARRAY) {
      const arr = pg.types.getTypeParser(FLOAT8_ARRAY as Parameters<typeof pg.types.getTypeParser>[0], 'text') as (v: string) => (number | null)[];
      return (v: string) => arr(v);
    }
    return pg.types.getTypeParser(oid as Parameters<typeof pg.types.getTypeParser>[0], format ?? 'text');
  },
} as const;

/** A PostgreSQL database through one client (see the module comment). */
export class PgDb implements Db {
  readonly dialect: SqlDialect = 'postgres';
  private cursors = 0;

  /** `client`: connected, with {@link PG_TYPES} as its `types` (see `src/ingest/postgres/source.ts` `connect`). */
  constructor(readonly client: pg.Client) {}

  private text(q: Sql | string): string {
    return renderSql(String(q), 'postgres');
  }

  private fail(e: unknown, text: string): never {
    throw new QueryError(`query failed: ${(e as Error).message}`, text, { cause: e });
  }

  async run(q: Sql | string): Promise<void> {
    const text = this.text(q);
    try {
      await this.client.query(text);
    } catch (e) {
      this.fail(e, text);
    }
  }

  async all<T = Record<string, unknown>>(q: Sql | string): Promise<T[]> {
    const text = this.text(q);
    try {
      const r = await this.client.query(text);
      // several statements give one result each: the last one's rows, as DuckDB does
      const last = Array.isArray(r) ? (r[r.length - 1] as pg.QueryResult) : r;
      return last.rows as T[];
    } catch (e) {
      this.fail(e, text);
    }
  }

  async one<T = Record<string, unknown>>(q: Sql | string): Promise<T | undefined> {
    return (await this.all<T>(q))[0];
  }

  async scalar<T = unknown>(q: Sql | string): Promise<T | undefined> {
    const row = await this.one<Record<string, unknown>>(q);
    return row ? (Object.values(row)[0] as T) : undefined;
  }

  /**
   * Stream a query through a server-side cursor, {@link FETCH_ROWS} rows a round trip
   * (inside a transaction, which a cursor needs; temporary tables are unaffected).
   */
  async *batches(q: Sql | string): AsyncGenerator<RowBatch> {
    const text = this.text(q);
    const cursor = `tf_cursor_${++this.cursors}`;
    try {
      await this.client.query('BEGIN');
      await this.client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${text}`);
      for (;;) {
        const r = await this.client.query({ text: `FETCH ${FETCH_ROWS} FROM ${cursor}`, rowMode: 'array' });
        const rows = r.rows as unknown[][];
        if (rows.length === 0) break;
        const columnCount = r.fields.length;
        yield { rowCount: rows.length, columnCount, column: (j) => rows.map((row) => row[j]) };
        if (rows.length < FETCH_ROWS) break;
      }
      await this.client.query('COMMIT');
    } catch (e) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      this.fail(e, text);
    }
  }

  async hasTable(name: string): Promise<boolean> {
    const r = await this.client.query('select count(*) as n from pg_class c where c.relname = $1 and pg_table_is_visible(c.oid)', [name]);
    return Number((r.rows[0] as { n: number }).n) > 0;
  }

  /**
   * Create a temporary table and fill it with COPY (text format). Values: numbers,
   * strings, booleans, null; `columns` are `name TYPE` pairs in the shared SQL.
   */
  async load(name: string, columns: readonly { name: string; type: string }[], rows: Iterable<readonly unknown[]>): Promise<void> {
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    await this.run(`drop table if exists pg_temp.${q(name)}; create temp table ${q(name)} (${columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`);
    const esc = (v: unknown): string => {
      if (v === null || v === undefined) return '\\N';
      if (typeof v === 'number') {
        if (Number.isNaN(v)) return 'NaN';
        if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
        return String(v);
      }
      return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    };
    function* lines(): Generator<string> {
      let buf = '';
      for (const r of rows) {
        buf += Array.from(r, esc).join('\t') + '\n';
        if (buf.length > 1 << 16) {
          yield buf;
          buf = '';
        }
      }
      if (buf) yield buf;
    }
    const text = `COPY ${q(name)} FROM STDIN`;
    try {
      await pipeline(Readable.from(lines()), this.client.query(copyFrom(text)));
    } catch (e) {
      this.fail(e, text);
    }
  }

  /**
   * Cancel this client's running query on the server (Ctrl-C): `pg_cancel_backend` from a
   * second connection with the same parameters (a role may cancel its own sessions).
   */
  async cancel(): Promise<void> {
    const pid = (this.client as unknown as { processID: number | null }).processID;
    if (pid === null) return;
    const side = new pg.Client(clientConfig(this.client));
    try {
      await side.connect();
      await side.query('select pg_cancel_backend($1)', [pid]);
    } finally {
      await side.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** The connection parameters of a client (for the cancel connection). */
function clientConfig(client: pg.Client): pg.ClientConfig {
  const p = (client as unknown as { connectionParameters: { user: string; database: string; port: number; host: string; password?: string | null } }).connectionParameters;
  return { user: p.user, database: p.database, port: p.port, host: p.host, ...(p.password ? { password: p.password } : {}) };
}
