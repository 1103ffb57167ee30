/**
 * Named errors. Every failure a user can cause has its own class, a message that says
 * what to do, and an exit code (1 data error, 2 usage error). Invariant violations inside
 * the code stay plain `Error`s: they are bugs.
 */
export class TalentflowError extends Error {
  /** Process exit code for the CLI. */
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command-line use: unknown option, invalid value (exit 2). */
export class UsageError extends TalentflowError {
  override readonly exitCode = 2;
}

/** The input data cannot be used at all (exit 1). Row problems are rejects instead. */
export class DataError extends TalentflowError {}

/** A required table of the dataset folder is absent. */
export class MissingTableError extends DataError {}

/** A required column is absent from a table's file. */
export class MissingColumnError extends DataError {}

/** A file exists but cannot be read or parsed. */
export class UnreadableFileError extends DataError {}

/** A query failed; the SQL is attached for debugging. */
export class QueryError extends TalentflowError {
  constructor(message: string, readonly sql: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

// The regression engine's errors are its own: `src/engine/errors.ts`.
