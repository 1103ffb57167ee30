/**
 * mobility.csv: turnover rate, foreign job-change share and net moves per 10,000 by
 * country, year and group (docs/methods.md, "Mobility").
 */
import { fill, sql, sqlFile, type Db } from '../../db/index.ts';
import { MOBILITY, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import { UsageError } from '../../errors.ts';
import type { StudyContext } from '../../study/context.ts';
import { buildStockTable, gridSql } from '../panel/index.ts';

const QUERY = sqlFile(import.meta.url, 'query.sql');
const JC = { location: sqlFile(import.meta.url, 'jc-location.sql'), employer: sqlFile(import.meta.url, 'jc-employer.sql') };

/** Key of the manifest's `counts`: job changes left out of the foreign share for an unknown headquarters. */
export const UNKNOWN_HQ = 'mobility.unknown_hq_job_changes';

/** `--foreign-by employer` on data without `company_mapping.hq_country`. */
export class MissingHqCountryError extends UsageError {}

/** Fail unless the data has a company_mapping with an hq_country column (`--foreign-by employer`). */
async function requireHqCountry(db: Db): Promise<void> {
  const companies = (await db.scalar<number>('select count(*) from companies')) ?? 0;
  if (companies === 0)
    throw new MissingHqCountryError(
      '--foreign-by employer needs the column hq_country of company_mapping, but the data has no company_mapping rows; ' +
        'add a company_mapping file with rcid and hq_country, or use --foreign-by location',
    );
  const listed = (await db.scalar<number>(sql`select count(*) from columns_present where tbl = 'companies' and col = 'hq_country'`)) ?? 0;
  const filled = (await db.scalar<number>('select count(hq_country) from companies')) ?? 0;
  if (listed === 0 && filled === 0)
    throw new MissingHqCountryError(
      '--foreign-by employer needs the column hq_country of company_mapping, which the data lacks; ' +
        'add hq_country (the headquarters country of each rcid) to company_mapping, or use --foreign-by location',
    );
}

/**
 * The three mobility rates. Disclosure is per rate: a rate is blanked when any count it
 * is made of (numerator or denominator) is 1 … minCell−1, and `suppressed` is true when
 * any rate of the row was blanked. A rate with a zero denominator is empty, not suppressed.
 * With `--foreign-by employer` a job change is foreign when the new employer's
 * headquarters is in another country; changes to an employer whose headquarters is unknown
 * are left out of the share and counted apart: logged, and in the manifest's `counts`
 * (`mobility.unknown_hq_job_changes`, job changes of the study years).
 */
export async function measureMobility(ctx: StudyContext): Promise<OutputTable[]> {
  const byEmployer = ctx.options.foreignBy === 'employer';
  if (byEmployer) await requireHqCountry(ctx.db);
  // Stocks at t − 1 that the panel does not hold (the year before the first; gaps in the years).
  const prevYears = ctx.years.map((y) => y - 1).filter((y) => !ctx.years.includes(y));
  await buildStockTable(ctx, 'panel_prev', prevYears);
  let raw: Record<string, Cell>[];
  try {
    raw = await ctx.db.all<Record<string, Cell>>(fill(QUERY, { grid: gridSql(ctx.years), jc: JC[ctx.options.foreignBy] }));
  } finally {
    await ctx.db.run('DROP TABLE IF EXISTS panel_prev');
  }
  let unknownHq = 0;
  const rows = raw.map(({ jc_unknown, ...r }) => {
    unknownHq += Number(jc_unknown ?? 0);
    return r;
  });
  if (byEmployer) {
    if (ctx.counts) ctx.counts[UNKNOWN_HQ] = unknownHq;
    ctx.log?.(`mobility: ${unknownHq} job changes to an employer with an unknown headquarters left out of the foreign job-change share`);
  }
  return [buildTable(MOBILITY, rows, ctx.options.minCell)];
}
