/**
 * PPP conversion of survey compensation with the World Bank factors (PA.NUS.PPP, local
 * currency units per international dollar) shipped in `data/worldbank-ppp`:
 *
 *     salary_ppp = salary_usd × FX(c, y) / PPP(c, y)
 *
 * FX(c, y) is local currency units per USD for the currency of country c (from
 * `data/country-codes`): the rate the publisher itself used, recovered from the file as the
 * median of local amount / USD amount over respondents paid in that currency that year
 * (at least 3), else the FRED annual rate (`data/fx-rates-fred`, 22 currencies); PPP(c, y)
 * is the factor of the latest year up to y. USD countries have FX = 1. A row without FX or
 * PPP keeps no PPP salary (counted as `no_ppp_factor`).
 */
import { fileURLToPath } from 'node:url';
import { ident, sqlFile, fill, literal, type Db } from '../../db/index.ts';
import { raw } from '../../db/sql.ts';

const dataFile = (rel: string) => fileURLToPath(new URL(`../../../data/${rel}`, import.meta.url));

/** Paths of the shipped reference files. */
export const PPP_FILES = {
  ppp: dataFile('worldbank-ppp/ppp-gdp.csv'),
  codes: dataFile('country-codes/country-codes.csv'),
  fred: dataFile('fx-rates-fred/annual.csv'),
};

/** One conversion, as in the SQL: USD → international dollars. */
export function toPpp(salaryUsd: number, lcuPerUsd: number, pppLcuPerIntl: number): number {
  return (salaryUsd * lcuPerUsd) / pppLcuPerIntl;
}

/** Load the reference tables `ppp_factor`, `country_currency`, `fx_fred` into `db`. */
export async function loadPppTables(db: Db): Promise<void> {
  await db.run(
    fill(sqlFile(import.meta.url, 'sql/ppp.sql'), {
      ppp_csv: raw(literal(PPP_FILES.ppp)),
      codes_csv: raw(literal(PPP_FILES.codes)),
      fred_csv: raw(literal(PPP_FILES.fred)),
    }),
  );
}

/**
 * Add `salary_ppp`, `fx_lcu_per_usd`, `fx_source`, `ppp_factor`, `country_currency` to a
 * staging table with columns country (alpha-2), year, salary_usd, currency (ISO 4217 of the
 * reported amount), local_annual. Call `loadPppTables` first.
 */
export async function applyPpp(db: Db, stage: string): Promise<void> {
  await db.run(fill(sqlFile(import.meta.url, 'sql/ppp-apply.sql'), { stage: raw(literal(ident(stage))) }));
}
