/**
 * What one SQL engine renders its own way. The engine's queries are written once (the
 * `sql/*.sql` templates and the fragments of `fit.ts`) in the SQL DuckDB and PostgreSQL
 * share; a dialect supplies the rest. A new engine is one more file beside `duckdb.ts`.
 */
export interface Dialect {
  readonly name: string;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A literal (strings quoted and escaped, NULL, booleans, finite numbers). */
  literal(v: string | number | boolean | null): string;
  /** The double-precision type name. */
  readonly double: string;
  /** SQL true when the double expression `e` is finite (NULL when e is NULL). */
  isFinite(e: string): string;
  /** Element `index` (0-based expression) of the DOUBLE[] query parameter `name`. */
  listParam(name: string, index: string): string;
  /**
   * SQL true when `a` and `b` are equal or both NULL, in a form the engine's hash joins
   * can use (the engine joins rows to groups and levels on it, NULL a value like any other).
   */
  notDistinct(a: string, b: string): string;
  /**
   * Default rows per query of the cluster score pass (`FitOptions.scoreBatchRows`); none:
   * one pass. Worth it where a batch's filter on the group id skips the other groups' rows
   * (DuckDB's zone maps over the sample stored by group), not where each batch would scan
   * the whole sample again (PostgreSQL without an index).
   */
  readonly scoreBatchRows?: number;
}

/** Quoting shared by DuckDB and PostgreSQL (standard SQL). */
export function standardLiteral(v: string | number | boolean | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`non-finite number in SQL: ${v}`);
    return Number.isInteger(v) ? String(v) : `(${v.toExponential(16)})`;
  }
  return `'${v.replace(/'/g, "''")}'`;
}

/** A double-quoted identifier. */
export function standardIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
