/** The DuckDB rendering of the engine's SQL. */
import { standardIdent, standardLiteral, type Dialect } from './dialect.ts';

export const duckdb: Dialect = {
  name: 'duckdb',
  ident: standardIdent,
  literal: standardLiteral,
  double: 'DOUBLE',
  isFinite: (e) => `isfinite(${e})`,
  // DuckDB lists are 1-based; named parameters are bound as DOUBLE[] by the connection.
  listParam: (name, index) => `$${name}[${index} + 1]`,
  notDistinct: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
};
