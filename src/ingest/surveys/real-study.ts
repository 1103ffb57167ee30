/**
 * The real-data study (`talentflow demo-real`): ingests the shipped Stack Overflow 2024 and
 * 2025 survey files and the aijobs.net salaries with the adapters, then estimates in an
 * in-memory DuckDB (directly from the adapters' output, not through `talentflow run`):
 *
 * - the AI premium by country, Stack Overflow 2024 (and the 2025 sample):
 *   ln(salary_usd) = β·AI + b1·exp + b2·exp² + b3·1[exp missing] + FE(education) + FE(role)
 *   + FE(org size) + FE(remote work), HC1 errors (surveys have no firm ids), by country;
 *   compensation trimmed at each country's 1st and 99th percentiles; a country is
 *   suppressed when it has fewer than `minAi` AI or non-AI respondents;
 * - aijobs.net: the cross-border employment share (residence ≠ employer country) by title
 *   class, the AI − data gap in it, and the AI-title premium within data jobs.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Db, sql, join as joinSql } from '../../db/index.ts';
import { feols, type FitResult } from '../../engine/index.ts';
import { engineConnection } from '../../db/engine.ts';
import { loadTaxonomy, matchSkill } from '../../taxonomy/match.ts';
import { toCsv, writeFileAtomic } from '../../output/csv.ts';
import { suppress, type Cell, type OutputTable } from '../../output/table.ts';
import { ingestStackOverflow, type SurveySummary } from './stackoverflow.ts';
import { ingestAijobs } from './aijobs.ts';

const DATA = fileURLToPath(new URL('../../../data/', import.meta.url));

/** The shipped survey files the study reads (under `data/`). */
export const SHIPPED = {
  so2024: join(DATA, 'so-survey-2024-subset/survey_data_updated.csv.bz2'),
  so2025: join(DATA, 'so-survey-2025-sample/survey_results_public.csv.gz'),
  aijobs: join(DATA, 'aijobs-salaries/salaries_2025-08.csv.gz'),
};

/** Options of the study. */
export interface RealStudyOptions {
  outDir: string;
  /** Minimum AI (and non-AI) respondents for a country's premium to be shown (default 30). */
  minAi?: number;
  /** Override the input files (tests). */
  files?: Partial<typeof SHIPPED>;
}

/** The tables written, by file stem. */
export interface RealStudyResult {
  tables: OutputTable[];
  ingests: SurveySummary[];
  outDir: string;
}

const PREMIUM_COLUMNS = ['country', 'year', 'definition', 'controls', 'estimate', 'se', 'ci_low', 'ci_high', 'premium_pct', 'premium_ci_low', 'premium_ci_high', 'n', 'n_ai', 'median_salary_ppp_ai', 'median_salary_ppp_non_ai', 'vcov', 'suppressed'];
const pct = (b: number) => 100 * (Math.exp(b) - 1);

