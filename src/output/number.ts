/**
 * How numbers are written: with at most 12 significant digits (the output contract), so
 * that a computation's last-bit noise never reaches a file and two runs on the same input
 * give the same bytes. The CSV writer, the workbook writer and the report round through
 * here; integers are written as they are (counts and years are exact).
 */
import type { OutputTable, Row } from './table.ts';

/** Significant digits of a written number. */
export const SIGNIFICANT_DIGITS = 12;

/** `v` rounded to 12 significant digits (integers and non-finite values unchanged). */
export function roundSig(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  return Number(v.toPrecision(SIGNIFICANT_DIGITS));
}

/** A copy of a table with every number rounded by {@link roundSig}. */
export function roundTable<T extends Pick<OutputTable, 'rows'>>(table: T): T {
  const rows = table.rows.map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'number' ? roundSig(v) : v;
    return out;
  });
  return { ...table, rows };
}
