/**
 * What the dashboard may serve: the contract's indicator tables only (never `rejects`,
 * which can echo raw input values), with disclosure control re-applied on load so a cell
 * counting fewer than `minCell` persons is blank whatever the folder holds.
 */
import type { Cell, OutputTable } from '../output/table.ts';

/** Indicator tables of the output contract (plus the optional sensitivity table). */
export const SERVED_TABLES = [
  'headcount', 'flows', 'bilateral_flows', 'abroad', 'premium', 'composition', 'premium_by_seniority',
  'abroad_share', 'mobility', 'abroad_gap', 'link', 'sensitivity',
] as const;

/** Person-count columns per table (a value below minCell suppresses the row). */
const COUNT_COLUMNS: Record<string, string[]> = {
  headcount: ['persons'],
  flows: ['inflow', 'outflow'],
  bilateral_flows: ['moves'],
  abroad: ['persons'],
  premium: ['n', 'n_ai'],
  composition: ['persons'],
  premium_by_seniority: ['n', 'n_ai'],
  abroad_share: ['persons', 'persons_abroad'],
  abroad_gap: ['n', 'n_ai'],
};

/** Columns that identify a row and stay visible when it is suppressed. */
const KEY_COLUMNS = new Set([
  'country', 'origin', 'destination', 'year', 'group', 'skill', 'dimension', 'category', 'seniority', 'measure', 'vcov', 'suppressed',
]);

/**
 * Re-apply disclosure control: a row with a count in (0, minCell) gets every non-key
 * column blanked and `suppressed = true`; rows already flagged are blanked the same way.
 * Idempotent; `minCell` 0 only blanks rows already flagged.
 */
export function enforceSuppression(table: OutputTable, minCell: number): OutputTable {
  const counts = COUNT_COLUMNS[table.name] ?? [];
  const rows = table.rows.map((r) => {
    const small = minCell > 0 && counts.some((c) => typeof r[c] === 'number' && (r[c] as number) > 0 && (r[c] as number) < minCell);
    if (!small && r.suppressed !== true) return r;
    const out: Record<string, Cell> = {};
    for (const c of table.columns) out[c] = KEY_COLUMNS.has(c) ? r[c] ?? null : null;
    out.suppressed = true;
    return out;
  });
  return { ...table, rows };
}

/** Row filters of the table API (each applies only to tables that have the column). */
export interface RowFilter {
  country?: string;
  origin?: string;
  destination?: string;
  year?: number | 'pooled';
  group?: 'ai' | 'non_ai';
  skill?: string;
  dimension?: string;
  measure?: string;
}

/** Filter rows; a filter on a column the table lacks is an error reported by the caller. */
export function filterRows(table: OutputTable, f: RowFilter): Record<string, Cell>[] {
  const entries = Object.entries(f).filter(([, v]) => v !== undefined) as [string, Cell][];
  return table.rows.filter((r) => entries.every(([k, v]) => r[k] === v));
}
