/**
 * The survey study (`talentflow demo-real`): ingests the shipped Stack Overflow 2024 and
 * 2025 survey files and the aijobs.net salaries with the adapters of `src/ingest/surveys`,
 * then estimates in an in-memory DuckDB (directly from the adapters' output, not through
 * `talentflow run`), with the SQL of the `.sql` files beside this module:
 *
 * - the AI premium by country, Stack Overflow 2024 (and the 2025 sample):
 *   ln(salary_usd) = β·AI + b1·exp + b2·exp² + b3·1[exp missing] + FE(education) + FE(role)
 *   + FE(org size) + FE(remote work), HC1 errors (surveys have no firm ids), by country;
 *   compensation trimmed at each country's 1st and 99th percentiles; a country is
 *   suppressed when it has fewer than `minAi` AI or non-AI respondents;
 * - aijobs.net: the cross-border employment share (residence ≠ employer country) by title
 *   class, the AI − data gap in it, and the occupation gap in pay between AI and data job
 *   titles (not a skill premium: the data record titles, not skills), each on the rows
 *   with exact duplicates dropped (the default) and, as a sensitivity check, on every row
 *   with errors clustered by duplicate group; salaries trimmed as in the Stack Overflow
 *   premium;
 * - the published postings premiums (`src/reference`) to set beside them.
 *
 * Coefficients become cells through `publishCoef` (`src/measure/publish.ts`), the rule
 * the Revelio study's measures use; every table is declared in `src/contract/survey.ts`
 * and built with the contract's `buildTable` (disclosure control by its schema).
 */
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Db, fill, join as joinSql, sql, sqlFile } from '../../db/index.ts';
import { EngineError, feols, onlyGroups, type FitResult, type ModelSpec, type VcovType } from '../../engine/index.ts';
import { engineConnection } from '../../db/engine.ts';
import { loadTaxonomy, matchSkill } from '../../taxonomy/match.ts';
import { toCsv, writeFileAtomic } from '../../output/csv.ts';
import { roundTable } from '../../output/number.ts';
import { buildTable, type Cell, type OutputTable, type Row } from '../../contract/index.ts';
import {
  AIJOBS_CROSSBORDER, AIJOBS_CROSSBORDER_GAP, AIJOBS_OCCUPATION_GAP, PUBLISHED_PREMIUMS, SURVEY_PREMIUM_2024, SURVEY_PREMIUM_2025,
} from '../../contract/survey.ts';
import { ingestStackOverflow, type SurveySummary } from '../../ingest/surveys/stackoverflow.ts';
import { ingestAijobs } from '../../ingest/surveys/aijobs.ts';
import { logPointsToPct, publishCoef } from '../../measure/publish.ts';
import { postingsPremiums, sourceName, sourceWhere } from '../../reference/index.ts';

const DATA = fileURLToPath(new URL('../../../data/', import.meta.url));

/** The shipped survey files the study reads (under `data/`). */
export const SHIPPED = {
  so2024: join(DATA, 'so-survey-2024-subset/survey_data_updated.csv.bz2'),
  so2025: join(DATA, 'so-survey-2025-sample/survey_results_public.csv.gz'),
  aijobs: join(DATA, 'aijobs-salaries/salaries_2025-08.csv.gz'),
};

/** Options of the study. */
export interface SurveyStudyOptions {
  outDir: string;
  /** Minimum AI (and non-AI) respondents for a country's premium to be shown (default 30). */
  minAi?: number;
  /** Override the input files (tests). */
  files?: Partial<typeof SHIPPED>;
}

/** What the study wrote. */
export interface SurveyStudyResult {
  tables: OutputTable[];
  ingests: SurveySummary[];
  outDir: string;
}

/** The AI definitions estimated per survey: name and the so-ml subfields that make a respondent AI. */
export const SURVEY_DEFINITIONS = {
  2024: [['ml_framework_or_ai_devtype', ['ML framework', 'AI/ML developer type']], ['ml_framework', ['ML framework']]],
  2025: [['ai_devtype', ['AI/ML developer type']], ['llm_use', ['LLM used (2025)']]],
} as const;

