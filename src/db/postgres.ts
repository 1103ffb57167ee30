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

/** The client's socket counters (bytes received and sent so far). */
function socketBytes(client: pg.Client): { read: number; written: number } {
  const s = (client as unknown as { connection?: { stream?: { bytesRead?: number; bytesWritten?: number } } }).connection?.stream;
  return { read: s?.bytesRead ?? 0, written: s?.bytesWritten ?? 0 };
}

/**
 * With `TALENTFLOW_PG_TRACE=1`, one line per statement on stderr: milliseconds, rows
 * returned, bytes received and sent, and the statement's first line(s), collapsed.
 */
const TRACE = process.env.TALENTFLOW_PG_TRACE === '1';

/**
 * The statements of a text, split at each `;` outside quotes and comments (empty ones
 * left out), each with its comments.
 */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1); // a doubled quote is two quoted runs side by side
      i = end < 0 ? text.length : end;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === ';') {
      out.push(text.slice(from, i));
      from = i + 1;
    }
  }
  out.push(text.slice(from));
  return out.filter((t) => t.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() !== '');
}

/**
 * Column types a packed batch carries (bool, int2/4/8, float4/8, numeric, text, varchar,
 * char): the array of each parses to the values a row of it gives (see PG_TYPES).
 */
const PACKABLE = new Set([16, 20, 21, 23, 700, 701, 1700, 25, 1043, 1042]);

/**
 * The query `text` as batches of {@link FETCH_ROWS} rows packed into arrays: one row per
 * batch, `array_agg` of each column over a window of the batch's rows in the order of the
 * query's rows (row_number over the query as a subquery, which keeps its ORDER BY); one
 * window, so the rows are sorted once for every column (an `array_agg(… ORDER BY …)` per
 * column sorts them once per column: measured 2.5× slower), and only each batch's first
 * row, which carries the whole window's arrays, is kept. Undefined when a column's type
 * is not {@link PACKABLE} or two columns share a name: the rows are then fetched as they are.
 */
export function packedQuery(text: string, fields: readonly { name: string; dataTypeID: number }[]): string | undefined {
  const names = fields.map((f) => f.name);
  if (!fields.length || new Set(names).size !== names.length || names.includes('tf_n') || !fields.every((f) => PACKABLE.has(f.dataTypeID))) return undefined;
  const col = (n: string) => `"${n.replace(/"/g, '""')}"`;
  return (
    `SELECT ${names.map((_, j) => `tf_a${j}`).join(', ')} FROM (` +
    `SELECT tf_n, ${names.map((n, j) => `array_agg(tf_r.${col(n)}) OVER tf_w AS tf_a${j}`).join(', ')}` +
    ` FROM (SELECT tf_q.*, row_number() OVER () AS tf_n FROM (${text}\n) AS tf_q) AS tf_r` +
    ` WINDOW tf_w AS (PARTITION BY (tf_n - 1) / ${FETCH_ROWS} ORDER BY tf_n ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)` +
    `) AS tf_p WHERE tf_n % ${FETCH_ROWS} = 1 ORDER BY tf_n`
  );
}

/** `create temp table NAME … as …` (a table with rows from a query) at a statement's start, after comments. */
const CREATE_TEMP_AS = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*create\s+temp(?:orary)?\s+table\s+((?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)(?:\.(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*))?)[\s\S]*?\bas\b/i;

/** A PostgreSQL database through one client (see the module comment). */
export class PgDb implements Db {
  readonly dialect: SqlDialect = 'postgres';
  private cursors = 0;

  /** `client`: connected, with {@link PG_TYPES} as its `types` (see `src/ingest/postgres/source.ts` `connect`). */
  constructor(readonly client: pg.Client) {}

  private text(q: Sql | string): string {
    return renderSql(String(q), 'postgres');
  }

  /**
   * `client.query` of a statement (text or config), traced with `TALENTFLOW_PG_TRACE=1`
   * (see {@link TRACE}).
   */
  async query(q: string | pg.QueryConfig | pg.QueryArrayConfig): Promise<pg.QueryResult> {
    if (!TRACE) return this.client.query(q as pg.QueryConfig);
    const b0 = socketBytes(this.client);
    const t0 = performance.now();
    let rows = 0;
    try {
      const r = await this.client.query(q as pg.QueryConfig);
      const results = Array.isArray(r) ? (r as pg.QueryResult[]) : [r];
      rows = results.reduce((n, x) => n + (x.rows?.length ?? 0), 0);
      return r;
    } finally {
      this.trace(t0, b0, rows, typeof q === 'string' ? q : q.text);
    }
  }

