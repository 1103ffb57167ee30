/**
 * What the study asks of the database's catalog, on either engine: a table's columns, whether
 * a name is a view, the study's own tables and views. The catalogs differ (DuckDB's
 * `duckdb_columns()` / `duckdb_tables()` / `duckdb_views()`, PostgreSQL's `pg_class` /
 * `pg_attribute`), so each question has one query per engine here and nowhere else. On
 * PostgreSQL the study writes only TEMP tables and views, so its relations are those of
 * the session's temporary schema; a name is resolved as a query resolves it (the temporary
 * schema first).
 */
import { sql, type Db } from './index.ts';

/** The columns of table `name` in order (empty when there is no such table). */
export async function tableColumns(db: Db, name: string): Promise<string[]> {
  const rows =
    db.dialect === 'duckdb'
      ? await db.all<{ c: string }>(sql`select column_name as c from duckdb_columns() where table_name = ${name} and schema_name = 'main' order by column_index`)
      : await db.all<{ c: string }>(
          sql`select a.attname as c from pg_attribute a where a.attrelid = to_regclass(${`"${name.replace(/"/g, '""')}"`}) and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        );
  return rows.map((r) => r.c);
}

/** Whether `name` is a view. */
export async function isView(db: Db, name: string): Promise<boolean> {
  const n =
    db.dialect === 'duckdb'
      ? await db.scalar<number>(sql`select count(*) from duckdb_views() where view_name = ${name}`)
      : await db.scalar<number>(sql`select count(*) from pg_class where oid = to_regclass(${`"${name.replace(/"/g, '""')}"`}) and relkind = 'v'`);
  return (n ?? 0) > 0;
}

/**
 * The tables and views the study's stages write: DuckDB's persistent ones of the main
 * schema (temporary working tables left out), PostgreSQL's of the session's temporary
 * schema (where the study writes everything).
 */
export async function studyRelations(db: Db): Promise<string[]> {
  const rows =
    db.dialect === 'duckdb'
      ? await db.all<{ name: string }>(
          `select table_name as name from duckdb_tables() where not temporary and schema_name = 'main'
     union all
     select view_name from duckdb_views() where not temporary and not internal and schema_name = 'main'`,
        )
      : await db.all<{ name: string }>(`select relname as name from pg_class where relnamespace = pg_my_temp_schema() and relkind in ('r', 'v', 'p')`);
  return rows.map((r) => r.name);
}
