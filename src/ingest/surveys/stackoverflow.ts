/**
 * Stack Overflow Developer Survey (2017–2025) → Revelio-schema dataset folder. One person
 * and one current position per respondent (country, yearly USD compensation, experience,
 * education, developer type as role, organisation size, industry, remote work); the
 * technologies of every "worked with" column, plus one `DevType: <type>` marker per
 * developer type the respondent chose, as skills. See docs/real-data.md for the mapping.
 */
import { basename } from 'node:path';
import { Db, sql, ident, fill, join as joinSql, type Sql } from '../../db/index.ts';
import { prepareCsv, loadCsv, insertLineRejects } from './read.ts';
import { detectSoYear, soColumnMap, type SoColumnMap, type SoYear } from './so-schema.ts';
import { parseYears, seniorityFromYears, degreeFromEdLevel, currencyCode, periodsPerYear, SurveyCountryMapper } from './parse.ts';
import { loadPppTables, applyPpp } from './ppp.ts';
import { writeSurveyFolder, type WrittenCounts } from './write.ts';
import { q, insertRows } from './queries.ts';

/** Options of `ingest-survey stackoverflow`. */
export interface SoIngestOptions {
  file: string;
  out: string;
  /** Force the schema year instead of detecting it. */
  year?: number;
  /** Convert compensation to international dollars (PPP). */
  ppp?: boolean;
  /** WHATWG label of the file's encoding when not UTF-8 (`--encoding`). */
  encoding?: string;
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

const col = (c: string | null): Sql => (c ? sql`${ident(c)}` : sql`cast(null as varchar)`);

async function fillLookup(db: Db, name: string, rows: Sql[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.run(insertRows(name, rows.slice(i, i + 500)));
}

async function distinct(db: Db, column: string): Promise<string[]> {
  const rows = await db.all<{ v: string }>(fill(q('so-distinct.sql'), { column: sql`${ident(column)}` }));
  return rows.map((r) => r.v);
}

/** Ingest one Stack Overflow survey file into a Revelio-schema folder. */
export async function ingestStackOverflow(opts: SoIngestOptions): Promise<SurveySummary> {
  const prepared = await prepareCsv(opts.file);
  const db = opts.db ?? (await Db.open());
  try {
    const fileName = basename(opts.file);
    const loaded = await loadCsv(db, prepared.path, 'so_raw', opts.encoding ? { encoding: opts.encoding } : {});
    const { columns, rowsRead } = loaded;
    const detected = detectSoYear(opts.file, columns, opts.year);
    const year: SoYear = detected.year;
    const map: SoColumnMap = soColumnMap(opts.file, columns, year);

    await db.run(
      fill(q('so-stage-raw.sql'), {
        id: col(map.id), country: col(map.country), comp: col(map.comp), years: col(map.years), edlevel: col(map.edLevel),
        devtype: col(map.devType), orgsize: col(map.orgSize), industry: col(map.industry), remote: col(map.remote),
        currency: col(map.currency), complocal: col(map.compLocal), compfreq: col(map.compFreq),
      }),
    );

    // Small lookups computed in TypeScript over distinct answers only.
    const mapper = new SurveyCountryMapper();
    await db.run(q('so-lookups.sql'));
    await fillLookup(db, 'so_country',
      (await distinct(db, 'country_text')).map((t) => {
        const o = mapper.map(t);
        return sql`(${t}, ${'code' in o ? o.code : null}, ${'reason' in o ? o.reason : null})`;
      }));
    await fillLookup(db, 'so_years',
      (await distinct(db, 'years_text')).map((t) => {
        const y = parseYears(t);
        return sql`(${t}, ${y}, ${seniorityFromYears(y)})`;
      }));
    await fillLookup(db, 'so_degree',
      (await distinct(db, 'edlevel')).map((t) => sql`(${t}, ${degreeFromEdLevel(t)})`));
    await fillLookup(db, 'so_currency',
      (await distinct(db, 'currency_text')).map((t) => sql`(${t}, ${currencyCode(t)})`));
    await fillLookup(db, 'so_freq',
      (await distinct(db, 'comp_freq')).map((t) => sql`(${t}, ${periodsPerYear(t)})`));

    const prefix = `so${year}-`;
    const start = `${year}-01-01`;
    await db.run(fill(q('so-person.sql'), { prefix: sql`${prefix}`, start: sql`${start}`, year: sql`${year}` }));

    const file = sql`${fileName}`;
    const compColumn = sql`${map.comp}`;
    await db.run(fill(q('so-rejects.sql'), { file, country_column: sql`${map.country}`, comp_column: compColumn }));
    await insertLineRejects(db, fileName, loaded.rejects);

    let pppMeta: Record<string, unknown> = { applied: false };
    await db.run(q('so-stage.sql'));
    if (opts.ppp) {
      await loadPppTables(db);
      await applyPpp(db, 'sv_stage');
      await db.run(fill(q('so-ppp-rejects.sql'), { file, comp_column: compColumn }));
      const bySource = await db.all<{ fx_source: string; n: number }>(q('so-fx-sources.sql'));
      pppMeta = { applied: true, formula: 'salary = salary_usd × FX(country currency, year) / PPP(country, latest year ≤ survey year)', fx_sources: Object.fromEntries(bySource.map((r) => [r.fx_source, r.n])) };
    } else {
      await db.run(q('stage-no-ppp.sql'));
    }

    await db.run(fill(q('so-sv-person.sql'), {
      salary: opts.ppp ? sql`s.salary_ppp` : sql`p.salary_usd`,
      basis: sql`${opts.ppp ? 'ppp' : 'usd'}`,
    }));

    const techSelects = map.tech.map((t) => fill(q('so-skill-tech.sql'), { column: sql`${ident(t)}` }));
    await db.run(q('so-raw-kept.sql'));
    const parts = [...techSelects, ...(map.devType ? [q('so-skill-devtype.sql')] : [])];
    await db.run(parts.length ? fill(q('so-sv-skill.sql'), { parts: joinSql(parts, ' union all ') }) : q('sv-skill-empty.sql'));

    const counts = await db.one<{ persons: number; with_salary: number }>(q('person-counts.sql'));
    const withSalary = counts?.with_salary ?? 0;
    const persons = counts?.persons ?? 0;
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
      (await db.all<{ reason: string; n: number }>(q('reject-reasons.sql'))).map((r) => [r.reason, r.n]),
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
