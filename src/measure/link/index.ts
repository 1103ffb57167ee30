/**
 * The premium–mobility link across countries (`link.csv`, `link_influence.csv`): for each
 * year (and `pooled`), x = the AI wage premium of a country (premium_pct, skill `all`),
 * y = the share of its AI-skilled nationals working abroad in percent (`share_abroad`) or
 * that share minus the non-AI share in points (`excess_share_abroad`). The cross-section
 * fit (HC3, permutation p, leave-one-out slopes: fit.ts), the country × year panel with
 * two-way fixed effects (CR1, wild cluster bootstrap: wild-bootstrap.ts), Pearson and
 * Spearman correlations, the per-country points and a scenario helper (fitted mean and
 * prediction intervals, classical) for the report. Pure TypeScript on two output tables:
 * there is no SQL in this module. See docs/premium.md.
 */
import { tQuantile } from '../../engine/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { LINK, LINK_INFLUENCE, buildTable, type Cell, type OutputTable, type Row } from '../../contract/index.ts';
import { fitHc3, leaveOneOutSlopes, permutationP } from './fit.ts';
import { fitPanel, type PanelObs } from './wild-bootstrap.ts';

/** Measures of the y axis, in output order. */
export const LINK_MEASURES = ['share_abroad', 'excess_share_abroad'] as const;
export type LinkMeasure = (typeof LINK_MEASURES)[number];

/** One country of the scatter for one year. */
export interface LinkPoint {
  year: number | 'pooled';
  /** ISO alpha-2 (origin of the abroad share = country of the premium). */
  country: string;
  /** x: 100·(exp(β) − 1). */
  premium_pct: number;
  /** AI users in the premium sample. */
  n_ai: number;
  /** y: 100 · share of AI-skilled nationals abroad. */
  share_abroad: number;
  /** y′: 100 · (AI share abroad − non-AI share abroad); null when the non-AI share is unknown. */
  excess_share_abroad: number | null;
  /** The study's focus country. */
  focus: boolean;
  /** Emoji flag of the country (regional-indicator pair), for labels. */
  flag: string;
}

/** A simple OLS line y = intercept + slope·x with what intervals need. */
export interface LinkFit {
  n: number;
  slope: number;
  intercept: number;
  /** Standard error of the slope (classical; link.csv uses HC3). */
  slopeSe: number;
  /** Residual degrees of freedom, n − 2. */
  df: number;
  xMean: number;
  /** Σ (x − x̄)². */
  sxx: number;
  /** Residual standard deviation √(RSS / (n − 2)). */
  sigma: number;
  slopeCi: [number, number];
  pearson: number;
  spearman: number;
}

/** What a scenario premium implies for the y measure. */
export interface Scenario {
  predicted: number;
  /** Confidence interval of the fitted mean at x0. */
  ci_low: number;
  ci_high: number;
  /** Prediction interval for one new country at x0. */
  pi_low: number;
  pi_high: number;
}

/** The regional-indicator emoji flag of an ISO alpha-2 code ('' if not two letters). */
export function flagEmoji(iso2: string): string {
  if (!/^[A-Z]{2}$/.test(iso2)) return '';
  return String.fromCodePoint(...[...iso2].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

/** Average ranks (1-based), ties sharing the mean of their positions. */
export function averageRanks(v: readonly number[]): number[] {
  const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const ranks = new Array<number>(v.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation; NaN when either variable is constant or n < 2. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2 || y.length !== n) return NaN;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Spearman correlation: Pearson on average ranks (ties handled). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Fit y = a + b·x by OLS with classical errors: the line behind {@link scenario} (its
 * σ̂ gives the prediction interval). `link.csv` reports the HC3 interval instead
 * (`fitHc3` in fit.ts). Returns null with fewer than 3 points or when x is constant.
 */
export function fitLink(x: readonly number[], y: readonly number[], level = 0.95): LinkFit | null {
  const n = x.length;
  if (y.length !== n) throw new Error('fitLink: x and y differ in length');
  if (n < 3) return null;
  const xMean = mean(x);
  const yMean = mean(y);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - xMean) ** 2;
    sxy += (x[i]! - xMean) * (y[i]! - yMean);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i]! - intercept - slope * x[i]!) ** 2;
  const df = n - 2;
  const sigma = Math.sqrt(rss / df);
  const slopeSe = sigma / Math.sqrt(sxx);
  const q = tQuantile((1 + level) / 2, df);
  return {
    n,
    slope,
    intercept,
    slopeSe,
    df,
    xMean,
    sxx,
    sigma,
    slopeCi: [slope - q * slopeSe, slope + q * slopeSe],
    pearson: pearson(x, y),
    spearman: spearman(x, y),
  };
}

