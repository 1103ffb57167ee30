/**
 * The Oaxaca–Blinder decomposition of the AI pay gap (`decomposition.csv`): for every
 * country and year with a published premium (skill `all`), the raw AI − non-AI gap in mean
 * ln salary split into the part explained by characteristics (by group: seniority, role,
 * industry, degree, experience, start year) and the unexplained part, which is the premium
 * β itself (the pooled model with the AI dummy is the reference, Neumark/Jann). The yearly
 * premium models are fitted with the engine's `decompose` option (by the premium stage,
 * which keeps the fits for this one; refitted here when it has none), which forms each part as a linear combination of the coefficients (fixed-effect dummies included)
 * weighted by the AI − non-AI differences in group means, with its delta-method variance
 * (the premium model's clustered variance; the means held fixed). Method: docs/methods.md.
 */
import { ident, sql } from '../../db/index.ts';
import { DECOMPOSITION, DECOMPOSITION_COMPONENTS, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import type { EngineError, FitResult } from '../../engine/index.ts';
import { PREMIUM_CELLS, PREMIUM_FE, buildPremiumSample, decompositionGroups, fitFamiliesTogether, premiumLevels, takeYearlyFits, yearlyFitSignature, type CellCounts } from '../premium/index.ts';
import { publishCoef } from '../publish.ts';

export { DECOMPOSITION_GROUPS } from '../premium/index.ts';

/** A yearly cell's fit (with its decomposition) and counts, by `country|year`. */
type YearlyCells = ReadonlyMap<string, { fit: FitResult | EngineError | undefined; counts: CellCounts }>;

/**
 * `decomposition.csv` from the `panel` table and the `premium` output table: one row per
 * component for each (country, year) whose yearly premium (skill `all`) was published.
 * The components follow {@link DECOMPOSITION_COMPONENTS}; a group whose fixed effect is
 * left out by `--controls` has no row. The fits are those `measurePremium` made in the
 * same run (it fits the yearly models with the decomposition); without them (the stage
 * run alone, other options) the models are refitted here, with the same results.
 */
export async function measureDecomposition(ctx: StudyContext, premium: OutputTable): Promise<OutputTable[]> {
  const { db, options } = ctx;
  const published = premium.rows.filter((r) => r.skill === 'all' && typeof r.year === 'number' && typeof r.estimate === 'number');
  const rows: Record<string, Cell>[] = [];
  const kept = takeYearlyFits(db, yearlyFitSignature(ctx));
  if (published.length === 0) return [buildTable(DECOMPOSITION, rows, options.minCell)];
  const t0 = Date.now();
  const keys = published.map((r) => [String(r.country), String(r.year)] as const);
  const reuse = kept !== undefined && keys.every(([c, y]) => kept.get(`${c}|${y}`)?.fit !== undefined);
  const cells = reuse ? kept : await refit(ctx, keys);
  for (const [i, [country, ykey]] of keys.entries()) {
    const c = cells.get(`${country}|${ykey}`);
    if (!c) continue;
    const fit = c.fit instanceof Error ? undefined : c.fit;
    for (const part of componentsOf(fit, published[i]!)) rows.push({ country, year: Number(ykey), ...part, ...c.counts });
  }
  ctx.log?.(`decomposition: ${keys.length} cells in ${Date.now() - t0} ms (${reuse ? 'the premium stage\'s fits' : 'refitted'})`);
  const order = new Map<string, number>(DECOMPOSITION_COMPONENTS.map((c, i) => [c, i]));
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  rows.sort((a, b) => cmp(String(a.country), String(b.country)) || Number(a.year) - Number(b.year) || order.get(String(a.component))! - order.get(String(b.component))!);
  return [buildTable(DECOMPOSITION, rows, options.minCell)];
}

/**
 * Refit the yearly premium model with the decomposition on the cells `keys` (country,
 * year): the premium stage's yearly family, fitted as that stage fits it (one
 * `fitFamiliesTogether` pass over its cells), so that the results are the same bit for bit.
 */
async function refit(ctx: StudyContext, keys: readonly (readonly [string, string])[]): Promise<YearlyCells> {
  const { db, options } = ctx;
  const fe = PREMIUM_FE.filter((f) => (options.premiumControls ?? PREMIUM_FE).includes(f));
  const sample = await buildPremiumSample(db, ctx.years, options.weighted);
  try {
    const levels = await premiumLevels(db, sample);
    const [yearly] = await fitFamiliesTogether(ctx, [{ source: sample, x: 'ai', fe, by: ['country', 'ykey'], levels, decompose: decompositionGroups(fe) }], PREMIUM_CELLS);
    const fitted = new Map(yearly!.map((g) => [g.keys.join('|'), g]));
    const out = new Map<string, { fit: FitResult | EngineError | undefined; counts: CellCounts }>();
    for (const [country, ykey] of keys) {
      const g = fitted.get(`${country}|${ykey}`);
      if (g) out.set(`${country}|${ykey}`, { fit: g.fit, counts: g.counts });
    }
    return out;
  } finally {
    await db.run(sql`drop table if exists ${ident(sample)}`);
  }
}

/**
 * The published components of one fit: blank estimates (with the sample's n) when the fit
 * failed or its premium would not be published (the same rule as premium.csv), and a
 * component blank (not estimable) when its estimate or standard error is not finite (a
 * degenerate cell: e.g. a part's variance rounded below zero). The `unexplained` row is
 * the premium row itself (`premium`), so that the two files agree exactly (the table's
 * rounding and disclosure are the premium row's).
 */
export function componentsOf(fit: FitResult | undefined, premium: Record<string, Cell>): Record<string, Cell>[] {
  const ok = publishCoef(fit, 'ai') !== null;
  const parts = ok && fit ? fit.decomposition() : [];
  if (parts.length === 0) return DECOMPOSITION_COMPONENTS.slice(0, 3).map((component) => ({ component, estimate: null, se: null, ci_low: null, ci_high: null, df: null }));
  return parts.map((p) => {
    if (p.component === 'unexplained')
      return { component: p.component, estimate: premium.estimate ?? null, se: premium.se ?? null, ci_low: premium.ci_low ?? null, ci_high: premium.ci_high ?? null, df: premium.df ?? null };
    if (!Number.isFinite(p.estimate) || !Number.isFinite(p.se)) return { component: p.component, estimate: null, se: null, ci_low: null, ci_high: null, df: null };
    const finite = Number.isFinite(p.ci_low) && Number.isFinite(p.ci_high);
    return { component: p.component, estimate: p.estimate, se: p.se, ci_low: finite ? p.ci_low : null, ci_high: finite ? p.ci_high : null, df: p.df };
  });
}
