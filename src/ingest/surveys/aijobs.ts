/**
 * aijobs.net salaries (CC0) → Revelio-schema dataset folder. One person and one position per
 * row: position country = `company_location`, user country = `employee_residence` (they
 * differ for cross-border employment), salary = `salary_in_usd`, role = `job_title`,
 * seniority from `experience_level`, and the title class of `aijobs-titles.json` as a
 * `TitleClass: <class>` marker skill (the data have no skill field).
 */
import { basename } from 'node:path';
import { Db, sql, ident, join as joinSql } from '../../db/index.ts';
import { prepareCsv, csvColumns, loadCsv } from './read.ts';
import { classifyTitle } from './titles.ts';
import { SurveyCountryMapper } from './parse.ts';
import { MissingCompensationError, MissingSurveyColumnError } from './errors.ts';
import { loadPppTables, applyPpp } from './ppp.ts';
import { writeSurveyFolder } from './write.ts';
import type { SurveySummary } from './stackoverflow.ts';

/** Options of `ingest-survey aijobs`. */
export interface AijobsIngestOptions {
  file: string;
  out: string;
  /** Convert compensation to international dollars with the PPP of the residence country. */
  ppp?: boolean;
  db?: Db;
}

/** Columns the adapter needs. */
export const AIJOBS_REQUIRED = ['work_year', 'job_title', 'employee_residence', 'company_location'] as const;

/** experience_level → seniority: EN entry 1, MI mid 3, SE senior 4, EX executive/director 6. */
export const AIJOBS_SENIORITY: Record<string, number> = { EN: 1, MI: 3, SE: 4, EX: 6 };

