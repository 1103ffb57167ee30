/**
 * flows.csv and bilateral_flows.csv: moves between countries (indicators.md, "Moves and
 * flows"), and the shared `job_changes` table that mobility also reads.
 */
import { fill, sqlFile } from '../../db/index.ts';
import { BILATERAL_FLOWS, FLOWS, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { gridSql, yearsSql } from '../panel/index.ts';

const JOB_CHANGES = sqlFile(import.meta.url, 'job-changes.sql');
const BILATERAL = sqlFile(import.meta.url, 'query.sql');
const COUNTRY = sqlFile(import.meta.url, 'country.sql');
const BILATERAL_ROWS = sqlFile(import.meta.url, 'bilateral-rows.sql');

/**
 * Build `job_changes(uid, year, from_country, to_country, weight)` unless it exists
 * (`buildPanel` drops it, so each run rebuilds it once).
 */
export async function ensureJobChanges(ctx: StudyContext): Promise<void> {
  if (!(await ctx.db.hasTable('job_changes'))) await ctx.db.run(JOB_CHANGES);
}

/**
 * inflow, outflow and net moves by country, year and group (raw and weighted by the
 * destination position), and bilateral moves (only origin–destination pairs with a move).
 * Disclosure: a flows row with an inflow or outflow of 1 … minCell−1 is blanked whole
 * (net would reveal the small count); a bilateral row with moves below minCell likewise.
 */
export async function measureFlows(ctx: StudyContext): Promise<OutputTable[]> {
  await ensureJobChanges(ctx);
  const years = yearsSql(ctx.years);
  await ctx.db.run(fill(BILATERAL, { years }));
  try {
    const flows = await ctx.db.all<Record<string, Cell>>(fill(COUNTRY, { grid: gridSql(ctx.years) }));
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
