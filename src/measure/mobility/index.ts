/**
 * mobility.csv: turnover rate, foreign job-change share and net moves per 10,000 by
 * country, year and group (indicators.md, "Moves and flows").
 */
import { fill, sqlFile } from '../../db/index.ts';
import { suppress, type Cell, type OutputTable } from '../../output/table.ts';
import type { StudyContext } from '../../study/context.ts';
import { buildStockTable, gridSql } from '../panel/index.ts';

const QUERY = sqlFile(import.meta.url, 'query.sql');

/** Columns of mobility.csv in contract order. */
export const MOBILITY_COLUMNS = [
  'country', 'year', 'group', 'turnover_rate', 'foreign_job_change_share', 'net_per_10k', 'suppressed',
];

/** Each rate and the person/move counts that must all reach minCell for it to be published. */
const RATE_COUNTS: [rate: string, counts: string[]][] = [
  ['turnover_rate', ['t_base', 't_movers']],
  ['foreign_job_change_share', ['jc_all', 'jc_foreign']],
  ['net_per_10k', ['n_in', 'n_out', 'hc_all']],
];

/**
 * The three mobility rates. Disclosure is per rate: a rate is blanked when any count it
 * is made of (numerator or denominator) is 1 … minCell−1, and `suppressed` is true when
 * any rate of the row was blanked. A rate with a zero denominator is empty, not suppressed.
 */
export async function measureMobility(ctx: StudyContext): Promise<OutputTable[]> {
  // Stocks at t − 1 that the panel does not hold (the year before the first; gaps in the years).
  const prevYears = ctx.years.map((y) => y - 1).filter((y) => !ctx.years.includes(y));
  await buildStockTable(ctx, 'panel_prev', prevYears);
  let raw: Record<string, Cell>[];
  try {
    raw = await ctx.db.all<Record<string, Cell>>(fill(QUERY, { grid: gridSql(ctx.years) }));
  } finally {
    await ctx.db.run('DROP TABLE IF EXISTS panel_prev');
  }
  const rows = raw.map((r) => {
    let suppressed = false;
    const out: Record<string, Cell> = { country: r.country!, year: r.year!, group: r.group! };
    for (const [rate, counts] of RATE_COUNTS) {
      const [s] = suppress([{ ...r }], { minCell: ctx.options.minCell, countCols: counts, blankCols: [rate] });
      out[rate] = s![rate] ?? null;
      suppressed ||= s!.suppressed === true;
    }
    out.suppressed = suppressed;
    return out;
  });
  return [{ name: 'mobility', columns: MOBILITY_COLUMNS, rows }];
}
