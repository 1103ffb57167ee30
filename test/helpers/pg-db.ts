/**
 * PostgreSQL databases for stage tests: one throwaway cluster per test process
 * (`pg-cluster.ts`), a fresh database per call, and `mirrorTables` to copy tables a DuckDB
 * fixture built (ingest, panel, …) into the PostgreSQL session as TEMP tables, so a stage
 * can run on both engines from the same inputs and its outputs be compared.
 */
import { after } from 'node:test';
import pg from 'pg';
import type { DuckDb } from '../../src/db/index.ts';
import { PgDb, PG_TYPES } from '../../src/db/postgres.ts';
import { pgSkipReason, startCluster, type PgCluster } from './pg-cluster.ts';

let cluster: PgCluster | undefined;
let dbs = 0;

/** Why PostgreSQL tests cannot run here (pass as `skip` of a test), or undefined. */
export const pgSkip: string | undefined = pgSkipReason();

/** The process's cluster (started on first use, stopped after the tests). */
export function pgCluster(): PgCluster {
  if (!cluster) {
    cluster = startCluster();
    after(() => {
      cluster?.stop();
      cluster = undefined;
    });
  }
  return cluster;
}

/**
 * A new empty database and a `PgDb` on it as the superuser (or as `role`, created with
 * LOGIN and TEMP on the database when given). Close it with `await db.close()`.
 */
export async function freshPgDb(opts: { role?: string } = {}): Promise<PgDb> {
  const c = pgCluster();
  const name = `tf_test_${process.pid}_${++dbs}`;
  c.psql(`create database ${name}`);
  let user = c.superuser;
  if (opts.role) {
    c.psql(`do $$ begin if not exists (select 1 from pg_roles where rolname = '${opts.role}') then create role ${opts.role} login; end if; end $$;
      revoke all on database ${name} from public; grant connect, temp on database ${name} to ${opts.role};`);
    user = opts.role;
  }
  const client = new pg.Client({ connectionString: c.url(user, name), types: PG_TYPES });
  await client.connect();
  return new PgDb(client);
}

/** The PostgreSQL type of a DuckDB column type (the types the stages' tables use). */
function pgType(duck: string): string {
  const t = duck.toUpperCase();
  if (t === 'VARCHAR') return 'text collate "C"';
  if (t === 'INTEGER' || t === 'SMALLINT' || t === 'TINYINT') return 'integer';
  if (t === 'BIGINT' || t === 'HUGEINT' || t === 'UBIGINT' || t === 'UINTEGER') return 'bigint';
  if (t === 'DOUBLE' || t === 'FLOAT') return 'double precision';
  if (t === 'DOUBLE[]') return 'double precision[]';
  if (t === 'INTEGER[]') return 'integer[]';
  if (t === 'VARCHAR[]') return 'text[]';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('DECIMAL')) return 'numeric';
  throw new Error(`mirrorTables: no PostgreSQL type for DuckDB ${duck}`);
}

/** A value in COPY's text format. */
function copyValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return `{${v.map((x) => (x === null ? 'NULL' : typeof x === 'string' ? `"${x.replace(/(["\\])/g, '\\$1')}"` : String(x))).join(',')}}`;
  if (typeof v === 'object') return String(v);
  return v;
}

/** Copy DuckDB tables (or views) into the PostgreSQL session as TEMP tables of the same name and column types. */
export async function mirrorTables(duck: DuckDb, pgdb: PgDb, tables: readonly string[]): Promise<void> {
  for (const t of tables) {
    const cols = await duck.all<{ column_name: string; column_type: string }>(`describe "${t.replace(/"/g, '""')}"`);
    const reader = await duck.conn.runAndReadAll(`select * from "${t.replace(/"/g, '""')}"`);
    const rows = reader.getRowsJS().map((r) => r.map(copyValue));
    await pgdb.load(t, cols.map((c) => ({ name: c.column_name, type: pgType(c.column_type) })), rows);
    await pgdb.run(`analyze "${t.replace(/"/g, '""')}"`);
  }
}
