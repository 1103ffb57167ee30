/**
 * The in-memory form of an output table (declared in src/contract): re-exported here for
 * the modules that only write tables.
 */
export type { Cell, OutputTable, Row } from '../contract/index.ts';

import type { Cell } from '../contract/index.ts';

/**
 * Legacy disclosure helper of the survey study (the Revelio measures use the contract's
 * `buildTable`): blank `countCols` and `blankCols` and set `suppressed = true` on rows
 * where a count is below `minCell` (and above zero unless `zeroIsSmall`).
 */
export function suppress(
  rows: Record<string, Cell>[],
  opts: { minCell: number; countCols: string[]; blankCols?: string[]; zeroIsSmall?: boolean },
): Record<string, Cell>[] {
  const { minCell, countCols, blankCols = [] } = opts;
  return rows.map((r) => {
    const small =
      minCell > 0 &&
      countCols.some((c) => {
        const v = r[c];
        if (typeof v !== 'number') return false;
        return v < minCell && (v > 0 || opts.zeroIsSmall === true);
      });
    if (!small) return { ...r, suppressed: false };
    const out: Record<string, Cell> = { ...r, suppressed: true };
    for (const c of [...countCols, ...blankCols]) out[c] = null;
    return out;
  });
}
