/**
 * composition.csv: who the AI and non-AI users of a country are, by degree, field,
 * industry, role, seniority and (AI group) skill (indicators.md, "Stocks").
 */
import { fill, sqlFile } from '../../db/index.ts';
import { suppress, type Cell, type OutputTable } from '../../output/table.ts';
import type { StudyContext } from '../../study/context.ts';
import { ensurePanel, yearsSql } from '../panel/index.ts';

const QUERY = sqlFile(import.meta.url, 'query.sql');

/** Columns of composition.csv in contract order. */
export const COMPOSITION_COLUMNS = [
  'country', 'year', 'group', 'dimension', 'category', 'persons', 'share', 'persons_weighted', 'share_weighted', 'suppressed',
];

/**
 * Persons and shares (raw and weighted) per category. Disclosure: a category with
 * 1 … minCell−1 persons is blanked (persons, share and their weighted values).
 */
export async function measureComposition(ctx: StudyContext): Promise<OutputTable[]> {
  await ensurePanel(ctx);
  let rows: Record<string, Cell>[];
  try {
    await ctx.db.run(fill(QUERY, { years: yearsSql(ctx.years) }));
    rows = await ctx.db.all<Record<string, Cell>>(
      `select * from tf_comp order by country, year, "group",
         list_position(['degree', 'field', 'industry', 'role', 'seniority', 'skill'], dimension), category`,
    );
  } finally {
    await ctx.db.run('DROP TABLE IF EXISTS tf_comp; DROP TABLE IF EXISTS tf_comp_pan');
  }
  return [
    {
      name: 'composition',
      columns: COMPOSITION_COLUMNS,
      rows: suppress(rows, {
        minCell: ctx.options.minCell,
        countCols: ['persons'],
        blankCols: ['share', 'persons_weighted', 'share_weighted'],
      }),
    },
  ];
}
