/**
 * The survey adapters' static SQL: the `.sql` files of `sql/` beside this module, plus the
 * one statement they build from rows (a batch insert into a lookup table).
 */
import { sqlFile, fill, sql, ident, join, type Sql } from '../../db/index.ts';

/** The text of `sql/<name>` (a trusted project file; fill its `{{placeholders}}` with `fill`). */
export function q(name: string): Sql {
  return sqlFile(import.meta.url, `sql/${name}`);
}

/** `insert into <table> values <rows>`: each row a `sql\`(…)\`` fragment with escaped values. */
export function insertRows(table: string, rows: Sql[]): Sql {
  return fill(q('lookup-insert.sql'), { table: sql`${ident(table)}`, rows: join(rows) });
}
