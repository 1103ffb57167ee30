/**
 * flows.csv and bilateral_flows.csv: moves between countries (indicators.md, "Moves and
 * flows"), from the panel's `job_changes` table.
 */
import { fill, sqlFile } from '../../db/index.ts';
import { suppress, type Cell, type OutputTable } from '../../output/table.ts';
import type { StudyContext } from '../../study/context.ts';
import { gridSql, yearsSql } from '../panel/index.ts';

const BILATERAL = sqlFile(import.meta.url, 'query.sql');
const COUNTRY = sqlFile(import.meta.url, 'country.sql');

/** Columns of flows.csv in contract order. */
export const FLOWS_COLUMNS = [
  'country', 'year', 'group', 'inflow', 'outflow', 'net', 'inflow_weighted', 'outflow_weighted', 'net_weighted', 'suppressed',
];
/** Columns of bilateral_flows.csv in contract order. */
export const BILATERAL_COLUMNS = ['origin', 'destination', 'year', 'group', 'moves', 'moves_weighted', 'suppressed'];

/**
 * inflow, outflow and net moves by country, year and group (raw and weighted by the
 * destination position), and bilateral moves (only origin–destination pairs with a move).
 * Disclosure: a flows row with an inflow or outflow of 1 … minCell−1 is blanked whole
 * (net would reveal the small count); a bilateral row with moves below minCell likewise.
 */
export async function measureFlows(ctx: StudyContext): Promise<OutputTable[]> {
  const years = yearsSql(ctx.years);
  await ctx.db.run(fill(BILATERAL, { years }));
  try {
    const flows = await ctx.db.all<Record<string, Cell>>(fill(COUNTRY, { grid: gridSql(ctx.years) }));
    const bilateral = await ctx.db.all<Record<string, Cell>>(
      `select origin, destination, year, grp as "group", moves, moves_weighted from tf_bilateral
       order by origin, destination, year, grp`,
    );
    const minCell = ctx.options.minCell;
    return [
      {
        name: 'flows',
        columns: FLOWS_COLUMNS,
        rows: suppress(flows, {
          minCell,
          countCols: ['inflow', 'outflow'],
          blankCols: ['net', 'inflow_weighted', 'outflow_weighted', 'net_weighted'],
        }),
      },
      {
        name: 'bilateral_flows',
        columns: BILATERAL_COLUMNS,
        rows: suppress(bilateral, { minCell, countCols: ['moves'], blankCols: ['moves_weighted'] }),
      },
    ];
  } finally {
    await ctx.db.run('DROP TABLE IF EXISTS tf_bilateral');
  }
}
