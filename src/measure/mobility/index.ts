/**
 * mobility.csv: turnover rate, foreign job-change share and net moves per 10,000 by
 * country, year and group (docs/methods.md, "Mobility").
 */
import { fill, sqlFile } from '../../db/index.ts';
import { MOBILITY, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { buildStockTable, gridSql } from '../panel/index.ts';

const QUERY = sqlFile(import.meta.url, 'query.sql');

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
  return [buildTable(MOBILITY, raw, ctx.options.minCell)];
}
