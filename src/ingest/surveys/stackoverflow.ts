/**
 * Stack Overflow Developer Survey (2017–2025) → Revelio-schema dataset folder. One person
 * and one current position per respondent (country, yearly USD compensation, experience,
 * education, developer type as role, organisation size, industry, remote work); the
 * technologies of every "worked with" column, plus one `DevType: <type>` marker per
 * developer type the respondent chose, as skills. See docs/real-data.md for the mapping.
 */
import { basename } from 'node:path';
import { Db, sql, ident, sqlFile, fill, join as joinSql, type Sql } from '../../db/index.ts';
import { raw } from '../../db/sql.ts';
import { prepareCsv, csvColumns, loadCsv } from './read.ts';
import { detectSoYear, soColumnMap, type SoColumnMap, type SoYear } from './so-schema.ts';
import { parseYears, seniorityFromYears, degreeFromEdLevel, currencyCode, periodsPerYear, SurveyCountryMapper } from './parse.ts';
import { loadPppTables, applyPpp } from './ppp.ts';
import { writeSurveyFolder, type WrittenCounts } from './write.ts';

/** Options of `ingest-survey stackoverflow`. */
export interface SoIngestOptions {
  file: string;
  out: string;
  /** Force the schema year instead of detecting it. */
  year?: number;
  /** Convert compensation to international dollars (PPP). */
  ppp?: boolean;
  /** Use this engine (tests); a fresh in-memory one otherwise. */
  db?: Db;
}

/** What an ingest did (also written as survey.json). */
export interface SurveySummary {
  source: 'stackoverflow' | 'aijobs';
  file: string;
  year: number | null;
  detectedBy: string;
  rowsRead: number;
  personsWritten: number;
  withSalary: number;
  written: WrittenCounts;
  rejectsByReason: Record<string, number>;
  meta: Record<string, unknown>;
}

/** Prefix of the respondent keys: `so2024-000123`. */
export function soUserId(year: number, responseId: string | number): string {
  return `so${year}-${String(responseId).padStart(6, '0')}`;
}

const col = (c: string | null): Sql => (c ? raw(String(sql`${ident(c)}`)) : raw('cast(null as varchar)'));

async function lookupTable(db: Db, name: string, cols: string, rows: Sql[]): Promise<void> {
  await db.run(sql`create or replace temp table ${ident(name)} (${raw(cols)})`);
  for (let i = 0; i < rows.length; i += 500) {
    await db.run(sql`insert into ${ident(name)} values ${joinSql(rows.slice(i, i + 500))}`);
  }
}

async function distinct(db: Db, column: string): Promise<string[]> {
  const rows = await db.all<{ v: string }>(sql`select distinct ${ident(column)} as v from so_stage where ${ident(column)} is not null`);
  return rows.map((r) => r.v);
}

