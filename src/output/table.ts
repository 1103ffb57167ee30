/**
 * An output table of the contract: a name (the CSV file stem), its columns in contract
 * order and its rows. Measures return these; the run writes them.
 */
export type Cell = string | number | boolean | null;

export interface OutputTable {
  /** File stem, e.g. `headcount` for `headcount.csv`. */
  name: string;
  columns: string[];
  rows: Record<string, Cell>[];
}

/**
 * Disclosure control: blank `countCols` and `blankCols` and set `suppressed = true` on
 * rows where any person count in `countCols` is below `minCell` (and above zero unless
 * `zeroIsSmall`). `minCell` 0 turns it off; `suppressed` is then false everywhere.
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
