/**
 * Named errors of the survey adapters. Each names the file and says what to do.
 */
import { DataError, UsageError } from '../../errors.ts';

/** A survey file lacks the compensation column its detected schema year needs. */
export class MissingCompensationError extends DataError {
  constructor(
    readonly file: string,
    /** The schema detected: `2019` for a Stack Overflow year, or a source name. */
    readonly year: number | string,
    readonly lookedFor: readonly string[],
  ) {
    const what = typeof year === 'number' ? `the Stack Overflow survey ${year}` : year;
    super(
      `${file}: no compensation column. The columns look like ${what}, ` +
        `which has its yearly USD compensation in ${lookedFor.map((c) => `"${c}"`).join(' or ')}; none is present. ` +
        `Use the full public file of that source, or a subset that keeps that column.`,
    );
  }
}

/** A survey file's columns match no supported schema year (or several, without --year). */
export class UnknownSurveySchemaError extends DataError {}

/** A required column (other than compensation) is absent. */
export class MissingSurveyColumnError extends DataError {}

/** A compressed or archived file that cannot be opened (bad zip, no CSV inside, unknown extension). */
export class SurveyArchiveError extends DataError {}

/** A value given on the command line that does not fit the file (e.g. `--year 2016`). */
export class SurveyUsageError extends UsageError {}
