/**
 * The new-hire premium (`premium_new_hires.csv`): the premium model of `premium.csv` on the
 * users whose primary position at t started during t, by country and year and pooled over
 * years. The stock premium moves slowly because a position keeps one salary for its whole
 * span; this one is the pay of the year's hires. The start-year effect is constant within
 * a year's sample (and equal to the year effect when pooled), so it is left out.
 */
import { sql, ident } from '../../db/index.ts';
import { PREMIUM_NEW_HIRES, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { NEW_HIRES_TABLE, PREMIUM_FE, buildPremiumSample, fitFamiliesTogether, orderRows, premiumLevels, premiumVcovLabel, takeNewHireSample, yearCell } from './index.ts';

/**
 * `premium_new_hires.csv` from `panel`: the AI premium of each country's new hires by year
 * and pooled (FE(year), clustered by firm and person). Cells with fewer than `min_cell`
 * distinct persons (all, AI or non-AI) are blanked and flagged, as in `premium.csv`.
 */
export async function measurePremiumNewHires(ctx: StudyContext): Promise<OutputTable[]> {
  const { db, options } = ctx;
  const fe = PREMIUM_FE.filter((f) => f !== 'start_year' && (options.premiumControls ?? PREMIUM_FE).includes(f));
  // The premium stage's sample filtered to the year's hires, when it left one for these
  // years (the same rows); else built from the panel.
  const t0 = Date.now();
  const handed = await takeNewHireSample(db, ctx.years, options.weighted);
  const sample = handed?.table ?? (await buildPremiumSample(db, ctx.years, options.weighted, { newHiresOnly: true, target: NEW_HIRES_TABLE }));
  // Its level codes: the premium sample's when handed over, else read once for both families.
  const levels = handed?.levels ?? (await premiumLevels(db, sample));
  ctx.log?.(`premium: new-hire sample ${handed ? 'from the premium stage' : 'built'} in ${Date.now() - t0} ms`);
  try {
    const rows: Record<string, Cell>[] = [];
    const { ssc } = options;
    // Both families in one engine pass: their groups are unions of (country, year) cells, in
    // which the year effect's code is constant.
    const [yearly, pooled] = await fitFamiliesTogether(
      ctx,
      [
        { source: sample, x: 'ai', fe, by: ['country', 'ykey'], levels },
        { source: sample, x: 'ai', fe: [...fe, 'year_fe'], by: ['country'], levels },
      ],
      ['country', 'ykey', 'lv_year_fe'],
    );
    for (const g of yearly!) rows.push({ country: g.keys[0]!, year: yearCell(g.keys[1]), ...g.cells, vcov: premiumVcovLabel(options.vcov, false), ssc });
    for (const g of pooled!) rows.push({ country: g.keys[0]!, year: 'pooled', ...g.cells, vcov: premiumVcovLabel(options.vcov, true), ssc });
    return [buildTable(PREMIUM_NEW_HIRES, orderRows(rows), options.minCell)];
  } finally {
    await db.run(sql`drop table if exists ${ident(NEW_HIRES_TABLE)}`);
  }
}
