/**
 * abroad.csv and abroad_share.csv: nationals (by origin) working abroad at year-end
 * (indicators.md, "Origin and nationals abroad").
 */
import { fill, sqlFile } from '../../db/index.ts';
import { suppress, type Cell, type OutputTable } from '../../output/table.ts';
import type { StudyContext } from '../../study/context.ts';
import { yearsSql } from '../panel/index.ts';

const ABROAD = sqlFile(import.meta.url, 'query.sql');
const SHARE = sqlFile(import.meta.url, 'share.sql');

/** Columns of abroad.csv in contract order. */
export const ABROAD_COLUMNS = ['origin', 'destination', 'year', 'group', 'persons', 'persons_weighted', 'suppressed'];
/** Columns of abroad_share.csv in contract order. */
export const ABROAD_SHARE_COLUMNS = [
  'origin', 'year', 'group', 'persons', 'persons_abroad', 'share_abroad', 'persons_weighted', 'persons_abroad_weighted',
  'share_abroad_weighted', 'suppressed',
];

/**
 * abroad(o, d, t, group) and share abroad(o, t, group), raw and weighted. Disclosure: an
 * abroad cell below minCell is blanked; a share row is blanked whole (counts, shares and
 * weighted values) when persons or persons_abroad is 1 … minCell−1.
 */
export async function measureAbroad(ctx: StudyContext): Promise<OutputTable[]> {
  const minCell = ctx.options.minCell;
  const abroad = await ctx.db.all<Record<string, Cell>>(ABROAD);
  const share = await ctx.db.all<Record<string, Cell>>(fill(SHARE, { years: yearsSql(ctx.years) }));
  return [
    {
      name: 'abroad',
      columns: ABROAD_COLUMNS,
      rows: suppress(abroad, { minCell, countCols: ['persons'], blankCols: ['persons_weighted'] }),
    },
    {
      name: 'abroad_share',
      columns: ABROAD_SHARE_COLUMNS,
      rows: suppress(share, {
        minCell,
        countCols: ['persons', 'persons_abroad'],
        blankCols: ['share_abroad', 'persons_weighted', 'persons_abroad_weighted', 'share_abroad_weighted'],
      }),
    },
  ];
}
