/**
 * The regression engine's connection to the application's database: `src/engine` reaches
 * DuckDB only through this adapter (it imports nothing from the rest of `src/`).
 */
import { duckdbConnection, type EngineConnection } from '../engine/index.ts';
import { DuckDb, type Db } from './index.ts';

const cache = new WeakMap<Db, EngineConnection>();

/** The engine's view of a `Db` (one per database, reused). */
export function engineConnection(db: Db): EngineConnection {
  let c = cache.get(db);
  if (!c) {
    if (!(db instanceof DuckDb)) throw new Error(`the regression engine has no connection for a ${db.dialect} database yet`);
    cache.set(db, (c = duckdbConnection(db.conn)));
  }
  return c;
}
