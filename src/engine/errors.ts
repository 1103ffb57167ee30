/**
 * The engine's named errors. A group of a split that cannot be estimated maps to one of
 * them in the result; a single fit throws it. Bugs stay plain `Error`s.
 */

/** Base class of every failure the data or the caller can cause. */
export class EngineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The regression sample has no rows. */
export class EmptySampleError extends EngineError {}

/** The sample has no more observations than estimated parameters (no residual df). */
export class TooFewObservationsError extends EmptySampleError {}

/** A clustered variance needs at least two clusters. */
export class TooFewClustersError extends EmptySampleError {}

/** The first regressor is collinear with the intercept, the fixed effects or the other x. */
export class SingularDesignError extends EngineError {}

/** A cluster variable is NULL for some observation of the sample. */
export class ClusterNullError extends EngineError {}

/** The spec is malformed (no x, an unknown term, a strategy that does not fit the split). */
export class SpecError extends EngineError {}

/** A variance type or small-sample rule asked of a result whose pieces were not computed at fit time. */
export class VarianceNotKeptError extends EngineError {}

/** A variance type the engine cannot compute for this model (HC3 with fixed effects). */
export class UnsupportedVarianceError extends EngineError {}

/** A query failed; the SQL is attached. */
export class EngineQueryError extends EngineError {
  constructor(message: string, readonly sql: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