/**
 * The fitted value at a scenario premium `premiumPct`, with the confidence interval of the
 * fitted mean (se = σ·√(1/n + (x0 − x̄)²/Sxx)) and the prediction interval for one new
 * country (se = σ·√(1 + 1/n + (x0 − x̄)²/Sxx)), both with t(n − 2).
 */
export function scenario(fit: LinkFit, premiumPct: number, level = 0.95): Scenario {
  const predicted = fit.intercept + fit.slope * premiumPct;
  const lever = 1 / fit.n + (premiumPct - fit.xMean) ** 2 / fit.sxx;
  const q = tQuantile((1 + level) / 2, fit.df);
  const seMean = fit.sigma * Math.sqrt(lever);
  const sePred = fit.sigma * Math.sqrt(1 + lever);
  return {
    predicted,
    ci_low: predicted - q * seMean,
    ci_high: predicted + q * seMean,
    pi_low: predicted - q * sePred,
    pi_high: predicted + q * sePred,
  };
}

/**
 * The per-country points of the link for every year of the premium table (and `pooled`).
 * A country enters a year when its premium (skill `all`) is published (not suppressed, a
 * finite premium_pct), its n_ai is at least `minAiN`, and its AI share abroad is known.
 * Pooled shares are Σ persons_abroad / Σ persons over the yearly rows of the abroad-share
 * table (unless that table has its own `pooled` rows, which are then used). Weighted
 * shares and counts are used when the table has them (see shareIndex).
 */
