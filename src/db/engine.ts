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
 * The engine's session has nested loops off (set once, when the engine first uses a
 * session, and left so: a study's session has them off from the start, see
 * `STUDY_SETTINGS` in src/ingest/postgres/source.ts): the engine joins rows to its groups,
 * levels and coefficient tables on expressions the planner cannot estimate (the
 * null-safe `Dialect.notDistinct`, `gid · L + code`); a misjudged row count of 1 made it
 * pick nested loops of rows × levels (measured: a two-way cluster pass of 200k rows and
 * 1,500 roles 35 s). With them off it hashes whatever it guesses.
 */
const NO_NESTLOOP = 'SET enable_nestloop = off';

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
 * temporary tables (`PgDb.load`); every temporary table analyzed when made (by `PgDb`).
 */
function pgConnection(db: PgDb): EngineConnection {
  let ready: Promise<void> | undefined;
  const session = () => (ready ??= db.run(NO_NESTLOOP));
  return {
    dialect: postgres,
    async run(sql) {
      await session();
      await db.run(sql); // PgDb.run analyzes every temporary table a statement creates from a query
    },
    async rows(sql, params = {}) {
      await session();
      const { text, values } = positionalParams(renderSql(sql, 'postgres'), params);
      if (!values.length) return await db.all(sql);
      try {
        const r = await db.query({ text, values, types: PG_TYPES });
        return r.rows as Record<string, unknown>[];
      } catch (e) {
        throw new QueryError(`query failed: ${(e as Error).message}`, text, { cause: e });
      }
    },
    async *batches(sql): AsyncGenerator<ColumnBatch> {
      await session();
      yield* db.batches(sql);
    },
    async load(name, columns, rows) {
      await db.load(
        name,
        columns.map((c) => ({ name: c.name, type: c.type === 'DOUBLE' ? 'double precision' : 'integer' })),
        (function* () {
          for (const r of rows) yield Array.from(r);
        })(),
      );
    },
  };
}
