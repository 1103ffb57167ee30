/**
 * aijobs.net salaries (CC0) → Revelio-schema dataset folder. One person and one position per
 * row: position country = `company_location`, user country = `employee_residence` (they
 * differ for cross-border employment), salary = `salary_in_usd`, role = `job_title`,
 * seniority from `experience_level`, and the title class of `aijobs-titles.json` as a
 * `TitleClass: <class>` marker skill (the data have no skill field). Exact duplicates (rows
 * equal in every column) are kept and marked: position columns `dup_group` (the record
 * number of the first equal row) and `dup_copy` (1 for the first, 2, 3, … for the copies).
 */
import { basename } from 'node:path';
import { Db, sql, ident, fill, join as joinSql } from '../../db/index.ts';
import { prepareCsv, loadCsv, insertLineRejects } from './read.ts';
import { classifyTitle } from './titles.ts';
import { SurveyCountryMapper } from './parse.ts';
import { MissingCompensationError, MissingSurveyColumnError } from './errors.ts';
import { loadPppTables, applyPpp } from './ppp.ts';
import { writeSurveyFolder } from './write.ts';
import { q, insertRows } from './queries.ts';
import type { SurveySummary } from './stackoverflow.ts';

/** Options of `ingest-survey aijobs`. */
export interface AijobsIngestOptions {
  file: string;
  out: string;
  /** Convert compensation to international dollars with the PPP of the residence country. */
  ppp?: boolean;
  /** WHATWG label of the file's encoding when not UTF-8 (`--encoding`). */
  encoding?: string;
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
    const loaded = await loadCsv(db, prepared.path, 'aj_raw', opts.encoding ? { encoding: opts.encoding } : {});
    const { columns, rowsRead } = loaded;
    const set = new Set(columns);
    if (!set.has('salary_in_usd')) throw new MissingCompensationError(opts.file, 'the aijobs.net salaries file', ['salary_in_usd']);
    const missing = AIJOBS_REQUIRED.filter((c) => !set.has(c));
    if (missing.length) {
      throw new MissingSurveyColumnError(`${opts.file}: no ${missing.map((c) => `"${c}"`).join(', ')} column; an aijobs.net salaries file has ${AIJOBS_REQUIRED.join(', ')}, salary_in_usd. Use the published salaries.csv.`);
    }
    const opt = (c: string) => (set.has(c) ? sql`trim(${ident(c)})` : sql`cast(null as varchar)`);
    await db.run(q('aijobs-duplicates.sql'));
    const dups = await db.one<Record<string, number>>(q('aijobs-duplicate-counts.sql'));

    const titles = await db.all<{ t: string }>(q('aijobs-titles.sql'));
    await db.run(q('aijobs-lookups.sql'));
    for (let i = 0; i < titles.length; i += 500) {
      await db.run(insertRows('aj_title', titles.slice(i, i + 500).map((r) => sql`(${r.t}, ${classifyTitle(r.t)})`)));
    }
    const mapper = new SurveyCountryMapper();
    const codes = await db.all<{ t: string }>(q('aijobs-countries.sql'));
    if (codes.length) {
      await db.run(insertRows('aj_country', codes.map((r) => {
        const o = mapper.map(r.t);
        return sql`(${r.t}, ${'code' in o ? o.code : null})`;
      })));
    }

    await db.run(fill(q('aijobs-person.sql'), {
      salary_currency: opt('salary_currency'), salary: opt('salary'), experience_level: opt('experience_level'),
      employment_type: opt('employment_type'), remote_ratio: opt('remote_ratio'), company_size: opt('company_size'),
    }));
    const file = sql`${fileName}`;
    await db.run(fill(q('aijobs-rejects.sql'), { file }));
    await insertLineRejects(db, fileName, loaded.rejects);

    // PPP of the residence country: what the salary buys where the person lives.
    await db.run(q('aijobs-stage.sql'));
    let pppMeta: Record<string, unknown> = { applied: false };
    if (opts.ppp) {
      await loadPppTables(db);
      await applyPpp(db, 'sv_stage');
      await db.run(fill(q('aijobs-ppp-rejects.sql'), { file }));
      pppMeta = { applied: true, country: 'employee_residence', formula: 'salary = salary_in_usd × FX(residence currency, work_year) / PPP(residence, latest year ≤ work_year)' };
    } else {
      await db.run(q('stage-no-ppp.sql'));
    }
    await db.run(fill(q('aijobs-sv-person.sql'), {
      salary: opts.ppp ? sql`s.salary_ppp` : sql`p.salary_usd`,
      basis: sql`${opts.ppp ? 'ppp' : 'usd'}`,
      seniority: sql`case p.experience_level ${joinSql(Object.entries(AIJOBS_SENIORITY).map(([k, v]) => sql`when ${k} then ${v}`), ' ')} end`,
    }));
    await db.run(q('aijobs-sv-skill.sql'));

    const counts = await db.one<{ persons: number; with_salary: number }>(q('person-counts.sql'));
    const persons = counts?.persons ?? 0;
    const withSalary = counts?.with_salary ?? 0;
    const classes = await db.all<{ title_class: string; n: number }>(q('aijobs-classes.sql'));
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
      exact_duplicates: {
        rule: 'rows equal in every column of the file; position columns dup_group (first record number of the group) and dup_copy (1 = first, 2… = later copies)',
        distinct_rows: Number(dups?.distinct_rows ?? 0),
        copies: Number(dups?.copies ?? 0),
        groups: Number(dups?.groups ?? 0),
        rows_in_groups: Number(dups?.rows_in_groups ?? 0),
        largest_group: Number(dups?.largest_group ?? 0),
      },
      ppp: pppMeta,
      lacks: ['skills', 'education', 'industry', 'firm identifier', 'nationality'],
    };
    const written = await writeSurveyFolder(db, opts.out, {
      positionExtras: ['title_class', 'experience_level', 'employment_type', 'remote_ratio', 'company_size', 'work_year', 'cross_border', 'dup_group', 'dup_copy'],
      userExtras: [],
      meta,
    });
    const rejectsByReason = Object.fromEntries(
      (await db.all<{ reason: string; n: number }>(q('reject-reasons.sql'))).map((r) => [r.reason, r.n]),
    );
    return { source: 'aijobs', file: opts.file, year: null, detectedBy: 'columns', rowsRead, personsWritten: persons, withSalary, written, rejectsByReason, meta };
  } finally {
    prepared.cleanup();
    if (!opts.db) db.close();
  }
}
