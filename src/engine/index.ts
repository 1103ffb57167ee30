/**
 * The regression engine: fixed-effects OLS computed exactly from SQL aggregates, with
 * iid, HC1, HC3 and one- or two-way clustered variances that can be switched after the
 * fit. It imports nothing from the rest of the application; see README.md.
 *
 *   const model = feols({ y: 'wage', x: ['ai'], fe: ['role'], vcov: { cluster: 'firm' } });
 *   const fit = await model.fit(duckdbConnection(conn), { table: 'wages' });
 *   fit.tidy(); fit.vcov('hetero').se();
 */
export { feols, Model, GroupResults } from './model.ts';
export { FitResult, type Variance, type DecompositionRow } from './result.ts';
export type { ModelSpec, VcovType, Ssc, Source, GroupKey, KeyValue, TidyRow } from './spec.ts';
export { vcovName } from './spec.ts';
export { tCdf, tQuantile, tTwoSidedP } from './t-dist.ts';
export {
  sharedRows,
  ownRows,
  onlyGroups,
  allGroups,
  reportTerms,
  allTerms,
  decompose,
  type Decomposition,
  type FitOptions,
  type Encoded,
  type EncodedLevels,
  type RowStrategy,
  type GroupStrategy,
  type TermStrategy,
} from './strategy.ts';
export type { EngineConnection, ColumnBatch, LoadType } from './connection.ts';
export type { Dialect } from './dialect/dialect.ts';
export { duckdb } from './dialect/duckdb.ts';
export { postgres } from './dialect/postgres.ts';
export { duckdbConnection } from './duckdb.ts';
export {
  EngineError,
  EmptySampleError,
  TooFewObservationsError,
  TooFewClustersError,
  SingularDesignError,
  ClusterNullError,
  SpecError,
  VarianceNotKeptError,
  UnsupportedVarianceError,
  EngineQueryError,
} from './errors.ts';
export { fitFamilies, type Family, type FamiliesOptions } from './families.ts';
