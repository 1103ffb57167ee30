/**
 * The AI wage premium (`premium.csv`, `premium_by_seniority.csv`): within-country
 * fixed-effects regressions of log salary on the AI dummy, by country and year, pooled
 * over years (with year fixed effects), by AI skill and by seniority level. The samples
 * live in DuckDB; the four families of the premium sample are one `fitFamilies` pass
 * of grouped aggregates over their common cells, each skill family one `fitBy` pass.
 * Sample rules and every choice the spec leaves open: docs/premium.md.
 */
import { ident, join, sql, sqlFile, fill, type Db, type Sql } from '../../db/index.ts';
import { PREMIUM, PREMIUM_BY_SENIORITY, buildTable, wouldSuppress, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import type { StudyOptions } from '../../study/options.ts';
import {
  decompose, feols, fitFamilies, onlyGroups, reportTerms, sharedRows,
  type EncodedLevels, type EngineError, type FitOptions, type FitResult, type GroupResults, type Model, type VcovType,
} from '../../engine/index.ts';
import { engineConnection } from '../../db/engine.ts';
import { TalentflowError } from '../../errors.ts';
import { blankNote, logPointsToPct, publishCoef } from '../publish.ts';

/** Control fixed effects of the premium model (year FE is added when pooled). */
export const PREMIUM_FE = ['seniority', 'role', 'industry', 'highest_degree', 'start_year'] as const;

/** The characteristic groups of the decomposition (decomposition.csv) and the premium model's columns each holds. */
export const DECOMPOSITION_GROUPS: Readonly<Record<string, readonly string[]>> = {
  seniority: ['seniority'],
  role: ['role'],
  industry: ['industry'],
  degree: ['highest_degree'],
  experience: ['exp', 'exp2'],
  start_year: ['start_year'],
};

/** The decomposition groups whose columns are all in a premium model with fixed effects `fe` (`--controls`). */
export function decompositionGroups(fe: readonly string[]): Record<string, readonly string[]> {
  const inModel = new Set<string>(['exp', 'exp2', ...fe]);
  return Object.fromEntries(Object.entries(DECOMPOSITION_GROUPS).filter(([, cols]) => cols.every((c) => inModel.has(c))));
}

/** Observations, AI observations and distinct persons of one premium cell (they drive disclosure control). */
export interface CellCounts {
  n: number;
  n_ai: number;
  persons: number;
  persons_ai: number;
  persons_non_ai: number;
}

/**
 * The yearly premium fits with their decomposition, kept by `measurePremium` for the
 * decomposition stage of the same run (which then does not refit the same models), under
 * a signature of everything the fits depend on.
 */
interface YearlyFits {
  readonly signature: string;
  /** By `country|year`: the fit (with `decomposition()`) and the cell's counts. */
  readonly cells: ReadonlyMap<string, { fit: FitResult | EngineError | undefined; counts: CellCounts }>;
}

const YEARLY_FITS = new WeakMap<Db, YearlyFits>();

/** What the yearly premium fits depend on besides the panel: the years, the model and its variance. */
export function yearlyFitSignature(ctx: StudyContext): string {
  const { options } = ctx;
  return JSON.stringify({ years: ctx.years, controls: options.premiumControls ?? null, weighted: options.weighted, vcov: options.vcov, ssc: options.ssc });
}

/**
 * The yearly premium fits (country × year, with the decomposition) that `measurePremium`
 * made on this database for the same signature, removed from the store; undefined when
 * there are none (the decomposition stage then refits).
 */
export function takeYearlyFits(db: Db, signature: string): YearlyFits['cells'] | undefined {
  const f = YEARLY_FITS.get(db);
  if (!f) return undefined;
  YEARLY_FITS.delete(db);
  return f.signature === signature ? f.cells : undefined;
}

/** No year of the study has a panel row: nothing to estimate. */
export class NoPremiumYearsError extends TalentflowError {}

/**
 * Size guard of the default skill part: above this many stacked rows (non-AI rows × skills
 * + holder rows) yearly skill premiums are fitted for the focus country only (pooled ones
 * for every country), since the residual pass reads the stacked design.
 */
export const SKILL_YEARS_MAX_ROWS = 20_000_000;

const SAMPLE_TABLE = 'tf_premium_sample';
/**
 * The cells of the premium sample's four families (country × year, country, country ×
 * year × seniority, country × seniority) for `fitFamiliesTogether`: country, year and
 * seniority, with the level codes of the seniority and year effects (query.sql), constant
 * within a cell, so the engine takes their levels from the cells' sums.
 */
export const PREMIUM_CELLS = ['country', 'ykey', 'seniority', 'lv_seniority', 'lv_year_fe'] as const;
/** The new-hire premium's sample (`new-hires.ts`), filtered from the premium sample by `measurePremium`. */
export const NEW_HIRES_TABLE = 'tf_premium_new_hires';
const SKILL_TABLE = 'tf_premium_skill_sample';
const SUSPECT_TABLE = 'tf_premium_suspect_rows';

/**
 * The premium sample's columns the new-hire sample keeps (new-hires-sample.sql): what the
 * new-hire families read (counts, the engine, the absorbed check), all but the start year
 * and its code, an effect the new-hire model leaves out (constant within a year's hires).
 */
const NEW_HIRE_FE = PREMIUM_FE.filter((f) => f !== 'start_year');
const NEW_HIRE_COLUMNS = [
  'uid', 'country', 'ykey', 'year_fe', 'ln_salary', 'ai', 'exp', 'exp2', ...NEW_HIRE_FE, 'w', 'cluster',
  ...[...NEW_HIRE_FE, 'year_fe'].map((f) => `lv_${f}`),
] as const;

/**
 * The engine's steps of one `fitBy`, for the stage log: `profile` is the engine's callback
 * (`FitOptions.profile`, cumulative ms), `text()` each step's own ms ("keys 993, …").
 */
export function engineSteps(): { profile: (stage: string, ms: number) => void; text: () => string } {
  const steps: string[] = [];
  let last = 0;
  return {
    profile: (stage, ms) => {
      steps.push(`${stage} ${Math.round(ms - last)}`);
      last = ms;
    },
    text: () => steps.join(', '),
  };
}

/**
 * The variance estimator of the premium models for a study option: clustered by firm, and
 * when pooled over years by firm and by person (two-way: a person appears in several years).
 */
export function premiumVcov(v: StudyOptions['vcov'], pooled = false): VcovType {
  return v === 'cluster' ? { cluster: pooled ? ['cluster', 'uid'] : 'cluster' } : v;
}

/** The `vcov` column of a premium row: `cluster2` for a pooled model clustered two ways. */
export function premiumVcovLabel(v: StudyOptions['vcov'], pooled: boolean): string {
  return v === 'cluster' && pooled ? 'cluster2' : v;
}

/** Variants of the premium sample (default: the stock premium's, as `tf_premium_sample`). */
export interface SampleVariant {
  /** Only rows whose primary position started in the year (the new-hire premium). */
  newHiresOnly?: boolean;
  /** Name of the table written. */
  target?: string;
  /**
   * Only these countries' rows (a premium of some countries, e.g. the focus country's
   * alone: the rows of the others are never read into the sample); default every country.
   */
  countries?: readonly string[];
}

/**
 * Build the premium estimation sample as a table (`tf_premium_sample`) from
 * `panel`: rows with salary > 0 in the measured years; see query.sql for the columns.
 */
export async function buildPremiumSample(db: Db, years: readonly number[], weighted: boolean, variant: SampleVariant = {}): Promise<string> {
  if (years.length === 0) throw new NoPremiumYearsError('no study years to estimate the wage premium for: check --from/--to against the years of the data');
  const target = variant.target ?? SAMPLE_TABLE;
  await db.run(
    fill(sqlFile(import.meta.url, 'query.sql'), {
      target: sql`${ident(target)}`,
      years: sql`${[...years]}`,
      unweighted: sql`${!weighted}`,
      newHiresOnly: sql`${variant.newHiresOnly === true}`,
      countries: !variant.countries ? sql`true` : variant.countries.length ? sql`p.country in (${[...variant.countries]})` : sql`false`,
    }),
  );
  return target;
}

/** The skill design's TEMP tables (skills-holders.sql): holders, skills held, year codes. */
const SKILL_HOLDERS = 'tf_premium_skill_holders';
const SKILL_SKILLS = 'tf_premium_skill_skills';
const SKILL_YKEYS = 'tf_premium_skill_ykeys';

/** Into how many statements (about equal in rows, of whole countries) the skill design is built. */
const SKILL_DESIGN_PARTS = 4;

/**
 * Consecutive countries (`counts` in country order, with their row counts) cut into at most
 * about `parts` runs of about equal rows (a country larger than a share is a run of its
 * own): each run's first and last country.
 */
export function countryRanges(counts: readonly { country: string; n: number }[], parts: number): [string, string][] {
  const total = counts.reduce((a, c) => a + Number(c.n), 0);
  const share = Math.ceil(total / Math.max(1, parts));
  const out: [string, string][] = [];
  let rows = 0;
  for (const c of counts) {
    const last = out[out.length - 1];
    if (last && rows + Number(c.n) <= share) {
      last[1] = c.country;
      rows += Number(c.n);
    } else {
      out.push([c.country, c.country]);
      rows = Number(c.n);
    }
  }
  return out;
}

/**
 * Build the shared skill design (`target`) from a premium sample: its holders and skills
 * once (skills-holders.sql, TEMP tables), then the rows of each country in country order
 * (skills-shared.sql, or skills-shared-dated.sql when `dated`, written by
 * skills-design.sql) in `parts` runs of consecutive countries ({@link countryRanges}), so
 * that each sort holds a part of the rows. The table holds the rows of the whole design
 * sorted by country, year and skill.
 */
export async function buildSkillDesign(db: Db, sample: string, target: string, dated: boolean, parts = SKILL_DESIGN_PARTS): Promise<void> {
  const temps = { holders: sql`${ident(SKILL_HOLDERS)}`, skills: sql`${ident(SKILL_SKILLS)}`, ykeys: sql`${ident(SKILL_YKEYS)}` };
  try {
    await db.run(fill(sqlFile(import.meta.url, dated ? 'skills-holders-dated.sql' : 'skills-holders.sql'), { sample: sql`${ident(sample)}`, ...temps }));
    const counts = await db.all<{ country: string; n: number }>(sql`select country, count(*) as n from ${ident(sample)} group by country order by country`);
    const rowsSql = sqlFile(import.meta.url, dated ? 'skills-shared-dated.sql' : 'skills-shared.sql');
    const designSql = sqlFile(import.meta.url, 'skills-design.sql');
    // No country: the first statement still makes the (empty) table.
    const runs = countryRanges(counts, parts);
    for (const [i, [lo, hi]] of (runs.length ? runs : [[null, null] as const]).entries()) {
      const rows = fill(rowsSql, { sample: sql`${ident(sample)}`, lo: sql`${lo}`, hi: sql`${hi}`, ...temps });
      const write = i === 0 ? sql`create or replace table ${ident(target)} as` : sql`insert into ${ident(target)}`;
      await db.run(fill(designSql, { write, rows, ...temps }));
    }
  } finally {
    await db.run(sql`drop table if exists ${ident(SKILL_HOLDERS)}; drop table if exists ${ident(SKILL_SKILLS)}; drop table if exists ${ident(SKILL_YKEYS)}`);
  }
}

/** The level codes of a premium sample (query.sql's `lv_<effect>` columns), by effect: the engine's `encoded` levels. */
export type PremiumLevels = Readonly<Record<string, EncodedLevels>>;

/**
 * The labels of the level codes of a premium sample, or of a table made from it with the
 * same columns (levels.sql): by effect, its code column and the label of every code up to
 * the largest present (a code absent from the table, e.g. of a subset's, is labelled '').
 */
export async function premiumLevels(db: Db, table: string): Promise<PremiumLevels> {
  const rows = await db.all<{ eff: string; code: number; label: string }>(fill(sqlFile(import.meta.url, 'levels.sql'), { sample: sql`${ident(table)}` }));
  const out: Record<string, string[]> = {};
  for (const r of rows) {
    const labels = (out[r.eff] ??= []);
    while (labels.length <= r.code) labels.push('');
    labels[r.code] = r.label;
  }
  return Object.fromEntries(Object.entries(out).map(([eff, labels]) => [eff, { column: `lv_${eff}`, labels }]));
}

/** What the premium samples depend on: the years and the weighting (query.sql). */
function sampleSignature(years: readonly number[], weighted: boolean): string {
  return JSON.stringify({ years, weighted });
}

/** The signature under which `measurePremium` left the new-hire sample for the stage after it (by database), and the premium sample's level codes. */
const NEW_HIRE_SAMPLES = new WeakMap<Db, { signature: string; levels: PremiumLevels }>();

/**
 * The new-hire premium's sample (`tf_premium_new_hires`) that `measurePremium` filtered
 * from its own sample on this database, when it was built for these years and weighting:
 * its name and the labels of its level codes (the premium sample's: a code of the premium
 * sample without new hires keeps its label, and is never a dummy), handed over once (the
 * caller drops it). Undefined otherwise (a stale one is dropped): the caller builds it from
 * the panel (`buildPremiumSample` with `newHiresOnly`).
 */
export async function takeNewHireSample(db: Db, years: readonly number[], weighted: boolean): Promise<{ table: string; levels: PremiumLevels } | undefined> {
  const left = NEW_HIRE_SAMPLES.get(db);
  if (left === undefined) return undefined;
  NEW_HIRE_SAMPLES.delete(db);
  if (left.signature === sampleSignature(years, weighted) && (await db.hasTable(NEW_HIRES_TABLE))) return { table: NEW_HIRES_TABLE, levels: left.levels };
  await db.run(sql`drop table if exists ${ident(NEW_HIRES_TABLE)}`);
  return undefined;
}

/** One family of regressions: a relation, its regressor of interest, FE and split columns. */
export interface Family {
  source: string;
  x: string;
  fe: readonly string[];
  by: readonly string[];
  /**
   * The source is the shared skill design (skills-shared.sql): rows with skill NULL
   * belong to every skill of their other `by` values (the engine's `sharedRows()` strategy).
   */
  shared?: boolean;
  /** Only the cells of this country (the first `by` value), read from its rows only; default every country. */
  country?: string;
  /** Also decompose the gap by `x` into these groups (the engine's `decompose`; the fits carry `decomposition()`). */
  decompose?: Readonly<Record<string, readonly string[]>>;
  /**
   * The source's level codes ({@link premiumLevels}): the engine reads the effects encoded
   * and the cluster columns (integers) as they are. Default: the engine encodes them.
   */
  levels?: PremiumLevels;
}

interface GroupCounts extends CellCounts {
  keys: string[];
}

/** One estimable cell of a family: its split keys, its published cells, its counts and its fit (none when not fitted). */
export interface FamilyCell {
  keys: string[];
  cells: Record<string, Cell>;
  counts: CellCounts;
  fit: FitResult | EngineError | undefined;
}

/**
 * SQL flag: true when some fixed effect in `fe` has no level holding both values of `x`
 * (x is then a sum of that effect's dummies: not identified). The missing level (NULL) is
 * a level like any other (the engine gives it a dummy): both counts are of text keys that
 * are never NULL (`'v'` and the value, or `'n'` for NULL; the pair joins x's text, which
 * holds no `|`), so `count(distinct …)` counts the missing level too.
 */
export function absorbedSql(fe: readonly string[], x: string): Sql {
  if (fe.length === 0) return sql`false`;
  return join(fe.map((f) => absorbedBySql(f, x)), ' or ');
}

function absorbedBySql(f: string, x: string): Sql {
  const level = sql`coalesce('v' || cast(${ident(f)} as varchar), 'n')`;
  return sql`count(distinct ${level}) = count(distinct ${level} || '|' || coalesce(cast(${ident(x)} as varchar), 'n'))`;
}

/** SQL text: the indices in `fe` (comma-separated) of the effects that absorb `x`, by {@link absorbedSql}'s rule. */
function absorbedWhichSql(fe: readonly string[], x: string): Sql {
  if (fe.length === 0) return sql`''`;
  return sql`concat_ws(',', ${join(fe.map((f, i) => sql`case when ${absorbedBySql(f, x)} then ${String(i)} end`))})`;
}

/** The published name of a fixed effect in a `note` (the pooled models' `year_fe` is `year`). */
function effectName(f: string): string {
  return f === 'year_fe' ? 'year' : f;
}

/** Effect names from a comma-separated list of indices into `fe`. */
function effectsOf(list: unknown, fe: readonly string[]): string[] {
  return String(list ?? '')
    .split(',')
    .filter((s) => s !== '')
    .map((i) => effectName(fe[Number(i)] ?? `effect ${i}`));
}

/**
 * The cells of `source` where `x` is absorbed by a fixed effect (see absorbed.sql): keys
 * (by-values joined with '|') → the names of the absorbing effects (`year_fe` as `year`).
 */
export async function absorbedCells(db: Db, source: string, by: readonly string[], fe: readonly string[], x: string): Promise<Map<string, string[]>> {
  const rows = await db.all<Record<string, unknown>>(
    fill(sqlFile(import.meta.url, 'absorbed.sql'), {
      by: join(by.map((c) => ident(c))),
      source: sql`${ident(source)}`,
      absorbed: absorbedSql(fe, x),
      which: absorbedWhichSql(fe, x),
    }),
  );
  return new Map(rows.map((r) => [by.map((c) => String(r[c])).join('|'), effectsOf(r.absorbed_by, fe)]));
}

/** A family's cells before the fit: its counts, the estimable cells and the ones to fit (disclosure control keeps them). */
interface PreparedFamily {
  fam: Family;
  /** The family's rows when it is of one country (a query), else undefined (the source table). */
  own: Sql | undefined;
  oneYear: boolean;
  estimable: GroupCounts[];
  published: GroupCounts[];
  /** Every group of the counts (estimable or not). */
  groups: number;
  /** When the counts started (ms). */
  tc: number;
}

/** The counts of a family's cells (counts.sql, counts-pooled.sql) and the cells to fit. */
async function prepareFamily(ctx: StudyContext, fam: Family): Promise<PreparedFamily> {
  const { db, options } = ctx;
  const tc = Date.now();
  // A family of one country reads that country's rows only (counts, and the engine's keys,
  // sample and scores): the other countries' rows would enter no fitted group.
  const own = fam.country === undefined ? undefined : sql`select * from ${ident(fam.source)} where country = ${fam.country}`;
  const rows = own === undefined ? sql`${ident(fam.source)}` : sql`(${own}) as src`;
  // A cell of one year holds each person once (counts.sql counts rows); a pooled one counts
  // distinct persons (counts-pooled.sql).
  const oneYear = fam.by.includes('ykey');
  const counts = await db.all<Record<string, unknown>>(
    fill(sqlFile(import.meta.url, oneYear ? 'counts.sql' : 'counts-pooled.sql'), {
      by: join(fam.by.map((c) => ident(c))),
      x: sql`${ident(fam.x)}`,
      source: rows,
    }),
  );
  let groups: GroupCounts[] = counts.map((r) => ({
    keys: fam.by.map((c) => (r[c] === null ? null : String(r[c]))) as string[],
    n: Number(r.n),
    n_ai: Number(r.n_ai),
    persons: Number(r.persons),
    persons_ai: Number(r.persons_ai),
    persons_non_ai: Number(r.persons_non_ai),
  }));
  if (fam.shared) groups = withSharedRows(groups);
  // A premium needs both groups; other cells have no row.
  const estimable = groups.filter((g) => g.n_ai >= 1 && g.n - g.n_ai >= 1 && (fam.country === undefined || g.keys[0] === fam.country));
  // Cells that disclosure control will blank are not fitted (their estimates are never
  // published): the engine fits the other cells only (`onlyGroups`).
  const published = estimable.filter((g) => !smallCell(g, options.minCell));
  return { fam, own, oneYear, estimable, published, groups: groups.length, tc };
}

/** A family's model and the options of its split fit. */
function familyFit(ctx: StudyContext, f: PreparedFamily): { model: Model; options: FitOptions } {
  const { options } = ctx;
  const { fam, published } = f;
  const vcov = premiumVcov(options.vcov, !f.oneYear);
  const model = feols({
    y: 'ln_salary',
    x: [fam.x, 'exp', 'exp2'],
    fe: fam.fe,
    ...(options.weighted ? { weights: 'w' } : {}),
    vcov,
    ssc: options.ssc,
  });
  return {
    model,
    options: {
      ...(fam.shared ? { rows: sharedRows() } : {}),
      // the cells disclosure control will not blank
      ...(published.length < f.groups ? { groups: onlyGroups(published.map((g) => g.keys)) } : {}),
      // only the AI (or skill) term is published: no score terms for the experience controls
      terms: reportTerms([fam.x]),
      ...(fam.decompose ? { decompose: decompose(fam.x, fam.decompose) } : {}),
      ...(fam.levels ? { encoded: encodedOf(fam.levels, fam.fe, vcov) } : {}),
    },
  };
}

/** A family's published records from its fits: the absorbed check on the fits that dropped a term, then each estimable cell's record. */
async function familyCells(ctx: StudyContext, f: PreparedFamily, fits: GroupResults | undefined): Promise<FamilyCell[]> {
  const { db, options } = ctx;
  const { fam, published, estimable } = f;
  let absorbed = new Map<string, string[]>();
  if (fits) {
    // Only a fit that dropped a term can hide an absorbed AI dummy: check those families.
    const suspects = published.filter((g) => {
      const r = fits.get(g.keys);
      return r !== undefined && !(r instanceof Error) && r.dropped.length > 0;
    });
    if (suspects.length) absorbed = await absorbedSuspects(db, fam, suspects.map((g) => g.keys));
    const blanked = published.filter((g) => absorbed.has(g.keys.join('|')));
    if (blanked.length)
      ctx.log?.(`premium: ${blanked.length} cell(s) by ${fam.by.join('×')} blank: ${fam.x} absorbed by a fixed effect (${blanked.slice(0, 5).map((g) => g.keys.join('|')).join(', ')}${blanked.length > 5 ? ', …' : ''})`);
  }
  return estimable.map((g) => {
    const k = g.keys.join('|');
    const fit = fits?.get(g.keys);
    const { keys, ...counts } = g;
    return { keys, cells: cellsOf(fit, fam.x, g, absorbed.get(k), !smallCell(g, options.minCell)), counts, fit };
  });
}

/**
 * Fit one family in one `fitBy` pass and return one record per estimable group: its split
 * keys and its cells (the premium columns, less the key, `vcov`, `ssc`; plus the internal
 * person counts). Cells disclosure control will blank are not fitted; an absorbed AI dummy
 * leaves the estimate blank.
 */
export async function fitFamily(ctx: StudyContext, fam: Family): Promise<FamilyCell[]> {
  const f = await prepareFamily(ctx, fam);
  let fits: GroupResults | undefined;
  if (f.published.length > 0) {
    const { model, options } = familyFit(ctx, f);
    const t0 = Date.now();
    const steps = engineSteps();
    const source = f.own === undefined ? { table: fam.source } : { query: String(f.own) };
    fits = await model.fitBy(engineConnection(ctx.db), source, fam.by, { ...options, ...(ctx.log ? { profile: steps.profile } : {}) });
    ctx.log?.(
      `premium: ${fits.size} regressions by ${fam.by.join('×')} (${fam.x}) in ${Date.now() - t0} ms ` +
        `(counts ${t0 - f.tc} ms; ${f.estimable.length - f.published.length} small cells not fitted; steps ms: ${steps.text()})`,
    );
  }
  return familyCells(ctx, f, fits);
}

/**
 * Several families on the same source (own rows, every country) in one engine pass
 * (`fitFamilies`): the groups of every family are unions of the cells of `cells`, whose
 * sums are aggregated once; each family's records are those {@link fitFamily} returns (to
 * rounding). `measurePremium` fits the premium sample's four families with it,
 * `measurePremiumNewHires` its two.
 */
export async function fitFamiliesTogether(ctx: StudyContext, fams: readonly Family[], cells: readonly string[]): Promise<FamilyCell[][]> {
  const prepared: PreparedFamily[] = [];
  for (const fam of fams) {
    if (fam.shared || fam.country !== undefined || fam.source !== fams[0]!.source) throw new Error('fitFamiliesTogether: families of one source, own rows, every country');
    prepared.push(await prepareFamily(ctx, fam));
  }
  const fitted = prepared.filter((f) => f.published.length > 0);
  const t0 = Date.now();
  const steps = engineSteps();
  const results = fitted.length
    ? await fitFamilies(
        engineConnection(ctx.db),
        { table: fams[0]!.source },
        fitted.map((f) => ({ ...familyFit(ctx, f), by: f.fam.by })),
        { cells, ...(ctx.log ? { profile: steps.profile } : {}) },
      )
    : [];
  const fitsOf = new Map(fitted.map((f, i) => [f, results[i]!]));
  ctx.log?.(
    `premium: ${fitted.map((f) => `${fitsOf.get(f)!.size} regressions by ${f.fam.by.join('×')} (${f.fam.x}; ${f.estimable.length - f.published.length} small cells not fitted)`).join(', ')} ` +
      `in one pass of ${Date.now() - t0} ms (counts ${t0 - prepared[0]!.tc} ms; steps ms: ${steps.text()})`,
  );
  const out: FamilyCell[][] = [];
  for (const f of prepared) out.push(await familyCells(ctx, f, fitsOf.get(f)));
  return out;
}

/** The engine's `encoded` option of a family with level codes: its effects, and the integer cluster columns (firm code, uid). */
function encodedOf(levels: PremiumLevels, fe: readonly string[], vcov: VcovType): { fe: Record<string, EncodedLevels>; clusters: readonly string[] } {
  const out: Record<string, EncodedLevels> = {};
  for (const f of fe) {
    const l = levels[f];
    if (!l) throw new Error(`premium: no level codes of ${f}`);
    out[f] = l;
  }
  return { fe: out, clusters: typeof vcov === 'object' ? [vcov.cluster].flat() : [] };
}

/**
 * absorbedCells (absorbedSharedCells for the shared skill design) on the rows of the
 * suspect cells only (suspect-rows.sql: a cell's rows; with the shared design, its outer
 * key's rows, shared ones included). A cell whose fit dropped no term cannot have an
 * absorbed regressor, so the result is the same as on the whole source. `keys`: each cell's
 * split values, typed as the source's `by` columns (text, or numbers for integer codes).
 */
export async function absorbedSuspects(db: Db, fam: Family, keys: readonly (readonly (string | number)[])[]): Promise<Map<string, string[]>> {
  const nk = fam.shared ? fam.by.length - 1 : fam.by.length;
  const cols = fam.by.slice(0, nk);
  const distinct = [...new Map(keys.map((k) => [JSON.stringify(k.slice(0, nk)), k.slice(0, nk)])).values()];
  await db.run(
    fill(sqlFile(import.meta.url, 'suspect-rows.sql'), {
      target: sql`${ident(SUSPECT_TABLE)}`,
      source: sql`${ident(fam.source)}`,
      nk: String(nk),
      keys: join(distinct.map((k) => sql`(${join(k.map((v) => sql`${v}`))})`)),
      keyCols: join(cols.map((_, i) => ident(`k${i}`))),
      match: join(cols.map((c, i) => sql`s.${ident(c)} is not distinct from k.${ident(`k${i}`)}`), ' and '),
    }),
  );
  try {
    // The shared skill design keeps the effects' level codes only (skills-shared.sql): the
    // same partition of the rows as the values, so the same cells.
    if (fam.shared) return await absorbedSharedCells(db, SUSPECT_TABLE, fam.by, fam.fe, fam.x, fam.levels && fam.fe.map((f) => fam.levels![f]?.column ?? f));
    return await absorbedCells(db, SUSPECT_TABLE, fam.by, fam.fe, fam.x);
  } finally {
    await db.run(sql`drop table if exists ${ident(SUSPECT_TABLE)}`);
  }
}

/** The cell will be blanked by disclosure control (the PREMIUM schema's rule on distinct persons). */
function smallCell(g: GroupCounts, minCell: number): boolean {
  return wouldSuppress(PREMIUM, { persons: g.persons, persons_ai: g.persons_ai, persons_non_ai: g.persons_non_ai }, minCell);
}

/**
 * absorbedCells for a shared skill design (skills-shared.sql): the same rule on each
 * skill's full sample, without stacking the shared rows (absorbed-shared.sql). `columns`:
 * the columns that hold the effects `fe`, one each (default their names), e.g. their level
 * codes; the absorbing effects are named by `fe`.
 */
export async function absorbedSharedCells(
  db: Db, source: string, by: readonly string[], fe: readonly string[], x: string, columns: readonly string[] = fe,
): Promise<Map<string, string[]>> {
  if (fe.length === 0) return new Map();
  const outer = by.slice(0, -1);
  const rows = await db.all<Record<string, unknown>>(
    fill(sqlFile(import.meta.url, 'absorbed-shared.sql'), {
      source: sql`${ident(source)}`,
      byCols: join(by.map((c) => ident(c))),
      outerCols: join(outer.map((c) => ident(c))),
      ownBy: join(by.map((c) => sql`o.${ident(c)}`)),
      outerMatch: outer.length ? join(outer.map((c) => sql`s.${ident(c)} is not distinct from o.${ident(c)}`), ' and ') : sql`true`,
      last: sql`${ident(by[by.length - 1]!)}`,
      x: sql`${ident(x)}`,
      feIdx: sql`array[${fe.map((_, i) => i)}]`,
      feLevels: sql`array[${join(columns.map((f) => sql`cast(${ident(f)} as varchar)`))}]`,
    }),
  );
  return new Map(rows.map((r) => [by.map((c) => String(r[c])).join('|'), effectsOf(r.absorbed_by, fe)]));
}

/**
 * Counts of the shared skill design: a group (…, skill k) holds its own rows plus the
 * shared rows (skill NULL) of the same other keys; the shared users are non-AI and hold no
 * AI skill, so they are disjoint from the own rows' users and the counts add up.
 */
function withSharedRows(groups: GroupCounts[]): GroupCounts[] {
  const base = new Map<string, GroupCounts>();
  for (const g of groups) if (g.keys[g.keys.length - 1] === null) base.set(g.keys.slice(0, -1).join('|'), g);
  return groups
    .filter((g) => g.keys[g.keys.length - 1] !== null)
    .map((g) => {
      const b = base.get(g.keys.slice(0, -1).join('|'));
      if (!b) return g;
      return {
        keys: g.keys,
        n: g.n + b.n,
        n_ai: g.n_ai + b.n_ai,
        persons: g.persons + b.persons,
        persons_ai: g.persons_ai + b.persons_ai,
        persons_non_ai: g.persons_non_ai + b.persons_non_ai,
      };
    });
}

/** A group's published cells; `fitted`: the cell was fitted (disclosure control keeps it), so a blank estimate gets its reason in `note`. */
function cellsOf(fit: FitResult | EngineError | undefined, x: string, g: GroupCounts, absorbedBy: readonly string[] | undefined, fitted: boolean): Record<string, Cell> {
  // A coefficient absorbed by a fixed effect is never published, whatever the fit kept.
  const c = absorbedBy ? null : publishCoef(fit, x);
  const est: Record<string, Cell> = c
    ? {
        estimate: c.estimate, se: c.se, ci_low: c.ci?.[0] ?? null, ci_high: c.ci?.[1] ?? null, premium_pct: logPointsToPct(c.estimate),
        premium_pct_ci_low: c.ci ? logPointsToPct(c.ci[0]) : null, premium_pct_ci_high: c.ci ? logPointsToPct(c.ci[1]) : null, df: c.df,
      }
    : { estimate: null, se: null, ci_low: null, ci_high: null, premium_pct: null, premium_pct_ci_low: null, premium_pct_ci_high: null, df: null };
  return {
    ...est,
    n: c ? c.nobs : g.n,
    n_ai: g.n_ai,
    // cells disclosure control blanks are not fitted: their note stays empty (`suppressed` says why)
    note: fitted ? blankNote(fit, x, absorbedBy) : null,
    persons: g.persons,
    persons_ai: g.persons_ai,
    persons_non_ai: g.persons_non_ai,
  };
}

/** The `year` cell of a split key: the year, or `pooled` when there is none. */
export function yearCell(ykey: string | undefined): number | 'pooled' {
  return ykey === undefined ? 'pooled' : Number(ykey);
}

function levelCell(v: string): string | number {
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

/**
 * Rows by country, year (pooled last) and `third` (skill `all` first; numbers numerically;
 * none when omitted), by code point.
 */
export function orderRows(rows: Record<string, Cell>[], third?: string): Record<string, Cell>[] {
  const yo = (y: Cell) => (y === 'pooled' ? Number.POSITIVE_INFINITY : Number(y));
  const lo = (v: Cell) => (third === 'skill' && v === 'all' ? '' : typeof v === 'number' ? String(v).padStart(12, '0') : String(v));
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return rows.sort(
    (a, b) =>
      cmp(String(a.country), String(b.country)) ||
      (yo(a.year ?? null) === yo(b.year ?? null) ? 0 : yo(a.year ?? null) < yo(b.year ?? null) ? -1 : 1) ||
      (third === undefined ? 0 : cmp(lo(a[third] ?? null), lo(b[third] ?? null))),
  );
}

/** Which families of regressions a call fits (everything by default). */
export interface PremiumParts {
  /**
   * Skill premiums for every year and pooled, pooled only, or none. Default `auto`: every
   * year and pooled while the stacked skill design has at most
   * {@link SKILL_YEARS_MAX_ROWS} rows; above that, every year for the focus country only
   * and pooled for every country.
   */
  skills?: 'auto' | 'years' | 'pooled' | 'none';
  /** Premiums by seniority (default true); when false the table has no rows. */
  seniority?: boolean;
  /** The size guard of `auto` (stacked rows); default {@link SKILL_YEARS_MAX_ROWS}. */
  maxStackedRows?: number;
  /**
   * Decompose the gap in the yearly fits and keep them for the decomposition stage of the
   * same run (default true; see {@link takeYearlyFits}).
   */
  decompose?: boolean;
}

/**
 * `premium.csv` and `premium_by_seniority.csv` from the `panel` and `ai_skills` tables:
 * the AI premium by country × year and pooled, the premium of each AI skill (every year
 * and pooled) and the premium within each seniority level. Cells with fewer than
 * `min_cell` distinct persons (all, AI or non-AI) are blanked and flagged.
 */
export async function measurePremium(ctx: StudyContext, parts: PremiumParts = {}): Promise<OutputTable[]> {
  const { db, options } = ctx;
  // The spec's fixed effects, in the model's order, restricted to the study's --controls.
  const fe = PREMIUM_FE.filter((f) => (options.premiumControls ?? PREMIUM_FE).includes(f));
  const feNoSen = fe.filter((f) => f !== 'seniority');
  const t0 = Date.now();
  const sample = await buildPremiumSample(db, ctx.years, options.weighted);
  // The level codes of the sample, read once for every family (the skill design keeps them).
  const levels = await premiumLevels(db, sample);
  ctx.log?.(`premium: sample built in ${Date.now() - t0} ms`);
  const hasSkills = await db.hasTable('ai_skills');
  let done = false;
  try {
    const premium: Record<string, Cell>[] = [];
    const bySen: Record<string, Cell>[] = [];
    const { ssc } = options;
    const vcov = premiumVcovLabel(options.vcov, false);
    const vcovPooled = premiumVcovLabel(options.vcov, true);

    // The four families of the sample in one engine pass (fitFamilies): every group of each
    // is a union of cells (country, year, seniority), in which the year and the seniority
    // (their level codes) are constant. The yearly fits also decompose the gap
    // (decomposition.csv), kept for the decomposition stage.
    const families: Family[] = [
      { source: sample, x: 'ai', fe, by: ['country', 'ykey'], levels, ...(parts.decompose !== false ? { decompose: decompositionGroups(fe) } : {}) },
      { source: sample, x: 'ai', fe: [...fe, 'year_fe'], by: ['country'], levels },
      ...(parts.seniority !== false
        ? [
            { source: sample, x: 'ai', fe: feNoSen, by: ['country', 'ykey', 'seniority'], levels },
            { source: sample, x: 'ai', fe: [...feNoSen, 'year_fe'], by: ['country', 'seniority'], levels },
          ]
        : []),
    ];
    const [yearly, pooled, yearlyBySen, pooledBySen] = await fitFamiliesTogether(ctx, families, PREMIUM_CELLS);
    for (const g of yearly!) premium.push({ country: g.keys[0]!, year: yearCell(g.keys[1]), skill: 'all', ...g.cells, vcov, ssc });
    if (parts.decompose !== false)
      YEARLY_FITS.set(db, { signature: yearlyFitSignature(ctx), cells: new Map(yearly!.map((g) => [g.keys.join('|'), { fit: g.fit, counts: g.counts }])) });
    for (const g of pooled!) premium.push({ country: g.keys[0]!, year: 'pooled', skill: 'all', ...g.cells, vcov: vcovPooled, ssc });
    for (const g of yearlyBySen ?? [])
      bySen.push({ country: g.keys[0]!, year: yearCell(g.keys[1]), seniority: levelCell(g.keys[2]!), ...g.cells, vcov, ssc });
    for (const g of pooledBySen ?? []) bySen.push({ country: g.keys[0]!, year: 'pooled', seniority: levelCell(g.keys[1]!), ...g.cells, vcov: vcovPooled, ssc });

    let skillsPart = parts.skills ?? 'auto';
    const skills = hasSkills && skillsPart !== 'none';
    let stacked = 0;
    if (skills) {
      const t1 = Date.now();
      await buildSkillDesign(db, sample, SKILL_TABLE, options.skillDating === 'first-reported');
      // The size the stacked design would have: own rows + shared rows × skills of their country.
      stacked = (await db.scalar<number>(fill(sqlFile(import.meta.url, 'stacked-rows.sql'), { source: sql`${ident(SKILL_TABLE)}` }))) ?? 0;
      ctx.log?.(`premium: shared skill design built in ${Date.now() - t1} ms (stacked it would have ${stacked} rows)`);
    }
    // The new-hire premium's sample is a subset of this one (new-hires-sample.sql): filtered
    // here and left for the premium_new_hires stage (`takeNewHireSample`), which then does
    // not read the panel again. The premium sample is then done with: dropped before the
    // skill families, the stage's largest working set.
    await db.run(
      fill(sqlFile(import.meta.url, 'new-hires-sample.sql'), {
        target: sql`${ident(NEW_HIRES_TABLE)}`,
        sample: sql`${ident(sample)}`,
        columns: join(NEW_HIRE_COLUMNS.map((c) => sql`${ident(c)}`)),
      }),
    );
    NEW_HIRE_SAMPLES.set(db, { signature: sampleSignature(ctx.years, options.weighted), levels });
    await db.run(sql`drop table if exists ${ident(SAMPLE_TABLE)}`);

    if (skills) {
      // auto above the size guard: every year for the focus country only, pooled for all.
      const focusOnly = skillsPart === 'auto' && stacked > (parts.maxStackedRows ?? SKILL_YEARS_MAX_ROWS);
      if (skillsPart === 'auto') skillsPart = 'years';
      if (focusOnly) ctx.log?.(`premium: yearly skill premiums for ${options.focus} only (large design), pooled for every country`);
      if (skillsPart === 'years')
        for (const g of await fitFamily(ctx, {
          source: SKILL_TABLE, x: 'holds', fe, by: ['country', 'ykey', 'skill'], shared: true, levels, ...(focusOnly ? { country: options.focus } : {}),
        }))
          premium.push({ country: g.keys[0]!, year: yearCell(g.keys[1]), skill: g.keys[2]!, ...g.cells, vcov, ssc });
      for (const g of await fitFamily(ctx, { source: SKILL_TABLE, x: 'holds', fe: [...fe, 'year_fe'], by: ['country', 'skill'], shared: true, levels }))
        premium.push({ country: g.keys[0]!, year: 'pooled', skill: g.keys[1]!, ...g.cells, vcov: vcovPooled, ssc });
      await db.run(sql`drop table if exists ${ident(SKILL_TABLE)}`);
    }

    const out = [
      buildTable(PREMIUM, orderRows(premium, 'skill'), options.minCell),
      buildTable(PREMIUM_BY_SENIORITY, orderRows(bySen, 'seniority'), options.minCell),
    ];
    done = true;
    return out;
  } finally {
    await db.run(sql`drop table if exists ${ident(SKILL_TABLE)}; drop table if exists ${ident(SAMPLE_TABLE)}`);
    if (!done) {
      NEW_HIRE_SAMPLES.delete(db);
      await db.run(sql`drop table if exists ${ident(NEW_HIRES_TABLE)}`);
    }
  }
}

/** @internal exported for tests and the bench. */
export const _internal = { SAMPLE_TABLE, SKILL_TABLE };