  /** One {@link TRACE} line: a statement that started at `t0` with the socket at `b0`. */
  private trace(t0: number, b0: { read: number; written: number }, rows: number, text: string): void {
    const b1 = socketBytes(this.client);
    const head = text.replace(/--[^\n]*\n/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160);
    process.stderr.write(`[pg] ${(performance.now() - t0).toFixed(1)} ms ${rows} rows in ${b1.read - b0.read} B out ${b1.written - b0.written} B | ${head}\n`);
  }

  private fail(e: unknown, text: string): never {
    throw new QueryError(`query failed: ${(e as Error).message}`, text, { cause: e });
  }

  /**
   * Run the statements of `text` one at a time; after each that creates a temporary table
   * from a query, `ANALYZE` it (PostgreSQL's autovacuum never analyzes temporary tables:
   * without statistics the planner takes a table for a few hundred rows, or billions, and
   * picks its joins and memory by that guess). Returns the last statement's rows (as DuckDB
   * does for several statements).
   */
  private async statements(text: string): Promise<pg.QueryResult | undefined> {
    let last: pg.QueryResult | undefined;
    for (const stmt of splitStatements(text)) {
      try {
        last = await this.query(stmt);
      } catch (e) {
        this.fail(e, stmt);
      }
      const created = CREATE_TEMP_AS.exec(stmt)?.[1];
      if (created) await this.query(`ANALYZE ${created}`).catch((e: unknown) => this.fail(e, `ANALYZE ${created}`));
    }
    return last;
  }

  async run(q: Sql | string): Promise<void> {
    await this.statements(this.text(q));
  }

