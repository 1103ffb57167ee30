/**
 * What the dashboard may serve: the contract's published indicator tables (never
 * `rejects`, which can echo raw input values), with disclosure control re-applied on load
 * by the contract's `enforce`, so a cell counting fewer than `minCell` persons is blank
 * whatever the folder holds.
 */
import { STUDY_TABLES, enforce, schemaOf, type Cell, type OutputTable } from '../contract/index.ts';

/** Indicator tables the dashboard serves: every published table of the study's contract. */
export const SERVED_TABLES: readonly string[] = STUDY_TABLES.filter((s) => s.published !== false).map((s) => s.name);

/**
 * Re-apply disclosure control (see the contract's `enforce`): a flagged row, or one with a
 * published count (or a declared difference of counts) in 1 … minCell − 1, has its counts
 * and values blanked and `suppressed = true`. Idempotent.
 */
export function enforceSuppression(table: OutputTable, minCell: number): OutputTable {
  return enforce(schemaOf(table.name), table, minCell);
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
