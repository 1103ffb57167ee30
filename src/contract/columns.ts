/**
 * Builders for column specs, so each table schema reads as a list of its columns.
 */
import type { ColumnSpec, ColumnType, Unit } from './types.ts';

/** A key column. */
export function key(name: string, type: ColumnType, label: string, description?: string): ColumnSpec {
  return { name, type, role: 'key', label, ...(description ? { description } : {}) };
}

/** A person (or move) count, subject to disclosure control. */
export function count(name: string, label: string, unit: Unit = 'persons', description?: string): ColumnSpec {
  return { name, type: 'integer', role: 'count', unit, digits: 0, label, ...(description ? { description } : {}) };
}

/** A published number that is not a person count. */
export function value(name: string, label: string, unit: Unit, digits: number, description?: string): ColumnSpec {
  return { name, type: unit === 'df' ? 'integer' : 'number', role: 'value', unit, digits, label, ...(description ? { description } : {}) };
}

/** A text label of the method behind a row (`vcov`). */
export function label(name: string, labelText: string, description?: string): ColumnSpec {
  return { name, type: 'text', role: 'label', label: labelText, ...(description ? { description } : {}) };
}

/** The `suppressed` flag: true when disclosure control blanked a cell of the row. */
export const SUPPRESSED: ColumnSpec = {
  name: 'suppressed',
  type: 'boolean',
  role: 'flag',
  label: 'Suppressed',
  description: 'true when a cell of the row was withheld by disclosure control',
};

/** Common key columns. */
export const COUNTRY = key('country', 'text', 'Country', 'ISO 3166-1 alpha-2 code');
export const ORIGIN = key('origin', 'text', 'Origin', 'ISO 3166-1 alpha-2 code of the origin (nationality proxy or country left)');
export const DESTINATION = key('destination', 'text', 'Destination', 'ISO 3166-1 alpha-2 code');
export const YEAR = key('year', 'year', 'Year', 'year-end t (31 December), or `pooled`');
export const GROUP = key('group', 'text', 'Group', '`ai` or `non_ai`');

/** An estimate in log points with its standard error and 95% interval (regression tables, the decomposition). */
export const LOG_POINT_ESTIMATE: readonly ColumnSpec[] = [
  value('estimate', 'Estimate (log points)', 'log_points', 4),
  value('se', 'Standard error', 'log_points', 3),
  value('ci_low', '95% CI low (log points)', 'log_points', 4),
  value('ci_high', '95% CI high (log points)', 'log_points', 4),
];

/** The columns of one regression coefficient in log points with its percent transform. */
export const REGRESSION_LOG_POINTS: readonly ColumnSpec[] = [
  ...LOG_POINT_ESTIMATE,
  value('premium_pct', 'AI premium (%)', 'percent', 3, '100·(exp(estimate) − 1)'),
];

/** The 95% interval of a log-point premium on the percent scale, 100·(exp(ci) − 1). */
export const PREMIUM_PCT_CI: readonly ColumnSpec[] = [
  value('premium_pct_ci_low', '95% CI low (%)', 'percent', 3, '100·(exp(ci_low) − 1)'),
  value('premium_pct_ci_high', '95% CI high (%)', 'percent', 3, '100·(exp(ci_high) − 1)'),
];

/** The small-sample correction of a regression's variance (`--ssc`). */
export const SSC = label('ssc', 'Small-sample correction', '`stata` (every fixed-effect dummy counted in K) or `nested` (dummies of effects nested in a cluster left out, as fixest)');

/** The columns of a linear-probability gap in percentage points with its interval. */
export function gapPp(description: string): readonly ColumnSpec[] {
  return [
    value('estimate_pp', 'Gap (pp)', 'percentage_points', 4, description),
    value('se', 'Standard error (pp)', 'percentage_points', 3),
    value('ci_low', '95% CI low (pp)', 'percentage_points', 4),
    value('ci_high', '95% CI high (pp)', 'percentage_points', 4),
  ];
}

/** Why a regression row's estimate is blank when disclosure control did not blank it (empty when it is published or suppressed). */
export const NOTE = label(
  'note',
  'Note',
  'why the estimate is blank: `absorbed_by:<effect>` (the AI dummy lies in the span of that fixed effect: no level of it holds both groups; effects joined by `+`), `collinear`, `saturated` (no residual variation) or `fit_failed`; empty when the estimate is published or withheld by disclosure control (`suppressed`)',
);

/** The degrees of freedom of the t distribution behind a row's interval. */
export const DF = value('df', 'Degrees of freedom', 'df', 0, 'degrees of freedom of the t distribution used for the interval and p-value');
