/**
 * headcount.csv: AI and non-AI users by country and year-end (docs/methods.md, "Stocks"),
 * with the bootstrap interval of the weighted count, and ranks.csv: the countries' ranks
 * by weighted headcount with their bootstrap ranges.
 */
import { fill, sqlFile } from '../../db/index.ts';
import { buildTable, HEADCOUNT, RANKS, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { gridSql } from '../panel/index.ts';
import { attachIntervals, bootstrapIntervals } from '../bootstrap/index.ts';
import { rankRows } from '../bootstrap/ranks.ts';

const QUERY = sqlFile(import.meta.url, 'query.sql');
const BOOT = sqlFile(import.meta.url, 'boot.sql');
const KEYS = ['country', 'year', 'group'] as const;

/**
 * headcount(c, t, group) raw and weighted, the weighted count's 95% bootstrap interval,
 * and the ranks of the published weighted counts. A cell with 1 ≤ persons < minCell is
 * blanked (persons, persons_weighted and its interval) and flagged `suppressed`; zero
 * cells are published.
 */
export async function measureHeadcount(ctx: StudyContext): Promise<OutputTable[]> {
  const rows = await ctx.db.all<Record<string, Cell>>(fill(QUERY, { grid: gridSql(ctx.years) }));
  const [iv] = await bootstrapIntervals(ctx, [{ contributions: BOOT, keys: KEYS, replicates: true }]);
  attachIntervals(rows, iv!, {
    keys: KEYS, low: 'persons_weighted_ci_low', high: 'persons_weighted_ci_high', on: ctx.options.bootstrap > 0, zero: (r) => r.persons === 0,
  });
  const headcount = buildTable(HEADCOUNT, rows, ctx.options.minCell);
  const ranks = rankRows(headcount.rows, iv!, { measure: 'persons_weighted', value: 'persons_weighted', keys: KEYS });
  return [headcount, buildTable(RANKS, ranks, ctx.options.minCell)];
}