/** Ingest one aijobs.net salaries file into a Revelio-schema folder. */
export async function ingestAijobs(opts: AijobsIngestOptions): Promise<SurveySummary> {
  const prepared = await prepareCsv(opts.file);
  const db = opts.db ?? (await Db.open());
  try {
    const fileName = basename(opts.file);
    const columns = await csvColumns(db, prepared.path);
    const set = new Set(columns);
    if (!set.has('salary_in_usd')) throw new MissingCompensationError(opts.file, 'the aijobs.net salaries file', ['salary_in_usd']);
    const missing = AIJOBS_REQUIRED.filter((c) => !set.has(c));
    if (missing.length) {
      throw new MissingSurveyColumnError(`${opts.file}: no ${missing.map((c) => `"${c}"`).join(', ')} column; an aijobs.net salaries file has ${AIJOBS_REQUIRED.join(', ')}, salary_in_usd. Use the published salaries.csv.`);
    }
    const opt = (c: string) => (set.has(c) ? sql`trim(${ident(c)})` : sql`cast(null as varchar)`);
    const rowsRead = await loadCsv(db, prepared.path, 'aj_raw');

    const titles = await db.all<{ t: string }>(sql`select distinct trim(job_title) as t from aj_raw where job_title is not null`);
    await db.run(sql`create or replace temp table aj_title (title varchar, cls varchar)`);
    for (let i = 0; i < titles.length; i += 500) {
      await db.run(sql`insert into aj_title values ${joinSql(titles.slice(i, i + 500).map((r) => sql`(${r.t}, ${classifyTitle(r.t)})`))}`);
    }
    const mapper = new SurveyCountryMapper();
    const codes = await db.all<{ t: string }>(sql`select distinct trim(employee_residence) as t from aj_raw where employee_residence is not null
      union select distinct trim(company_location) from aj_raw where company_location is not null`);
    await db.run(sql`create or replace temp table aj_country (text varchar, code varchar)`);
    if (codes.length) {
      await db.run(sql`insert into aj_country values ${joinSql(codes.map((r) => {
        const o = mapper.map(r.t);
        return sql`(${r.t}, ${'code' in o ? o.code : null})`;
      }))}`);
    }

    await db.run(sql`
      create or replace temp table aj_person as
      select r.rn, 'aijobs-' || lpad(cast(r.rn as varchar), 6, '0') as user_id,
        trim(r.company_location) as company_text, cl.code as country,
        trim(r.employee_residence) as residence_text, er.code as user_country,
        try_cast(trim(r.work_year) as integer) as year,
        trim(r.salary_in_usd) as comp_text,
        case when try_cast(trim(r.salary_in_usd) as double) > 0 then try_cast(trim(r.salary_in_usd) as double) end as salary_usd,
        ${opt('salary_currency')} as currency,
        case when try_cast(${opt('salary')} as double) > 0 then try_cast(${opt('salary')} as double) end as local_annual,
        trim(r.job_title) as role, t.cls as title_class,
        ${opt('experience_level')} as experience_level,
        ${opt('employment_type')} as employment_type,
        ${opt('remote_ratio')} as remote_ratio,
        ${opt('company_size')} as company_size
      from aj_raw r
      left join aj_title t on t.title = trim(r.job_title)
      left join aj_country cl on cl.text = trim(r.company_location)
      left join aj_country er on er.text = trim(r.employee_residence)`);

    await db.run(sql`
      create or replace temp table sv_reject as
      select ${fileName} as file, rn + 1 as line, 'company_location' as "column",
        case when company_text is null then 'missing_country' else 'unknown_country' end as reason, company_text as value
      from aj_person where country is null
      union all
      select ${fileName}, rn + 1, 'employee_residence', case when residence_text is null then 'missing_country' else 'unknown_country' end, residence_text
      from aj_person where user_country is null
      union all
      select ${fileName}, rn + 1, 'work_year', 'bad_year', null from aj_person where year is null
      union all
      select ${fileName}, rn + 1, 'salary_in_usd', 'bad_compensation', comp_text
      from aj_person where comp_text is not null and salary_usd is null`);
    await db.run(sql`delete from aj_person where country is null or user_country is null or year is null`);

    // PPP of the residence country: what the salary buys where the person lives.
    await db.run(sql`create or replace temp table sv_stage as
      select user_id, user_country as country, year, salary_usd, currency, local_annual from aj_person`);
    let pppMeta: Record<string, unknown> = { applied: false };
    if (opts.ppp) {
      await loadPppTables(db);
      await applyPpp(db, 'sv_stage');
      await db.run(sql`insert into sv_reject select ${fileName}, p.rn + 1, 'salary_in_usd', 'no_ppp_factor', p.user_country
        from aj_person p join sv_stage s using (user_id) where s.salary_usd is not null and s.salary_ppp is null`);
      pppMeta = { applied: true, country: 'employee_residence', formula: 'salary = salary_in_usd × FX(residence currency, work_year) / PPP(residence, latest year ≤ work_year)' };
    } else {
      await db.run(sql`alter table sv_stage add column salary_ppp double`);
    }
    const salary = opts.ppp ? sql`s.salary_ppp` : sql`p.salary_usd`;
    await db.run(sql`
      create or replace temp table sv_person as
      select p.user_id, p.country, p.user_country, make_date(p.year, 1, 1) as startdate,
        ${salary} as salary, p.salary_usd, case when ${salary} is null then null else ${opts.ppp ? 'ppp' : 'usd'} end as salary_basis,
        p.role, ${sql`case p.experience_level ${joinSql(Object.entries(AIJOBS_SENIORITY).map(([k, v]) => sql`when ${k} then ${v}`), ' ')} end`} as seniority,
        cast(null as varchar) as industry, cast(null as varchar) as highest_degree,
        p.title_class, p.experience_level, p.employment_type, p.remote_ratio, p.company_size, p.year as work_year,
        p.country <> p.user_country as cross_border
      from aj_person p join sv_stage s using (user_id)`);
    await db.run(sql`create or replace temp table sv_skill as select user_id, 'TitleClass: ' || title_class as skill_raw from sv_person where title_class is not null`);

    const persons = (await db.scalar<number>(sql`select count(*) from sv_person`)) ?? 0;
    const withSalary = (await db.scalar<number>(sql`select count(salary) from sv_person`)) ?? 0;
    const classes = await db.all<{ title_class: string; n: number }>(sql`select title_class, count(*) as n from sv_person group by 1 order by 1`);
    const meta = {
      source: 'aijobs.net salaries (Foorilla LLC)',
      licence: 'CC0 1.0',
      file: fileName,
      member: prepared.member ?? null,
      year: null,
      rows_read: rowsRead,
      persons_written: persons,
      persons_with_salary: withSalary,
      position_country: 'company_location',
      user_country: 'employee_residence',
      startdate: 'work_year-01-01',
      seniority: 'experience_level EN 1, MI 3, SE 4, EX 6',
      skills: 'one "TitleClass: <class>" marker per row from aijobs-titles.json (the data have no skill field)',
      title_classes: Object.fromEntries(classes.map((r) => [r.title_class, r.n])),
      ppp: pppMeta,
      lacks: ['skills', 'education', 'industry', 'firm identifier', 'nationality'],
    };
    const written = await writeSurveyFolder(db, opts.out, {
      positionExtras: ['title_class', 'experience_level', 'employment_type', 'remote_ratio', 'company_size', 'work_year', 'cross_border'],
      userExtras: [],
      meta,
    });
    const rejectsByReason = Object.fromEntries(
      (await db.all<{ reason: string; n: number }>(sql`select reason, count(*) as n from sv_reject group by 1 order by 1`)).map((r) => [r.reason, r.n]),
    );
    return { source: 'aijobs', file: opts.file, year: null, detectedBy: 'columns', rowsRead, personsWritten: persons, withSalary, written, rejectsByReason, meta };
  } finally {
    prepared.cleanup();
    if (!opts.db) db.close();
  }
}
