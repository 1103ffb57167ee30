/**
 * abroad.csv and abroad_share.csv: nationals (by origin) working abroad at year-end
 * (docs/methods.md, "Nationals abroad").
 */
import { fill, sqlFile } from '../../db/index.ts';
import { ABROAD, ABROAD_SHARE, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { yearsSql } from '../panel/index.ts';
import { attachIntervals, bootstrapIntervals } from '../bootstrap/index.ts';

const ABROAD_SQL = sqlFile(import.meta.url, 'query.sql');
const SHARE = sqlFile(import.meta.url, 'share.sql');
const BOOT = sqlFile(import.meta.url, 'boot.sql');
const SHARE_KEYS = ['origin', 'year', 'group'] as const;

/**
 * abroad(o, d, t, group) and share abroad(o, t, group), raw and weighted, with the
 * bootstrap interval of the weighted share. Disclosure: an
 * abroad cell below minCell is blanked; a share row is blanked whole (counts, shares and
 * weighted values) when persons or persons_abroad is 1 … minCell−1.
 */
export async function measureAbroad(ctx: StudyContext): Promise<OutputTable[]> {
  const minCell = ctx.options.minCell;
  const abroad = await ctx.db.all<Record<string, Cell>>(ABROAD_SQL);
  const share = await ctx.db.all<Record<string, Cell>>(fill(SHARE, { years: yearsSql(ctx.years) }));
  const [iv] = await bootstrapIntervals(ctx, [{ contributions: BOOT, keys: SHARE_KEYS, ratio: true }]);
  attachIntervals(share, iv!, { keys: SHARE_KEYS, low: 'share_abroad_weighted_ci_low', high: 'share_abroad_weighted_ci_high', on: ctx.options.bootstrap > 0 });
  return [
    buildTable(ABROAD, abroad, minCell),
    buildTable(ABROAD_SHARE, share, minCell),
  ];
}
