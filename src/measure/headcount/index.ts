/**
 * headcount.csv: AI and non-AI users by country and year-end (docs/methods.md, "Stocks").
 */
import { fill, sqlFile } from '../../db/index.ts';
import { buildTable, HEADCOUNT, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { gridSql } from '../panel/index.ts';

const QUERY = sqlFile(import.meta.url, 'query.sql');

/**
 * headcount(c, t, group) raw and weighted. A cell with 1 ≤ persons < minCell is blanked
 * (persons and persons_weighted) and flagged `suppressed`; zero cells are published.
 */
export async function measureHeadcount(ctx: StudyContext): Promise<OutputTable[]> {
  const rows = await ctx.db.all<Record<string, Cell>>(fill(QUERY, { grid: gridSql(ctx.years) }));
  return [buildTable(HEADCOUNT, rows, ctx.options.minCell)];
}