  async all<T = Record<string, unknown>>(q: Sql | string): Promise<T[]> {
    return ((await this.statements(this.text(q)))?.rows ?? []) as T[];
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
   * (inside a transaction, which a cursor needs; temporary tables are unaffected). When
   * every column is of a {@link PACKABLE} type and the names are distinct, the server
   * packs each batch into one row of arrays, one array per column in row order (see
   * {@link packedQuery}): the values cross the wire as array elements, a comma apart,
   * instead of rows with a length word per value (measured: 40–60% fewer bytes for the
   * engine's level and pair sums); they are parsed as a row's values are (PG_TYPES).
   */
  async *batches(q: Sql | string): AsyncGenerator<RowBatch> {
    const rendered = this.text(q);
    // one statement, without its final `;` (it becomes a subquery)
    const parts = splitStatements(rendered);
    const text = parts.length === 1 ? parts[0]! : rendered;
    const cursor = `tf_cursor_${++this.cursors}`;
    try {
      await this.query('BEGIN');
      const shape = await this.query({ text: `SELECT * FROM (${text}\n) AS tf_q LIMIT 0`, rowMode: 'array' });
      const packed = packedQuery(text, shape.fields);
      await this.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${packed ?? text}`);
      for (;;) {
        if (packed) {
          const r = await this.query({ text: `FETCH 1 FROM ${cursor}`, rowMode: 'array' });
          const row = r.rows[0] as unknown[][] | undefined;
          if (!row) break;
          yield { rowCount: row[0]!.length, columnCount: row.length, column: (j) => row[j]! };
          continue;
        }
        const r = await this.query({ text: `FETCH ${FETCH_ROWS} FROM ${cursor}`, rowMode: 'array' });
        const rows = r.rows as unknown[][];
        if (rows.length === 0) break;
        const columnCount = r.fields.length;
        yield { rowCount: rows.length, columnCount, column: (j) => rows.map((row) => row[j]) };
        if (rows.length < FETCH_ROWS) break;
      }
      await this.query('COMMIT');
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
   * Create a temporary table, fill it with COPY and analyze it. Values: numbers, strings,
   * booleans, null; `columns` are `name TYPE` pairs in the shared SQL. A table of integer
   * and double precision columns only (the engine's coefficients) is copied in the binary
   * format when its first {@link COPY_SAMPLE} rows are shorter so (12 bytes a double, the
   * exact value, against about 20 characters of text for most, but 2 for a zero);
   * anything else as text.
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
    // the first rows decide the format (see above); then every row, those first
    const it = rows[Symbol.iterator]();
    const head: (readonly unknown[])[] = [];
    for (let n = it.next(); !n.done; n = head.length < COPY_SAMPLE ? it.next() : { done: true, value: undefined }) head.push(n.value);
    const all = function* (): Generator<readonly unknown[]> {
      yield* head;
      for (let n = it.next(); !n.done; n = it.next()) yield n.value;
    };
    function* lines(): Generator<string> {
      let buf = '';
      for (const r of all()) {
        buf += Array.from(r, esc).join('\t') + '\n';
        if (buf.length > 1 << 16) {
          yield buf;
          buf = '';
        }
      }
      if (buf) yield buf;
    }
    const binary = copyBinary(columns, head, esc);
    const text = `COPY ${q(name)} FROM STDIN${binary ? ' (FORMAT binary)' : ''}`;
    const b0 = socketBytes(this.client);
    const t0 = performance.now();
    try {
      await pipeline(Readable.from(binary ? binaryCopy(binary, all()) : lines()), this.client.query(copyFrom(text)));
    } catch (e) {
      this.fail(e, text);
    }
    if (TRACE) this.trace(t0, b0, 0, text);
    await this.run(`ANALYZE ${q(name)}`);
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

/** Rows of a load that choose its COPY format (see `PgDb.load`). */
const COPY_SAMPLE = 1000;

/** The binary COPY kind of each column when every one is `integer` or `double precision`, else undefined. */
export function binaryKinds(columns: readonly { type: string }[]): ('int4' | 'float8')[] | undefined {
  const kinds = columns.map((c) => {
    const t = c.type.trim().toLowerCase();
    return t === 'integer' || t === 'int4' ? 'int4' : t === 'double precision' || t === 'float8' ? 'float8' : undefined;
  });
  return kinds.length && kinds.every((k) => k !== undefined) ? (kinds as ('int4' | 'float8')[]) : undefined;
}

/**
 * The binary COPY kinds of `columns` when they are all integer or double precision and
 * the binary format of `head` (the first rows) is shorter than its text (`esc`: a
 * value's text); else undefined (text).
 */
export function copyBinary(columns: readonly { type: string }[], head: readonly (readonly unknown[])[], esc: (v: unknown) => string): ('int4' | 'float8')[] | undefined {
  const kinds = binaryKinds(columns);
  if (!kinds) return undefined;
  const textBytes = head.reduce((n, r) => n + Array.from(r, esc).join('\t').length + 1, 0);
  const binaryBytes = head.reduce((n, r) => n + 2 + kinds.reduce((m, k, j) => m + 4 + (r[j] === null || r[j] === undefined ? 0 : k === 'int4' ? 4 : 8), 0), 0);
  return binaryBytes < textBytes ? kinds : undefined;
}

/**
 * Rows as PostgreSQL's binary COPY format (signature, flags, extension length; per row
 * the field count, then each field's byte length, -1 for NULL, and its big-endian value;
 * the trailer -1), in buffers of about 64 KiB.
 * @throws Error on a value that is not a number (or an integer for an int4 column).
 */
export function* binaryCopy(kinds: readonly ('int4' | 'float8')[], rows: Iterable<readonly unknown[]>): Generator<Buffer> {
  const CHUNK = 1 << 16;
  let buf = Buffer.alloc(CHUNK + 2 + 12 * kinds.length);
  buf.write('PGCOPY\n\xff\r\n\0', 0, 'latin1');
  buf.writeInt32BE(0, 11);
  buf.writeInt32BE(0, 15);
  let at = 19;
  const rowBytes = 2 + 12 * kinds.length;
  for (const r of rows) {
    if (at + rowBytes > buf.length) {
      yield buf.subarray(0, at);
      buf = Buffer.alloc(CHUNK + rowBytes);
      at = 0;
    }
    at = buf.writeInt16BE(kinds.length, at);
    kinds.forEach((k, j) => {
      const v = r[j];
      if (v === null || v === undefined) {
        at = buf.writeInt32BE(-1, at);
        return;
      }
      const x = typeof v === 'bigint' ? Number(v) : v;
      if (typeof x !== 'number' || (k === 'int4' && !(Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 31)))
        throw new Error(`binary COPY: ${String(v)} in column ${j + 1} is not ${k === 'int4' ? 'a 32-bit integer' : 'a number'}`);
      if (k === 'int4') {
        at = buf.writeInt32BE(4, at);
        at = buf.writeInt32BE(x, at);
      } else {
        at = buf.writeInt32BE(8, at);
        at = buf.writeDoubleBE(x, at);
      }
    });
  }
  if (at + 2 > buf.length) {
    yield buf.subarray(0, at);
    buf = Buffer.alloc(2);
    at = 0;
  }
  at = buf.writeInt16BE(-1, at);
  yield buf.subarray(0, at);
}

/** The connection parameters of a client (for the cancel connection). */
function clientConfig(client: pg.Client): pg.ClientConfig {
  const p = (client as unknown as { connectionParameters: { user: string; database: string; port: number; host: string; password?: string | null } }).connectionParameters;
  return { user: p.user, database: p.database, port: p.port, host: p.host, ...(p.password ? { password: p.password } : {}) };
}
