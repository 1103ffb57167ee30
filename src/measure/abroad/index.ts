/**
 * abroad.csv and abroad_share.csv: nationals (by origin) working abroad at year-end
 * (docs/methods.md, "Nationals abroad").
 */
import { fill, sqlFile } from '../../db/index.ts';
import { ABROAD, ABROAD_SHARE, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { yearsSql } from '../panel/index.ts';

const ABROAD_SQL = sqlFile(import.meta.url, 'query.sql');
const SHARE = sqlFile(import.meta.url, 'share.sql');

/**
 * abroad(o, d, t, group) and share abroad(o, t, group), raw and weighted. Disclosure: an
 * abroad cell below minCell is blanked; a share row is blanked whole (counts, shares and
 * weighted values) when persons or persons_abroad is 1 … minCell−1.
 */
export async function measureAbroad(ctx: StudyContext): Promise<OutputTable[]> {
  const minCell = ctx.options.minCell;
  const abroad = await ctx.db.all<Record<string, Cell>>(ABROAD_SQL);
  const share = await ctx.db.all<Record<string, Cell>>(fill(SHARE, { years: yearsSql(ctx.years) }));
  return [
    buildTable(ABROAD, abroad, minCell),
    buildTable(ABROAD_SHARE, share, minCell),
  ];
}
