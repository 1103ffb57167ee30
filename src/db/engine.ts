/**
 * The regression engine's connection to the application's database: `src/engine` reaches
 * DuckDB and PostgreSQL only through this adapter (it imports nothing from the rest of
 * `src/`, and not the `pg` package).
 */
import { duckdbConnection, postgres, type ColumnBatch, type EngineConnection } from '../engine/index.ts';
import { renderSql } from './dialect.ts';
import { DuckDb, type Db } from './index.ts';
import { PgDb, PG_TYPES } from './postgres.ts';
import { QueryError } from '../errors.ts';

const cache = new WeakMap<Db, EngineConnection>();

/**
 * Every engine statement runs with nested loops off: the engine joins rows to its groups,
 * levels and coefficient tables on expressions the planner cannot estimate (the
 * null-safe `Dialect.notDistinct`, `gid · L + code`); a misjudged row count of 1 made it
 * pick nested loops of rows × levels (measured: a two-way cluster pass of 200k rows and
 * 1,500 roles 35 s). With them off it hashes whatever it guesses.
 */
const NO_NESTLOOP = 'SET enable_nestloop = off';

/** The temporary tables an engine statement creates (the engine quotes every name). */
const TEMP_TABLE = /\bCREATE TEMP TABLE ("(?:[^"]|"")+")/g;

/** The engine's view of a `Db` (one per database, reused). */
export function engineConnection(db: Db): EngineConnection {
  let c = cache.get(db);
  if (!c) {
    if (db instanceof DuckDb) c = duckdbConnection(db.conn);
    else if (db instanceof PgDb) c = pgConnection(db);
    else throw new Error(`the regression engine has no connection for a ${db.dialect} database`);
    cache.set(db, c);
  }
  return c;
}

/**
 * Named DOUBLE[] parameters of an engine query as PostgreSQL's positional ones: each
 * `$name` the text uses (rendered by the dialect's `listParam`) becomes `$1 … $n`, in order
 * of first use, with its values; parameters the text does not use are not bound.
 */
export function positionalParams(text: string, params: Readonly<Record<string, readonly number[]>>): { text: string; values: number[][] } {
  const values: number[][] = [];
  const index = new Map<string, number>();
  const out = text.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    let i = index.get(name);
    if (i === undefined) {
      values.push(Array.from(v));
      index.set(name, (i = values.length));
    }
    return `$${i}`;
  });
  return { text: out, values };
}

/**
 * The engine on a PostgreSQL `PgDb`: statements through the dialect seam (`renderSql`: a
 * source query may be stage SQL), DOUBLE[] parameters bound as positional `float8[]`,
 * results streamed through a cursor (`PgDb.batches`), small tables loaded with COPY into
 * temporary tables (`PgDb.load`).
 */
function pgConnection(db: PgDb): EngineConnection {
  return {
    dialect: postgres,
    async run(sql) {
      // SET is undone with the statement when it fails (one implicit transaction).
      await db.run(`${NO_NESTLOOP};\n${sql}\n;\nRESET enable_nestloop`); // a closing line comment cannot swallow the ;
      // PostgreSQL never analyzes temporary tables by itself: without statistics the
      // planner misjudges the engine's joins (and JIT-compiles tiny queries for seconds).
      const created = [...sql.matchAll(TEMP_TABLE)].map((m) => m[1]!);
      if (created.length) await db.run(created.map((t) => `ANALYZE ${t}`).join('; '));
    },
    async rows(sql, params = {}) {
      const { text, values } = positionalParams(renderSql(sql, 'postgres'), params);
      await db.run(NO_NESTLOOP);
      try {
        if (!values.length) return await db.all(sql);
        const r = await db.client.query({ text, values, types: PG_TYPES });
        return r.rows as Record<string, unknown>[];
      } catch (e) {
        if (e instanceof QueryError) throw e;
        throw new QueryError(`query failed: ${(e as Error).message}`, text, { cause: e });
      } finally {
        await db.run('RESET enable_nestloop');
      }
    },
    async *batches(sql): AsyncGenerator<ColumnBatch> {
      await db.run(NO_NESTLOOP);
      try {
        yield* db.batches(sql);
      } finally {
        await db.run('RESET enable_nestloop');
      }
    },
    async load(name, columns, rows) {
      await db.load(
        name,
        columns.map((c) => ({ name: c.name, type: c.type === 'DOUBLE' ? 'double precision' : 'integer' })),
        (function* () {
          for (const r of rows) yield Array.from(r);
        })(),
      );
      await db.run(`ANALYZE ${postgres.ident(name)}`);
    },
  };
}
