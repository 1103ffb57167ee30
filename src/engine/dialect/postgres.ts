/**
 * The PostgreSQL rendering of the engine's SQL. The connection (in the application, e.g.
 * src/db/engine.ts) binds each DOUBLE[] parameter `$name` as a positional `float8[]`
 * parameter; everything else is the SQL both engines share.
 */
import { standardIdent, standardLiteral, type Dialect } from './dialect.ts';

export const postgres: Dialect = {
  name: 'postgres',
  ident: standardIdent,
  literal: standardLiteral,
  double: 'DOUBLE PRECISION',
  // NaN = NaN is true in PostgreSQL, so NOT IN excludes it as well as the infinities.
  isFinite: (e) => `(${e} NOT IN ('Infinity'::DOUBLE PRECISION, '-Infinity'::DOUBLE PRECISION, 'NaN'::DOUBLE PRECISION))`,
  // PostgreSQL arrays are 1-based; `$name` becomes a positional parameter when bound.
  listParam: (name, index) => `($${name}::DOUBLE PRECISION[])[(${index}) + 1]`,
  // PostgreSQL hashes no IS NOT DISTINCT FROM (a join on it is a nested loop: rows ×
  // levels); array equality is hashable and takes two NULL elements as equal.
  notDistinct: (a, b) => `ARRAY[${a}] = ARRAY[${b}]`,
};