const PREMIUM_SCHEMA = { 2024: SURVEY_PREMIUM_2024, 2025: SURVEY_PREMIUM_2025 } as const;

/**
 * The aijobs.net samples, in the order published: exact duplicates dropped (the default,
 * HC1 errors), and every row as a sensitivity check, with errors clustered by duplicate
 * group so that copies of one row do not count as independent observations.
 */
export const AIJOBS_SAMPLES = [
  { sample: 'deduplicated', keep: sql`dup_copy = 1`, vcov: 'hetero' as VcovType, label: 'HC1' },
  { sample: 'with_duplicates', keep: sql`true`, vcov: { cluster: 'dup_group' } as VcovType, label: 'cluster' },
] as const;
type AijobsSample = (typeof AIJOBS_SAMPLES)[number];
const AIJOBS_FE = ['experience_level', 'employment_type', 'remote_ratio', 'company_size'];

const q = (name: string) => sqlFile(import.meta.url, name);

/** Run the study and write its CSVs and `real_study.json` to `outDir`. */
export async function runSurveyStudy(opts: SurveyStudyOptions): Promise<SurveyStudyResult> {
  const files = { ...SHIPPED, ...opts.files };
  const minAi = opts.minAi ?? 30;
  // The ingested per-respondent folders are inputs, not outputs: they go to a temporary
  // folder removed at the end, so the output folder holds aggregates only.
  const work = mkdtempSync(join(tmpdir(), 'talentflow-real-'));
  const ds = (n: string) => join(work, n);
  try {
    const ingests = [
      await ingestStackOverflow({ file: files.so2024, out: ds('so2024'), ppp: true }),
      await ingestStackOverflow({ file: files.so2025, out: ds('so2025'), ppp: true }),
      await ingestAijobs({ file: files.aijobs, out: ds('aijobs') }),
    ];
    const db = await Db.open();
    try {
      const tables: OutputTable[] = [];
      const tax = loadTaxonomy('so-ml');
      for (const year of [2024, 2025] as const) {
        await loadSurvey(db, ds(`so${year}`), tax);
        const rows: Row[] = [];
        for (const [def, subfields] of SURVEY_DEFINITIONS[year]) {
          for (const controls of ['full', 'no_role'] as const) rows.push(...(await premiumByCountry(db, year, def, subfields, controls, minAi)));
        }
        tables.push(buildTable(PREMIUM_SCHEMA[year], rows, minAi));
      }
      await db.run(fill(q('aijobs-load.sql'), { file: sql`${join(ds('aijobs'), 'individual_positions.csv')}` }));
      const shares: Row[] = [];
      const gaps: Row[] = [];
      const occupation: Row[] = [];
      for (const s of AIJOBS_SAMPLES) {
        await db.run(fill(q('aijobs-sample.sql'), { keep: s.keep }));
        const cb = await aijobsCrossBorder(db, s);
        shares.push(...cb.shares);
        gaps.push(cb.gap);
        occupation.push(...(await aijobsOccupationGap(db, s, minAi)));
      }
      tables.push(buildTable(AIJOBS_CROSSBORDER, shares, minAi), buildTable(AIJOBS_CROSSBORDER_GAP, gaps, minAi));
      tables.push(buildTable(AIJOBS_OCCUPATION_GAP, occupation, minAi));
      tables.push(publishedPremiums());
      for (const t of tables) writeFileAtomic(join(opts.outDir, `${t.name}.csv`), toCsv(t));
      writeFileAtomic(
        join(opts.outDir, 'real_study.json'),
        JSON.stringify({ minAi, inputs: ingests.map((i) => ({ file: basename(i.file), year: i.year, rows: i.rowsRead, persons: i.personsWritten, with_salary: i.withSalary, rejects: i.rejectsByReason })) }, null, 2) + '\n',
      );
      // The tables as written (12 significant digits), as runStudy returns them.
      return { tables: tables.map((t) => roundTable(t)), ingests, outDir: opts.outDir };
    } finally {
      db.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Load one ingested survey folder into `sv` (one row per respondent) and `sv_sub` (its so-ml subfields). */
async function loadSurvey(db: Db, dir: string, tax: ReturnType<typeof loadTaxonomy>): Promise<void> {
  await db.run(fill(q('load-skills.sql'), { file: sql`${join(dir, 'individual_user_skills.csv')}` }));
  const distinct = await db.all<{ s: string }>(q('distinct-skills.sql'));
  const hits = distinct.flatMap((r) => {
    const m = matchSkill(tax, r.s);
    return m ? [sql`(${r.s}, ${m.subfield})`] : [];
  });
  if (hits.length) await db.run(fill(q('insert-match.sql'), { rows: joinSql(hits) }));
  await db.run(fill(q('load-respondents.sql'), {
    positions: sql`${join(dir, 'individual_positions.csv')}`,
    users: sql`${join(dir, 'individual_user.csv')}`,
  }));
}

/** The published columns of an AI-premium coefficient (log points, percent, intervals and df). */
export function premiumCells(fit: FitResult | Error | undefined): Record<string, Cell> {
  const c = publishCoef(fit, 'ai');
  if (!c) return { estimate: null, se: null, ci_low: null, ci_high: null, premium_pct: null, premium_ci_low: null, premium_ci_high: null, df: null };
  return {
    df: c.df,
    estimate: c.estimate,
    se: c.se,
    ci_low: c.ci?.[0] ?? null,
    ci_high: c.ci?.[1] ?? null,
    premium_pct: logPointsToPct(c.estimate),
    premium_ci_low: c.ci ? logPointsToPct(c.ci[0]) : null,
    premium_ci_high: c.ci ? logPointsToPct(c.ci[1]) : null,
  };
}

/** The countries with at least `minAi` AI and `minAi` non-AI observations. */
function eligible(counts: { country: string | null; n: number; n_ai: number }[], minAi: number): string[] {
  return counts.filter((c) => c.country !== null && c.n_ai >= minAi && c.n - c.n_ai >= minAi).map((c) => c.country!);
}

async function premiumByCountry(
  db: Db, year: number, definition: string, subfields: readonly string[], controls: 'full' | 'no_role', minAi: number,
): Promise<Row[]> {
  await db.run(fill(q('premium-sample.sql'), { subfields: sql`${[...subfields]}` }));
  const counts = await db.all<{ country: string; n: number; n_ai: number; med_ai: number | null; med_non: number | null }>(q('premium-counts.sql'));
  const shown = eligible(counts, minAi);
  const fe = controls === 'full' ? ['degree', 'role', 'org_size', 'remote_work'] : ['degree', 'org_size', 'remote_work'];
  const fits = shown.length
    ? await feols({ y: 'y', x: ['ai', 'exp', 'exp2', 'exp_missing'], fe, vcov: 'hetero' })
        .fitBy(engineConnection(db), { table: 'prem_sample' }, ['country'], { groups: onlyGroups(shown.map((c) => [c])) })
    : undefined;
  return counts.map((c): Row => ({
    country: c.country, year, definition, controls,
    ...premiumCells(fits?.get([c.country])),
    n: c.n, n_ai: c.n_ai, n_non_ai: c.n - c.n_ai,
    median_salary_ppp_ai: c.med_ai === null ? null : Math.round(c.med_ai),
    median_salary_ppp_non_ai: c.med_non === null ? null : Math.round(c.med_non),
    vcov: 'HC1',
  }));
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

/**
 * A share's 95% interval: Wilson on the deduplicated sample; with the duplicates, the
 * share ± 1.96 × its standard error clustered by duplicate group,
 * √(G/(G − 1) · Σ_g (k_g − p·n_g)²) / n, clipped to [0, 1].
 */
export function shareInterval(k: number, n: number, groups: number, ss: number, clustered: boolean): [number, number] {
  if (!clustered) return wilson(k, n);
  const p = k / n;
  const se = groups > 1 ? Math.sqrt((groups / (groups - 1)) * ss) / n : NaN;
  return [Math.max(0, p - 1.959963984540054 * se), Math.min(1, p + 1.959963984540054 * se)];
}

async function aijobsCrossBorder(db: Db, s: AijobsSample): Promise<{ shares: Row[]; gap: Row }> {
  const by = await db.all<{ g: string; n: number; k: number; groups: number; ss: number }>(q('aijobs-crossborder.sql'));
  const shares: Row[] = by.map((r) => {
    const [lo, hi] = shareInterval(Number(r.k), Number(r.n), Number(r.groups), Number(r.ss), s.sample === 'with_duplicates');
    return { sample: s.sample, group: r.g, persons: r.n, persons_cross_border: r.k, share: r.k / r.n, ci_low: Number.isFinite(lo) ? lo : null, ci_high: Number.isFinite(hi) ? hi : null };
  });
  const fit = await tryEstimate(db, 'aj_cb', { y: 'cb', x: ['ai'], fe: ['work_year'], vcov: s.vcov });
  const c = publishCoef(fit, 'ai');
  const nAi = by.find((r) => r.g === 'ai')?.n ?? 0;
  const nData = by.find((r) => r.g === 'data')?.n ?? 0;
  const gap: Row = {
    sample: s.sample, comparison: 'ai_minus_data',
    estimate_pp: c ? 100 * c.estimate : null, se: c ? 100 * c.se : null,
    ci_low: c?.ci ? 100 * c.ci[0] : null, ci_high: c?.ci ? 100 * c.ci[1] : null,
    n: nAi + nData, n_ai: nAi, n_non_ai: nData, vcov: s.label, df: c ? c.df : null,
  };
  return { shares, gap };
}

/** The occupation gap (AI minus data job titles) of one aijobs.net sample: pooled and by employer country. */
async function aijobsOccupationGap(db: Db, s: AijobsSample, minAi: number): Promise<Row[]> {
  const row = (scope: string, country: string, fit: FitResult | Error | undefined, n: number, nAi: number): Row => {
    const p = premiumCells(fit);
    return {
      sample: s.sample, scope, country, estimate: p.estimate ?? null, se: p.se ?? null, ci_low: p.ci_low ?? null, ci_high: p.ci_high ?? null,
      gap_pct: p.premium_pct ?? null, gap_pct_ci_low: p.premium_ci_low ?? null, gap_pct_ci_high: p.premium_ci_high ?? null,
      n, n_ai: nAi, n_non_ai: n - nAi, vcov: s.label, df: p.df ?? null,
    };
  };
  const counts = await db.all<{ country: string | null; n: number; n_ai: number }>(q('aijobs-occupation-counts.sql'));
  const pooled = await tryEstimate(db, 'aj_prem', { y: 'y', x: ['ai'], fe: [...AIJOBS_FE, 'country_year'], vcov: s.vcov });
  const rows = [row('all employer countries (FE country × year)', 'all', pooled, sum(counts, 'n'), sum(counts, 'n_ai'))];
  const shown = eligible(counts, minAi);
  const fits = shown.length
    ? await feols({ y: 'y', x: ['ai'], fe: [...AIJOBS_FE, 'work_year'], vcov: s.vcov })
        .fitBy(engineConnection(db), { table: 'aj_prem' }, ['country'], { groups: onlyGroups(shown.map((c) => [c])) })
    : undefined;
  for (const c of counts) if (c.country !== null) rows.push(row('employer country (FE year)', c.country, fits?.get([c.country]), c.n, c.n_ai));
  return rows;
}

/** A single regression, or the engine's named error when it cannot be fitted (a blank cell). */
async function tryEstimate(db: Db, table: string, spec: ModelSpec): Promise<FitResult | EngineError> {
  try {
    return await feols(spec).fit(engineConnection(db), { table });
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
}

function sum<K extends string>(rows: Record<K, number | string | null>[], k: K): number {
  return rows.reduce((s, r) => s + Number(r[k]), 0);
}

/** The postings and freelance-platform premiums of `src/reference`, to set beside the survey ones. */
function publishedPremiums(): OutputTable {
  const rows = postingsPremiums().map((f) => ({ source: sourceName(f.source), scope: f.scope ?? f.label.en, premium_pct: f.value as number, note: sourceWhere(f.source) }));
  return buildTable(PUBLISHED_PREMIUMS, rows, 0);
}