/** Run the study and write its CSVs to `outDir` (the ingested folders go to `outDir/datasets/`). */
export async function runRealStudy(opts: RealStudyOptions): Promise<RealStudyResult> {
  const files = { ...SHIPPED, ...opts.files };
  const minAi = opts.minAi ?? 30;
  // The ingested per-respondent folders are inputs, not outputs: they go to a temporary
  // folder removed at the end, so the output folder holds aggregates only.
  const work = mkdtempSync(join(tmpdir(), 'talentflow-real-'));
  const ds = (n: string) => join(work, n);
  const ingests = [
    await ingestStackOverflow({ file: files.so2024, out: ds('so2024'), ppp: true }),
    await ingestStackOverflow({ file: files.so2025, out: ds('so2025'), ppp: true }),
    await ingestAijobs({ file: files.aijobs, out: ds('aijobs') }),
  ];
  const db = await Db.open();
  try {
    const tables: OutputTable[] = [];
    const tax = loadTaxonomy('so-ml');
    for (const [name, year, defs] of [
      ['so2024', 2024, [['ml_framework_or_ai_devtype', ['ML framework', 'AI/ML developer type']], ['ml_framework', ['ML framework']]]],
      ['so2025', 2025, [['ai_devtype', ['AI/ML developer type']], ['llm_use', ['LLM used (2025)']]]],
    ] as const) {
      await loadSurvey(db, ds(name), tax);
      const rows: Record<string, Cell>[] = [];
      for (const [def, subfields] of defs) {
        for (const controls of ['full', 'no_role'] as const) {
          rows.push(...(await premiumByCountry(db, year, def, [...subfields], controls, minAi)));
        }
      }
      tables.push({ name: `real_premium_so${year}`, columns: PREMIUM_COLUMNS, rows });
    }
    await db.run(sql`create or replace table aj as
      select country, cast(work_year as varchar) as work_year, title_class, experience_level, employment_type,
        cast(remote_ratio as varchar) as remote_ratio, company_size, salary_usd, cast(cross_border as boolean) as cross_border
      from read_csv(${join(ds('aijobs'), 'individual_positions.csv')}, header = true, all_varchar = false)`);
    tables.push(await aijobsCrossBorder(db, minAi));
    tables.push(await aijobsPremium(db, minAi));
    const published = JSON.parse(readFileSync(new URL('./published-premiums.json', import.meta.url), 'utf8')) as { premiums: Record<string, Cell>[] };
    tables.push({ name: 'published_premiums', columns: ['source', 'scope', 'premium_pct', 'note'], rows: published.premiums });
    for (const t of tables) writeFileAtomic(join(opts.outDir, `${t.name}.csv`), toCsv(t));
    writeFileAtomic(
      join(opts.outDir, 'real_study.json'),
      JSON.stringify({ minAi, inputs: ingests.map((i) => ({ file: i.file, year: i.year, rows: i.rowsRead, persons: i.personsWritten, with_salary: i.withSalary, rejects: i.rejectsByReason })) }, null, 2) + '\n',
    );
    return { tables, ingests, outDir: opts.outDir };
  } finally {
    db.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Load one ingested survey folder into `sv` (one row per respondent) with its so-ml subfields. */
async function loadSurvey(db: Db, dir: string, tax: ReturnType<typeof loadTaxonomy>): Promise<void> {
  const csv = (f: string) => join(dir, f);
  await db.run(sql`create or replace table sv_skills as select user_id, skill_raw from read_csv(${csv('individual_user_skills.csv')}, header = true, all_varchar = true)`);
  const distinct = await db.all<{ s: string }>(sql`select distinct skill_raw as s from sv_skills where skill_raw is not null`);
  const hits = distinct.map((r) => ({ s: r.s, m: matchSkill(tax, r.s) })).filter((h) => h.m);
  await db.run(sql`create or replace table sv_match (skill_raw varchar, subfield varchar)`);
  if (hits.length) await db.run(sql`insert into sv_match values ${joinSql(hits.map((h) => sql`(${h.s}, ${h.m!.subfield})`))}`);
  await db.run(sql`create or replace table sv_sub as select distinct s.user_id, m.subfield from sv_skills s join sv_match m using (skill_raw)`);
  await db.run(sql`create or replace table sv as
    select p.user_id, p.country, try_cast(p.salary_usd as double) as salary_usd, try_cast(p.salary as double) as salary_ppp,
      try_cast(p.years_exp as double) as exp_raw, coalesce(p.role_k50, 'unknown') as role,
      coalesce(u.highest_degree, 'unknown') as degree, coalesce(p.org_size, 'unknown') as org_size,
      coalesce(p.remote_work, 'unknown') as remote_work
    from read_csv(${csv('individual_positions.csv')}, header = true, all_varchar = true) p
    left join read_csv(${csv('individual_user.csv')}, header = true, all_varchar = true) u using (user_id)`);
}

async function premiumByCountry(
  db: Db, year: number, definition: string, subfields: string[], controls: 'full' | 'no_role', minAi: number,
): Promise<Record<string, Cell>[]> {
  await db.run(sql`create or replace table prem_sample as
    with s as (
      select sv.*, exists (select 1 from sv_sub x where x.user_id = sv.user_id and x.subfield in (${subfields})) as is_ai,
        quantile_cont(salary_usd, 0.01) over (partition by country) as lo,
        quantile_cont(salary_usd, 0.99) over (partition by country) as hi
      from sv where salary_usd > 0 and country is not null
    )
    select country, is_ai, cast(is_ai as double) as ai, ln(salary_usd) as y, salary_ppp,
      coalesce(exp_raw, 0) as exp, coalesce(exp_raw, 0) ^ 2 as exp2, cast(exp_raw is null as double) as exp_missing,
      role, degree, org_size, remote_work
    from s where salary_usd between lo and hi`);
  const counts = await db.all<{ country: string; n: number; n_ai: number; med_ai: number | null; med_non: number | null }>(sql`
    select country, count(*) as n, count(*) filter (where is_ai) as n_ai,
      median(salary_ppp) filter (where is_ai) as med_ai, median(salary_ppp) filter (where not is_ai) as med_non
    from prem_sample group by country order by n desc, country`);
  const eligible = counts.filter((c) => c.n_ai >= minAi && c.n - c.n_ai >= minAi).map((c) => c.country);
  const fe = controls === 'full' ? ['degree', 'role', 'org_size', 'remote_work'] : ['degree', 'org_size', 'remote_work'];
  const fits = eligible.length
    ? await feols({ y: 'y', x: ['ai', 'exp', 'exp2', 'exp_missing'], fe, vcov: 'hetero' })
        .fitBy(engineConnection(db), { query: String(sql`select * from prem_sample where country in (${eligible})`) }, ['country'])
    : undefined;
  const rows = counts.map((c) => {
    const fit = fits?.get([c.country]);
    const ok = fit && !(fit instanceof Error) ? fit : null;
    const b = ok?.coef().ai;
    const ci = ok?.confint(0.95).ai;
    return {
      country: c.country, year, definition, controls,
      estimate: b ?? null, se: ok?.se().ai ?? null, ci_low: ci?.[0] ?? null, ci_high: ci?.[1] ?? null,
      premium_pct: b === undefined ? null : pct(b), premium_ci_low: ci ? pct(ci[0]) : null, premium_ci_high: ci ? pct(ci[1]) : null,
      n: c.n, n_ai: c.n_ai, n_non_ai: c.n - c.n_ai,
      median_salary_ppp_ai: c.med_ai === null ? null : Math.round(c.med_ai),
      median_salary_ppp_non_ai: c.med_non === null ? null : Math.round(c.med_non),
      vcov: 'HC1',
    } as Record<string, Cell>;
  });
  return suppress(rows, {
    minCell: minAi, countCols: ['n_ai', 'n_non_ai'], zeroIsSmall: true,
    blankCols: ['n', 'estimate', 'se', 'ci_low', 'ci_high', 'premium_pct', 'premium_ci_low', 'premium_ci_high', 'median_salary_ppp_ai', 'median_salary_ppp_non_ai'],
  }).map(({ n_non_ai: _drop, ...r }) => r);
}

/** Wilson 95% interval of a proportion. */
export function wilson(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [NaN, NaN];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [c - h, c + h];
}

async function aijobsCrossBorder(db: Db, minCell: number): Promise<OutputTable> {
  const by = await db.all<{ g: string; n: number; k: number }>(sql`
    select title_class as g, count(*) as n, count(*) filter (where cross_border) as k from aj group by 1
    union all select 'all', count(*), count(*) filter (where cross_border) from aj order by 1`);
  const rows: Record<string, Cell>[] = by.map((r) => {
    const [lo, hi] = wilson(r.k, r.n);
    return { group: r.g, measure: 'share_cross_border', value: r.k / r.n, ci_low: lo, ci_high: hi, persons: r.n, persons_cross_border: r.k };
  });
  const fit = await feols({ y: 'cb', x: ['ai'], fe: ['work_year'], vcov: 'hetero' }).fit(engineConnection(db), {
    query: `select cast(cross_border as double) as cb, cast(title_class = 'ai' as double) as ai, work_year from aj where title_class in ('ai', 'data')`,
  });
  const ci = fit.confint(0.95).ai!;
  rows.push({ group: 'ai_minus_data', measure: 'gap_pp_lpm_year_fe', value: 100 * fit.coef().ai!, ci_low: 100 * ci[0], ci_high: 100 * ci[1], persons: fit.nobs, persons_cross_border: null });
  return {
    name: 'aijobs_crossborder',
    columns: ['group', 'measure', 'value', 'ci_low', 'ci_high', 'persons', 'persons_cross_border', 'suppressed'],
    rows: suppress(rows, { minCell, countCols: ['persons_cross_border'], blankCols: ['persons', 'value', 'ci_low', 'ci_high'] }),
  };
}

async function aijobsPremium(db: Db, minAi: number): Promise<OutputTable> {
  await db.run(sql`create or replace table aj_prem as
    select country, country || ':' || work_year as country_year, cast(title_class = 'ai' as double) as ai, title_class = 'ai' as is_ai,
      ln(salary_usd) as y, experience_level, employment_type, remote_ratio, company_size, work_year
    from aj where title_class in ('ai', 'data') and salary_usd > 0`);
  const fe = ['experience_level', 'employment_type', 'remote_ratio', 'company_size'];
  const row = (scope: string, country: string, fit: FitResult | null, n: number, nAi: number): Record<string, Cell> => {
    const b = fit?.coef().ai;
    const ci = fit?.confint(0.95).ai;
    return {
      scope, country, estimate: b ?? null, se: fit?.se().ai ?? null, ci_low: ci?.[0] ?? null, ci_high: ci?.[1] ?? null,
      premium_pct: b === undefined ? null : pct(b), premium_ci_low: ci ? pct(ci[0]) : null, premium_ci_high: ci ? pct(ci[1]) : null,
      n, n_ai: nAi, n_non_ai: n - nAi, vcov: 'HC1',
    };
  };
  const rows: Record<string, Cell>[] = [];
  const pooled = await feols({ y: 'y', x: ['ai'], fe: [...fe, 'country_year'], vcov: 'hetero' }).fit(engineConnection(db), { table: 'aj_prem' });
  const tot = (await db.one<{ n: number; n_ai: number }>(sql`select count(*) as n, count(*) filter (where is_ai) as n_ai from aj_prem`))!;
  rows.push(row('all employer countries (FE country × year)', 'all', pooled, tot.n, tot.n_ai));
  const counts = await db.all<{ country: string; n: number; n_ai: number }>(sql`
    select country, count(*) as n, count(*) filter (where is_ai) as n_ai from aj_prem group by 1 order by n desc, country`);
  const eligible = counts.filter((c) => c.n_ai >= minAi && c.n - c.n_ai >= minAi).map((c) => c.country);
  const fits = await feols({ y: 'y', x: ['ai'], fe: [...fe, 'work_year'], vcov: 'hetero' })
    .fitBy(engineConnection(db), { query: String(sql`select * from aj_prem where country in (${eligible})`) }, ['country']);
  for (const c of counts) {
    const f = fits.get([c.country]);
    rows.push(row('employer country (FE year)', c.country, f && !(f instanceof Error) ? f : null, c.n, c.n_ai));
  }
  return {
    name: 'aijobs_premium',
    columns: ['scope', 'country', 'estimate', 'se', 'ci_low', 'ci_high', 'premium_pct', 'premium_ci_low', 'premium_ci_high', 'n', 'n_ai', 'vcov', 'suppressed'],
    rows: suppress(rows, { minCell: minAi, countCols: ['n_ai', 'n_non_ai'], zeroIsSmall: true, blankCols: ['n', 'estimate', 'se', 'ci_low', 'ci_high', 'premium_pct', 'premium_ci_low', 'premium_ci_high'] })
      .map(({ n_non_ai: _d, ...r }) => r),
  };
}