export function linkPoints(
  premium: OutputTable,
  abroadShare: OutputTable,
  opts: { minAiN: number; focus?: string },
): LinkPoint[] {
  const shares = shareIndex(abroadShare);
  const points: LinkPoint[] = [];
  for (const r of premium.rows) {
    if (r.skill !== 'all' || r.suppressed === true) continue;
    const pct = num(r.premium_pct);
    const nAi = num(r.n_ai);
    const country = typeof r.country === 'string' ? r.country : null;
    const year = r.year === 'pooled' ? 'pooled' : num(r.year);
    if (pct === null || nAi === null || country === null || year === null) continue;
    if (nAi < opts.minAiN) continue;
    const ai = shares.get(key(country, year, 'ai'));
    if (ai === undefined) continue;
    const non = shares.get(key(country, year, 'non_ai'));
    points.push({
      year,
      country,
      premium_pct: pct,
      n_ai: nAi,
      share_abroad: 100 * ai,
      excess_share_abroad: non === undefined ? null : 100 * (ai - non),
      focus: opts.focus !== undefined && country === opts.focus,
      flag: flagEmoji(country),
    });
  }
  return points.sort((a, b) => yearOrder(a.year) - yearOrder(b.year) || (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
}

/** Model of a `link.csv` row. */
export type LinkModel = 'cross_section' | 'panel_fe';

/** The y value of a point for a measure (null when unknown). */
export function measureValue(p: LinkPoint, measure: LinkMeasure): number | null {
  const y = measure === 'share_abroad' ? p.share_abroad : p.excess_share_abroad;
  return y !== null && Number.isFinite(y) ? y : null;
}

/** The slope cells of a link row from a fit (blank without one). */
function slopeCells(fit: { slope: number; se: number; ci: readonly [number, number] | number[]; df: number; p: number } | null): Record<string, Cell> {
  return {
    slope: fin(fit?.slope),
    se: fin(fit?.se),
    slope_ci_low: fin(fit?.ci[0]),
    slope_ci_high: fin(fit?.ci[1]),
    df: fit ? fit.df : null,
    p_value: fin(fit?.p),
  };
}

/**
 * The rows of `link.csv` and `link_influence.csv`. For each year (ascending, then
 * `pooled`) and measure a `cross_section` row: OLS with HC3 se, t(n − 2) interval and
 * p-value, the permutation p-value (fit.ts), Pearson and Spearman; with the slope
 * without each country in the influence rows. Then, for each measure, a `panel_fe` row
 * (year `pooled`) on the yearly points: two-way FE, CR1 by country, t(G − 1), the
 * restricted wild cluster bootstrap p-value (wild-bootstrap.ts). Too few countries give
 * blank statistics (n_countries still counts them).
 */
export function linkTables(points: readonly LinkPoint[], years: readonly (number | 'pooled')[]): { link: Row[]; influence: Row[] } {
  const link: Row[] = [];
  const influence: Row[] = [];
  for (const year of years) {
    const pts = points.filter((p) => p.year === year);
    for (const measure of LINK_MEASURES) {
      const used = pts.filter((p) => measureValue(p, measure) !== null);
      const xs = used.map((p) => p.premium_pct);
      const ys = used.map((p) => measureValue(p, measure)!);
      const fit = fitHc3(xs, ys);
      const perm = fit ? permutationP(xs, ys) : null;
      link.push({
        year,
        measure,
        model: 'cross_section',
        ...slopeCells(fit),
        p_permutation: fin(perm?.p),
        p_wild_bootstrap: null,
        pearson: fit ? fin(pearson(xs, ys)) : null,
        spearman: fit ? fin(spearman(xs, ys)) : null,
        n_countries: xs.length,
      });
      if (fit) {
        const loo = leaveOneOutSlopes(xs, ys);
        used.forEach((p, i) => influence.push({ year, measure, left_out: p.country, slope: fin(loo[i]) }));
      }
    }
  }
  for (const measure of LINK_MEASURES) {
    const obs: PanelObs[] = [];
    for (const p of points) {
      const y = measureValue(p, measure);
      if (p.year !== 'pooled' && y !== null) obs.push({ country: p.country, year: p.year, x: p.premium_pct, y });
    }
    const fit = fitPanel(obs);
    const perCountry = new Map<string, number>();
    for (const o of obs) perCountry.set(o.country, (perCountry.get(o.country) ?? 0) + 1);
    link.push({
      year: 'pooled',
      measure,
      model: 'panel_fe',
      ...slopeCells(fit),
      p_permutation: null,
      p_wild_bootstrap: fin(fit?.pWild),
      pearson: null,
      spearman: null,
      n_countries: fit ? fit.G : [...perCountry.values()].filter((k) => k >= 2).length,
    });
  }
  return { link, influence };
}

/**
 * `link.csv` and `link_influence.csv` from the premium table (`premium.csv`) and the
 * abroad-share table (`abroad_share.csv`): see {@link linkTables}.
 */
export async function measureLink(ctx: StudyContext, premium: OutputTable, abroadShare: OutputTable): Promise<OutputTable[]> {
  const points = linkPoints(premium, abroadShare, { minAiN: ctx.options.minAiN, focus: ctx.options.focus });
  const years = new Set<number | 'pooled'>();
  for (const r of premium.rows) {
    if (r.skill !== 'all') continue;
    if (r.year === 'pooled') years.add('pooled');
    else if (typeof r.year === 'number') years.add(r.year);
  }
  const ordered = [...years].sort((a, b) => yearOrder(a) - yearOrder(b));
  ctx.log?.(`link: ${points.length} country-year points over ${ordered.length} years`);
  const { link, influence } = linkTables(points, ordered);
  return [buildTable(LINK, link, ctx.options.minCell), buildTable(LINK_INFLUENCE, influence, ctx.options.minCell)];
}

/**
 * Shares abroad by (origin, year, group): the weighted shares when the table has any (the
 * data carry sample weights, as the headline counts are weighted), the raw ones otherwise
 * — one kind for the whole table, never mixed within a fit.
 */
function shareIndex(t: OutputTable): Map<string, number> {
  const out = new Map<string, number>();
  const pooled = new Map<string, { persons: number; abroad: number }>();
  const hasPooled = t.rows.some((r) => r.year === 'pooled');
  const w = t.rows.some((r) => num(r.share_abroad_weighted) !== null) ? '_weighted' : '';
  for (const r of t.rows) {
    if (typeof r.origin !== 'string' || (r.group !== 'ai' && r.group !== 'non_ai')) continue;
    const share = num(r[`share_abroad${w}`]);
    if (r.year === 'pooled') {
      if (share !== null) out.set(key(r.origin, 'pooled', r.group), share);
      continue;
    }
    const year = num(r.year);
    if (year === null) continue;
    if (share !== null) out.set(key(r.origin, year, r.group), share);
    const persons = num(r[w ? 'persons_weighted' : 'persons']);
    const abroad = num(r[w ? 'persons_abroad_weighted' : 'persons_abroad']);
    if (!hasPooled && persons !== null && abroad !== null && persons > 0) {
      const k = key(r.origin, 'pooled', r.group);
      const acc = pooled.get(k) ?? { persons: 0, abroad: 0 };
      acc.persons += persons;
      acc.abroad += abroad;
      pooled.set(k, acc);
    }
  }
  for (const [k, v] of pooled) out.set(k, v.abroad / v.persons);
  return out;
}

function key(country: string, year: number | 'pooled', group: string): string {
  return `${country}|${year}|${group}`;
}

function yearOrder(y: number | 'pooled'): number {
  return y === 'pooled' ? Number.POSITIVE_INFINITY : y;
}

function num(v: Cell | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function fin(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

function mean(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}
