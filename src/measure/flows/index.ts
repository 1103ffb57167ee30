/**
 * flows.csv and bilateral_flows.csv: moves between countries (docs/methods.md, "Job changes, moves and
 * flows"), from the panel's `job_changes` table.
 */
import { fill, sqlFile } from '../../db/index.ts';
import { BILATERAL_FLOWS, FLOWS, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { gridSql, yearsSql } from '../panel/index.ts';
import { attachIntervals, bootstrapIntervals } from '../bootstrap/index.ts';

const BILATERAL = sqlFile(import.meta.url, 'query.sql');
const COUNTRY = sqlFile(import.meta.url, 'country.sql');
const BILATERAL_ROWS = sqlFile(import.meta.url, 'bilateral-rows.sql');
const BOOT = sqlFile(import.meta.url, 'boot.sql');
const FLOW_KEYS = ['country', 'year', 'group'] as const;

/**
 * inflow, outflow and net moves by country, year and group (raw and weighted on the
 * country's side: an inflow by the position taken in the country, an outflow by the
 * position left there), and bilateral moves (only origin–destination pairs with a move),
 * weighted by the origin position and by the destination position.
 * Disclosure: a flows row with an inflow or outflow of 1 … minCell−1 is blanked whole
 * (net would reveal the small count); a bilateral row with moves below minCell likewise.
 */
export async function measureFlows(ctx: StudyContext): Promise<OutputTable[]> {
  const years = yearsSql(ctx.years);
  await ctx.db.run(fill(BILATERAL, { years }));
  try {
    const flows = await ctx.db.all<Record<string, Cell>>(fill(COUNTRY, { grid: gridSql(ctx.years) }));
    // The weighted net flow's bootstrap interval, on the country-side weights (docs/methods.md).
    const [iv] = await bootstrapIntervals(ctx, [{ contributions: fill(BOOT, { years }), keys: FLOW_KEYS }]);
    attachIntervals(flows, iv!, {
      keys: FLOW_KEYS, low: 'net_weighted_ci_low', high: 'net_weighted_ci_high', on: ctx.options.bootstrap > 0,
      zero: (r) => r.inflow === 0 && r.outflow === 0,
    });
    const bilateral = await ctx.db.all<Record<string, Cell>>(BILATERAL_ROWS);
    const minCell = ctx.options.minCell;
    return [
      buildTable(FLOWS, flows, minCell),
      buildTable(BILATERAL_FLOWS, bilateral, minCell),
    ];
  } finally {
    await ctx.db.run('DROP TABLE IF EXISTS tf_bilateral');
  }
}