/** Ingest one Stack Overflow survey file into a Revelio-schema folder. */
export async function ingestStackOverflow(opts: SoIngestOptions): Promise<SurveySummary> {
  const prepared = await prepareCsv(opts.file);
  const db = opts.db ?? (await Db.open());
  try {
    const fileName = basename(opts.file);
    const columns = await csvColumns(db, prepared.path);
    const detected = detectSoYear(opts.file, columns, opts.year);
    const year: SoYear = detected.year;
    const map: SoColumnMap = soColumnMap(opts.file, columns, year);
    const rowsRead = await loadCsv(db, prepared.path, 'so_raw');

    await db.run(
      fill(sqlFile(import.meta.url, 'stackoverflow.sql'), {
        id: col(map.id), country: col(map.country), comp: col(map.comp), years: col(map.years), edlevel: col(map.edLevel),
        devtype: col(map.devType), orgsize: col(map.orgSize), industry: col(map.industry), remote: col(map.remote),
        currency: col(map.currency), complocal: col(map.compLocal), compfreq: col(map.compFreq),
      }),
    );

    // Small lookups computed in TypeScript over distinct answers only.
    const mapper = new SurveyCountryMapper();
    await lookupTable(db, 'so_country', 'text varchar, code varchar, reason varchar',
      (await distinct(db, 'country_text')).map((t) => {
        const o = mapper.map(t);
        return sql`(${t}, ${'code' in o ? o.code : null}, ${'reason' in o ? o.reason : null})`;
      }));
    await lookupTable(db, 'so_years', 'text varchar, years double, seniority integer',
      (await distinct(db, 'years_text')).map((t) => {
        const y = parseYears(t);
        return sql`(${t}, ${y}, ${seniorityFromYears(y)})`;
      }));
    await lookupTable(db, 'so_degree', 'text varchar, degree varchar',
      (await distinct(db, 'edlevel')).map((t) => sql`(${t}, ${degreeFromEdLevel(t)})`));
    await lookupTable(db, 'so_currency', 'text varchar, code varchar',
      (await distinct(db, 'currency_text')).map((t) => sql`(${t}, ${currencyCode(t)})`));
    await lookupTable(db, 'so_freq', 'text varchar, mult double',
      (await distinct(db, 'comp_freq')).map((t) => sql`(${t}, ${periodsPerYear(t)})`));

    const prefix = `so${year}-`;
    const start = `${year}-01-01`;
    await db.run(sql`
      create or replace temp table so_person as
      select s.rn,
        ${prefix} || lpad(coalesce(s.response_id, cast(s.rn as varchar)), 6, '0') as user_id,
        c.code as country, c.reason as country_reason, s.country_text,
        s.comp_text, case when s.comp_usd > 0 then s.comp_usd end as salary_usd,
        y.years as years_exp, y.seniority, d.degree as highest_degree, s.edlevel as ed_level,
        s.role, s.devtype, s.org_size, s.industry, s.remote_work,
        cur.code as currency, s.comp_local * coalesce(f.mult, case when s.comp_freq is null then 1 end) as local_annual,
        cast(${start} as date) as startdate, ${year} as year
      from so_stage s
      left join so_country c on c.text = s.country_text
      left join so_years y on y.text = s.years_text
      left join so_degree d on d.text = s.edlevel
      left join so_currency cur on cur.text = s.currency_text
      left join so_freq f on f.text = s.comp_freq`);

    const countryCol = map.country;
    await db.run(sql`
      create or replace temp table sv_reject as
      select ${fileName} as file, rn + 1 as line, ${countryCol} as "column", coalesce(country_reason, 'missing_country') as reason, country_text as value
      from so_person where country is null
      union all
      select ${fileName}, rn + 1, ${map.comp}, 'bad_compensation', comp_text
      from so_person where country is not null and comp_text is not null and salary_usd is null`);

    let pppMeta: Record<string, unknown> = { applied: false };
    await db.run(sql`create or replace temp table sv_stage as
      select user_id, country, year, salary_usd, currency, local_annual from so_person where country is not null`);
    if (opts.ppp) {
      await loadPppTables(db);
      await applyPpp(db, 'sv_stage');
      await db.run(sql`insert into sv_reject
        select ${fileName}, p.rn + 1, ${map.comp}, 'no_ppp_factor', p.country
        from so_person p join sv_stage s using (user_id) where s.salary_usd is not null and s.salary_ppp is null`);
      const bySource = await db.all<{ fx_source: string; n: number }>(sql`select coalesce(fx_source, 'none') as fx_source, count(*) as n from sv_stage where salary_usd is not null group by 1 order by 1`);
      pppMeta = { applied: true, formula: 'salary = salary_usd × FX(country currency, year) / PPP(country, latest year ≤ survey year)', fx_sources: Object.fromEntries(bySource.map((r) => [r.fx_source, r.n])) };
    } else {
      await db.run(sql`alter table sv_stage add column salary_ppp double`);
    }

    await db.run(sql`
      create or replace temp table sv_person as
      select p.user_id, p.country, p.country as user_country, p.startdate,
        ${opts.ppp ? raw('s.salary_ppp') : raw('p.salary_usd')} as salary, p.salary_usd,
        case when ${opts.ppp ? raw('s.salary_ppp') : raw('p.salary_usd')} is null then null else ${opts.ppp ? 'ppp' : 'usd'} end as salary_basis,
        p.role, p.seniority, p.industry, p.highest_degree,
        p.years_exp, p.org_size, p.remote_work, p.year as survey_year, p.ed_level, p.devtype as dev_types
      from so_person p join sv_stage s using (user_id)`);

    const techSelects = map.tech.map((t) => sql`select user_id, trim(unnest(string_split(${ident(t)}, ';'))) as skill_raw from so_raw_k`);
    await db.run(sql`create or replace temp view so_raw_k as
      select p.user_id, r.* from so_raw r join so_person p on p.rn = r.rn where p.country is not null`);
    const devMarkers = map.devType
      ? sql`select user_id, 'DevType: ' || trim(unnest(string_split(devtype, ';'))) as skill_raw from so_person where country is not null and devtype is not null`
      : null;
    const parts = [...techSelects, ...(devMarkers ? [devMarkers] : [])];
    await db.run(
      parts.length
        ? sql`create or replace temp table sv_skill as select distinct user_id, skill_raw from (${joinSql(parts, ' union all ')}) where skill_raw <> '' and skill_raw <> 'NA'`
        : sql`create or replace temp table sv_skill (user_id varchar, skill_raw varchar)`,
    );

    const withSalary = (await db.scalar<number>(sql`select count(salary) from sv_person`)) ?? 0;
    const persons = (await db.scalar<number>(sql`select count(*) from sv_person`)) ?? 0;
    const meta = {
      source: 'Stack Overflow Developer Survey',
      licence: 'ODbL 1.0 (database) / DbCL 1.0 (contents); attribute Stack Overflow',
      file: fileName,
      member: prepared.member ?? null,
      year,
      detected_by: detected.by,
      evidence: detected.evidence,
      columns: map,
      experience_column: map.years,
      rows_read: rowsRead,
      persons_written: persons,
      persons_with_salary: withSalary,
      startdate: `${start} (survey year; the survey has no job start date)`,
      seniority: 'experience band: <2y 1, 2–5 2, 5–10 3, 10–15 4, 15–20 5, 20+ 6',
      skills: 'each item of the "worked with" columns, plus "DevType: <type>" for each developer type chosen',
      ppp: pppMeta,
      lacks: lacking(map),
    };
    const written = await writeSurveyFolder(db, opts.out, {
      positionExtras: ['years_exp', 'org_size', 'remote_work', 'survey_year', 'dev_types'],
      userExtras: ['ed_level'],
      meta,
    });
    const rejectsByReason = Object.fromEntries(
      (await db.all<{ reason: string; n: number }>(sql`select reason, count(*) as n from sv_reject group by 1 order by 1`)).map((r) => [r.reason, r.n]),
    );
    return { source: 'stackoverflow', file: opts.file, year, detectedBy: detected.by, rowsRead, personsWritten: persons, withSalary, written, rejectsByReason, meta };
  } finally {
    prepared.cleanup();
    if (!opts.db) db.close();
  }
}

/** Fields the file's year (or the file itself) does not have, for survey.json and the CLI. */
function lacking(map: SoColumnMap): string[] {
  const out: string[] = [];
  if (!map.years) out.push('professional experience');
  if (!map.edLevel) out.push('education');
  if (!map.devType) out.push('developer type');
  if (!map.orgSize) out.push('organisation size');
  if (!map.industry) out.push('industry');
  if (!map.remote) out.push('remote work');
  if (!map.tech.length) out.push('technologies worked with');
  if (!map.currency || !map.compLocal) out.push('local-currency compensation (PPP uses FRED rates only)');
  return out;
}
