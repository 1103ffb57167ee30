/**
 * The report's charts as vega-lite specs built from the contract tables, and their
 * rendering to SVG in Node (vega, `renderer: 'none'`). The same builders feed the
 * dashboard, which renders them live in the browser.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { OutputTable } from '../output/table.ts';
import { fitLink, linkPoints, scenario } from '../measure/link/index.ts';
import { fitHc3, leaveOneOutSlopes, permutationP } from '../measure/link/fit.ts';
import { ReportData, num, pct, type Row } from './data.ts';
import { countryName, skillName, t, type Lang } from './i18n.ts';
import { decompositionView } from './decomposition.ts';

/** A vega-lite spec as plain JSON. */
export type Spec = Record<string, unknown>;

/** Okabe–Ito colours (safe for the common colour-vision deficiencies). */
export const PALETTE = {
  focus: '#D55E00',
  other: '#0072B2',
  muted: '#9FB3C8',
  band: '#56B4E9',
  green: '#009E73',
  ink: '#1F2933',
} as const;

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Apple SD Gothic Neo', 'Malgun Gothic', NanumGothic, 'Noto Sans CJK KR', Arial, sans-serif";

/** What a chart builder needs besides the tables. */
export interface ChartContext {
  lang: Lang;
  focus: string;
  /** The year shown by the cross-country charts. */
  year: number;
  /** Minimum AI users for a country to enter the link scatter. */
  minAiN: number;
  /** Scenario premium (%) for the focus country in the link scatter; null = none. */
  scenarioPremium: number | null;
  /** The run measured a synthetic world of talentflow's generator (calibrated to the BOK figures). */
  synthetic?: boolean;
  width?: number;
}

const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', titleColor: '#52606D', labelColor: '#3E4C59',
    gridColor: '#E4E7EB', domainColor: '#9AA5B1', tickColor: '#9AA5B1', labelLimit: 180,
  },
  title: { fontSize: 13, anchor: 'start', fontWeight: 'bold', color: PALETTE.ink, subtitleColor: '#52606D', subtitleFontSize: 11, offset: 10 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'top', titleColor: '#52606D', labelColor: '#3E4C59' },
};

function base(ctx: ChartContext, title: string, subtitle: string | undefined, body: Spec): Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: ctx.width ?? 640,
    title: subtitle ? { text: title, subtitle } : { text: title },
    config: CONFIG,
    ...body,
  };
}

const colourByFocus = { field: 'is_focus', type: 'nominal', scale: { domain: [true, false], range: [PALETTE.focus, PALETTE.other] }, legend: null };

/** Ids of the charts, in report order. */
export const CHART_IDS = [
  'headcount-by-country', 'headcount-trend', 'premium-by-country', 'premium-trend', 'premium-by-skill', 'decomposition',
  'net-flows', 'abroad-destinations', 'link-scatter', 'published-vs-measured', 'rejects-by-reason',
] as const;
export type ChartId = (typeof CHART_IDS)[number];

/** Rows of chart 1: AI headcount (weighted where available) by country in ctx.year. */
export function headcountPoints(data: ReportData, ctx: ChartContext): { country: string; name: string; value: number; is_focus: boolean }[] {
  return data
    .headcountByCountry(ctx.year)
    .map((r) => ({ country: r.country as string, value: num(r.persons_weighted) ?? num(r.persons) }))
    .filter((r): r is { country: string; value: number } => r.value !== null)
    .map((r) => ({ ...r, name: countryName(r.country, ctx.lang), is_focus: r.country === ctx.focus }))
    .sort((a, b) => b.value - a.value);
}

function headcountByCountry(data: ReportData, ctx: ChartContext): Spec | null {
  const s = t(ctx.lang);
  const values = headcountPoints(data, ctx);
  if (!values.length) return null;
  return base(ctx, `${s.s1}, ${ctx.year}`, s.aiWorkersW, {
    height: Math.max(60, values.length * 24),
    data: { name: 'table', values },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2, height: 16 },
        encoding: {
          y: { field: 'name', type: 'nominal', sort: null, title: null, axis: { ticks: false, domain: false } },
          x: { field: 'value', type: 'quantitative', title: s.aiWorkersW, axis: { format: ',d', grid: true } },
          color: colourByFocus,
          tooltip: [{ field: 'name', title: s.country }, { field: 'value', title: s.personsW, format: ',.0f' }],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#3E4C59' },
        encoding: {
          y: { field: 'name', type: 'nominal', sort: null },
          x: { field: 'value', type: 'quantitative' },
          text: { field: 'value', type: 'quantitative', format: ',.0f' },
        },
      },
    ],
  });
}

function headcountTrend(data: ReportData, ctx: ChartContext): Spec | null {
  const s = t(ctx.lang);
  const values = data
    .headcountSeries(ctx.focus)
    .map((r) => ({ year: r.year as number, value: num(r.persons_weighted) ?? num(r.persons) }))
    .filter((r) => r.value !== null);
  if (!values.length) return null;
  return base(ctx, `${s.s1}: ${countryName(ctx.focus, ctx.lang)}`, s.aiWorkersW, {
    height: 200,
    data: { name: 'table', values },
    encoding: {
      x: { field: 'year', type: 'quantitative', title: s.year, axis: { format: 'd', tickMinStep: 1, grid: false }, scale: { zero: false } },
      y: { field: 'value', type: 'quantitative', title: s.aiWorkersW, axis: { format: ',d' }, scale: { zero: true } },
      tooltip: [{ field: 'year', title: s.year }, { field: 'value', title: s.personsW, format: ',.0f' }],
    },
    layer: [
      { mark: { type: 'line', color: PALETTE.focus, strokeWidth: 2.5 } },
      { mark: { type: 'point', filled: true, color: PALETTE.focus, size: 36 } },
    ],
  });
}

/** A premium row in percent units with its interval, or null when suppressed. */
export function premiumPoint(r: Row): { premium: number; lo: number; hi: number } | null {
  const est = num(r.estimate);
  const p = num(r.premium_pct) ?? pct(est);
  const lo = pct(num(r.ci_low));
  const hi = pct(num(r.ci_high));
  if (p === null || lo === null || hi === null) return null;
  return { premium: p, lo, hi };
}

function intervalChart(
  ctx: ChartContext,
  title: string,
  subtitle: string,
  input: { label: string; premium: number; lo: number; hi: number; is_focus: boolean }[],
  labelTitle: string,
): Spec {
  const s = t(ctx.lang);
  const values = [...input].sort((a, b) => b.premium - a.premium);
  return base(ctx, title, subtitle, {
    height: Math.max(60, values.length * 26),
    data: { name: 'table', values },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { ticks: false, domain: false, grid: true, gridDash: [2, 3] } },
    },
    layer: [
      { mark: { type: 'rule', color: '#9AA5B1' }, encoding: { x: { datum: 0, type: 'quantitative' }, y: null } },
      {
        mark: { type: 'rule', strokeWidth: 2.5, strokeCap: 'round' },
        encoding: {
          x: { field: 'lo', type: 'quantitative', title: s.premium },
          x2: { field: 'hi' },
          color: colourByFocus,
          opacity: { value: 0.55 },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'premium', type: 'quantitative' },
          color: colourByFocus,
          tooltip: [
            { field: 'label', title: labelTitle },
            { field: 'premium', title: s.premium, format: '.1f' },
            { field: 'lo', title: s.ciLow, format: '.1f' },
            { field: 'hi', title: s.ciHigh, format: '.1f' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 8, dy: -9, fontSize: 10, color: '#3E4C59' },
        encoding: { x: { field: 'premium', type: 'quantitative' }, text: { field: 'premium', type: 'quantitative', format: '.1f' } },
      },
    ],
  });
}

function premiumByCountry(data: ReportData, ctx: ChartContext): Spec | null {
  const s = t(ctx.lang);
  const values = data
    .premiumByCountry(ctx.year)
    .map((r) => ({ r, p: premiumPoint(r) }))
    .filter((x) => x.p !== null)
    .map(({ r, p }) => ({ label: countryName(r.country as string, ctx.lang), ...p!, is_focus: r.country === ctx.focus }));
  if (!values.length) return null;
  return intervalChart(ctx, `${s.s2}, ${ctx.year}`, `${s.premium}, ${s.ci95}`, values, s.country);
}

function premiumTrend(data: ReportData, ctx: ChartContext): Spec | null {
  const s = t(ctx.lang);
  const values = data
    .premiumSeries(ctx.focus)
    .map((r) => ({ year: r.year as number, p: premiumPoint(r) }))
    .filter((x) => x.p !== null)
    .map(({ year, p }) => ({ year, ...p! }));
  if (!values.length) return null;
  return base(ctx, `${s.s3}: ${countryName(ctx.focus, ctx.lang)}`, `${s.premium}, ${s.ci95}`, {
    height: 220,
    data: { name: 'table', values },
    encoding: { x: { field: 'year', type: 'quantitative', title: s.year, axis: { format: 'd', tickMinStep: 1, grid: false }, scale: { zero: false } } },
    layer: [
      { mark: { type: 'area', color: PALETTE.band, opacity: 0.3 }, encoding: { y: { field: 'lo', type: 'quantitative', title: s.premium }, y2: { field: 'hi' } } },
      { mark: { type: 'rule', color: '#9AA5B1' }, encoding: { y: { datum: 0, type: 'quantitative' }, x: null } },
      { mark: { type: 'line', color: PALETTE.focus, strokeWidth: 2.5 }, encoding: { y: { field: 'premium', type: 'quantitative' } } },
      {
        mark: { type: 'point', filled: true, color: PALETTE.focus, size: 36 },
        encoding: {
          y: { field: 'premium', type: 'quantitative' },
          tooltip: [
            { field: 'year', title: s.year },
            { field: 'premium', title: s.premium, format: '.1f' },
            { field: 'lo', title: s.ciLow, format: '.1f' },
            { field: 'hi', title: s.ciHigh, format: '.1f' },
          ],
        },
      },
    ],
  });
}

function premiumBySkill(data: ReportData, ctx: ChartContext): Spec | null {
  const s = t(ctx.lang);
  const { year, rows } = data.skillPremiums(ctx.focus, ctx.year);
  const values = rows
    .map((r) => ({ r, p: premiumPoint(r) }))
    .filter((x) => x.p !== null)
    .map(({ r, p }) => ({ label: skillName(r.skill as string, ctx.lang), ...p!, is_focus: false }));
  if (!values.length || year === null) return null;
  const yr = year === 'pooled' ? s.pooled : String(year);
  return intervalChart(ctx, `${s.s4}: ${countryName(ctx.focus, ctx.lang)}, ${yr}`, `${s.premium}, ${s.ci95}`, values, s.skill);
}

function netFlows(data: ReportData, ctx: ChartContext): Spec | null {
  const s = t(ctx.lang);
  const values = data
    .flowSeries(ctx.focus)
    .map((r) => ({ year: r.year as number, net: num(r.net_weighted) ?? num(r.net) }))
    .filter((r): r is { year: number; net: number } => r.net !== null)
    .map((r) => ({ ...r, dir: r.net < 0 ? s.netOut : s.netIn }));
  if (!values.length) return null;
  return base(ctx, `${s.s5}: ${countryName(ctx.focus, ctx.lang)}`, s.netW, {
    height: 220,
    data: { name: 'table', values },
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.7 } },
        encoding: {
          x: { field: 'year', type: 'ordinal', title: s.year, axis: { labelAngle: 0 } },
          y: { field: 'net', type: 'quantitative', title: s.netW, axis: { format: ',d' } },
          color: { field: 'dir', type: 'nominal', title: null, scale: { domain: [s.netOut, s.netIn], range: [PALETTE.focus, PALETTE.other] } },
          tooltip: [{ field: 'year', title: s.year }, { field: 'net', title: s.netW, format: ',.0f' }],
        },
      },
      { mark: { type: 'rule', color: '#52606D' }, encoding: { y: { datum: 0, type: 'quantitative' } } },
    ],
  });
}

/** Rows of the destinations chart/table: nationals of the focus country abroad in ctx.year. */
export function destinationPoints(data: ReportData, ctx: ChartContext): { country: string; name: string; value: number; persons: number | null }[] {
  return data
    .abroadByDestination(ctx.focus, ctx.year)
    .map((r) => ({ country: r.destination as string, value: num(r.persons_weighted) ?? num(r.persons), persons: num(r.persons) }))
    .filter((r): r is { country: string; value: number; persons: number | null } => r.value !== null)
    .map((r) => ({ ...r, name: countryName(r.country, ctx.lang) }));
}

function abroadDestinations(data: ReportData, ctx: ChartContext): Spec | null {
  const s = t(ctx.lang);
  const values = destinationPoints(data, ctx).slice(0, 10).sort((a, b) => b.value - a.value);
  if (!values.length) return null;
  return base(ctx, `${s.s6}: ${countryName(ctx.focus, ctx.lang)}, ${ctx.year}`, `${s.abroadW}, ${s.destination}`, {
    height: Math.max(60, values.length * 24),
    data: { name: 'table', values },
    layer: [
      {
        mark: { type: 'bar', color: PALETTE.other, cornerRadiusEnd: 2, height: 16 },
        encoding: {
          y: { field: 'name', type: 'nominal', sort: null, title: null, axis: { ticks: false, domain: false } },
          x: { field: 'value', type: 'quantitative', title: s.abroadW, axis: { format: ',d' } },
          tooltip: [{ field: 'name', title: s.destination }, { field: 'value', title: s.abroadW, format: ',.0f' }],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#3E4C59' },
        encoding: { y: { field: 'name', type: 'nominal', sort: null }, x: { field: 'value', type: 'quantitative' }, text: { field: 'value', type: 'quantitative', format: ',.0f' } },
      },
    ],
  });
}

/** One country of the scatter (percent units). */
export interface ScatterPoint {
  country: string;
  premium_pct: number;
  /** Share of the country's AI-skilled nationals working abroad (%). */
  share_ai: number;
  /** That share minus the non-AI share (points); null when unknown. */
  gap_pp: number | null;
  n_ai: number | null;
}

const EMPTY = (name: string): OutputTable => ({ name, columns: [], rows: [] });

/** Per-country points of the premium–mobility link in one year (the study's own selection rule). */
export function scatterPoints(data: ReportData, year: number, minAiN: number): ScatterPoint[] {
  return linkPoints(data.tables.get('premium') ?? EMPTY('premium'), data.tables.get('abroad_share') ?? EMPTY('abroad_share'), { minAiN })
    .filter((p) => p.year === year)
    .map((p) => ({ country: p.country, premium_pct: p.premium_pct, share_ai: p.share_abroad, gap_pp: p.excess_share_abroad, n_ai: p.n_ai }));
}

/**
 * The link for the report, the summary and the API, in one year: the scatter's points;
 * `fit`, the classical OLS line over all countries (its slope is link.csv's);
 * `hc3`, that slope with its HC3 interval and permutation p (as link.csv);
 * `lineFit`, the line fitted without the focus country (all countries when the focus is
 * not in the scatter), drawn with its 95% prediction band for one country; the scenario
 * from `lineFit` at the scenario premium (fitted value, interval of the fitted mean and
 * prediction interval for one country); the panel row of link.csv (`panel`); and the
 * slope with each country left out (`influence`, largest change first).
 */
export function linkModel(data: ReportData, ctx: ChartContext) {
  const points = scatterPoints(data, ctx.year, ctx.minAiN);
  const xs = points.map((p) => p.premium_pct);
  const ys = points.map((p) => p.share_ai);
  const fit = fitLink(xs, ys);
  const hc3 = fitHc3(xs, ys);
  const perm = hc3 ? permutationP(xs, ys) : null;
  const focusPoint = points.find((p) => p.country === ctx.focus) ?? null;
  const others = points.filter((p) => p.country !== ctx.focus);
  const lineFit = focusPoint ? fitLink(others.map((p) => p.premium_pct), others.map((p) => p.share_ai)) : fit;
  const scen = ctx.scenarioPremium;
  const lo = Math.min(...xs, scen ?? Infinity);
  const hi = Math.max(...xs, scen ?? -Infinity);
  const bandPts: { x: number; fit: number; low: number; high: number }[] = [];
  if (lineFit) {
    for (let i = 0; i <= 24; i++) {
      const x = lo + ((hi - lo) * i) / 24;
      const s = scenario(lineFit, x);
      bandPts.push({ x, fit: s.predicted, low: s.pi_low, high: s.pi_high });
    }
  }
  const sc = lineFit && scen !== null ? scenario(lineFit, scen) : null;
  const loo = hc3 ? leaveOneOutSlopes(xs, ys) : [];
  const influence = points
    .map((p, i) => ({ country: p.country, slope: loo[i] ?? NaN }))
    .filter((r) => Number.isFinite(r.slope))
    .sort((a, b) => Math.abs(b.slope - hc3!.slope) - Math.abs(a.slope - hc3!.slope) || (a.country < b.country ? -1 : 1));
  const panelRow = data.rows('link').find((r) => r.model === 'panel_fe' && r.measure === 'share_abroad') ?? null;
  const panel =
    panelRow && num(panelRow.slope) !== null
      ? { slope: num(panelRow.slope)!, low: num(panelRow.slope_ci_low), high: num(panelRow.slope_ci_high), pWild: num(panelRow.p_wild_bootstrap), g: num(panelRow.n_countries) }
      : null;
  return {
    points,
    fit,
    hc3: hc3 && Number.isFinite(hc3.se)
      ? { slope: hc3.slope, low: hc3.ci[0], high: hc3.ci[1], p: hc3.p, pPerm: perm?.p ?? NaN, n: hc3.n, includesZero: hc3.ci[0] <= 0 && 0 <= hc3.ci[1] }
      : null,
    lineFit,
    /** The scenario's line leaves the focus country out. */
    focusLeftOut: focusPoint !== null,
    focusPoint,
    band: bandPts,
    scenario: sc ? { premium: scen!, fit: sc.predicted, low: sc.ci_low, high: sc.ci_high, pi_low: sc.pi_low, pi_high: sc.pi_high } : null,
    influence,
    panel,
  };
}

/** Default scenario premium: the median premium of the other countries in the scatter. */
export function defaultScenario(data: ReportData, year: number, focus: string, minAiN: number): number | null {
  const others = scatterPoints(data, year, minAiN).filter((p) => p.country !== focus).map((p) => p.premium_pct).sort((a, b) => a - b);
  if (!others.length) return null;
  const m = others.length;
  const med = m % 2 ? others[(m - 1) / 2]! : (others[m / 2 - 1]! + others[m / 2]!) / 2;
  return Math.round(med * 10) / 10;
}

function linkScatter(data: ReportData, ctx: ChartContext): Spec | null {
  const s = t(ctx.lang);
  const m = linkModel(data, ctx);
  if (m.points.length < 2) return null;
  const pts = m.points.map((p) => ({ ...p, name: countryName(p.country, ctx.lang), is_focus: p.country === ctx.focus }));
  const layers: Spec[] = [];
  if (m.lineFit) {
    layers.push(
      {
        data: { values: m.band },
        mark: { type: 'area', color: PALETTE.band, opacity: 0.25 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
      {
        data: { values: m.band },
        mark: { type: 'line', color: PALETTE.other, strokeDash: [6, 3], strokeWidth: 1.5 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'fit', type: 'quantitative' } },
      },
    );
  }
  layers.push(
    {
      data: { name: 'table', values: pts },
      mark: { type: 'point', filled: true, size: 80, opacity: 1 },
      encoding: {
        x: { field: 'premium_pct', type: 'quantitative', title: s.premium },
        y: { field: 'share_ai', type: 'quantitative', title: s.shareAbroadAi },
        color: colourByFocus,
        tooltip: [
          { field: 'name', title: s.country },
          { field: 'premium_pct', title: s.premium, format: '.1f' },
          { field: 'share_ai', title: s.shareAbroadAi, format: '.1f' },
        ],
      },
    },
    {
      data: { name: 'table' },
      mark: { type: 'text', dx: 7, align: 'left', baseline: 'middle', fontSize: 11 },
      encoding: {
        x: { field: 'premium_pct', type: 'quantitative' },
        y: { field: 'share_ai', type: 'quantitative' },
        text: { field: 'country' },
        color: { condition: { test: 'datum.is_focus', value: PALETTE.focus }, value: '#3E4C59' },
      },
    },
  );
  if (m.scenario && m.focusPoint) {
    const sc = [{ x: m.scenario.premium, y: m.scenario.fit, x0: m.focusPoint.premium_pct, y0: m.focusPoint.share_ai }];
    layers.push(
      {
        data: { values: sc },
        mark: { type: 'rule', color: PALETTE.focus, strokeDash: [2, 2] },
        encoding: { x: { field: 'x0', type: 'quantitative' }, y: { field: 'y0', type: 'quantitative' }, x2: { field: 'x' }, y2: { field: 'y' } },
      },
      {
        data: { values: sc },
        mark: { type: 'point', shape: 'diamond', size: 140, filled: false, strokeWidth: 2, color: PALETTE.focus },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
    );
  }
  const scenLabel = m.scenario && m.focusPoint ? `; ◇ ${s.scenarioAt(countryName(ctx.focus, ctx.lang), `${m.scenario.premium.toFixed(1)}%`)}` : '';
  const lineLabel = m.focusLeftOut ? s.fittedWithout(countryName(ctx.focus, ctx.lang)) : s.fitted;
  return base(ctx, `${s.s7}, ${ctx.year}`, `${lineLabel}${scenLabel}`, { height: 300, layer: layers });
}

/** Points of chart 8: published and measured premiums per country (percent). */
export interface PubPoint {
  label: string;
  kind: string;
  value: number;
}

function publishedVsMeasured(_data: ReportData, ctx: ChartContext, points?: PubPoint[]): Spec | null {
  const s = t(ctx.lang);
  if (!points || !points.length) return null;
  return base(ctx, s.s8, `${s.premium}: ${s.published} / ${s.measured}`, {
    height: Math.max(60, new Set(points.map((p) => p.label)).size * 26),
    data: { name: 'table', values: points },
    mark: { type: 'point', size: 90, filled: true, opacity: 0.9 },
    encoding: {
      y: { field: 'label', type: 'nominal', title: null, sort: null, axis: { grid: true, gridDash: [2, 3], ticks: false, domain: false } },
      x: { field: 'value', type: 'quantitative', title: s.premium },
      color: { field: 'kind', type: 'nominal', title: null, scale: { domain: [s.published, s.measured], range: [PALETTE.green, PALETTE.focus] } },
      shape: { field: 'kind', type: 'nominal', title: null, scale: { domain: [s.published, s.measured], range: ['diamond', 'circle'] } },
      tooltip: [{ field: 'label' }, { field: 'kind' }, { field: 'value', format: '.1f' }],
    },
  });
}

function rejectsByReason(_data: ReportData, ctx: ChartContext, reasons?: { reason: string; rows: number }[]): Spec | null {
  const s = t(ctx.lang);
  if (!reasons || !reasons.length) return null;
  return base(ctx, s.rejects, undefined, {
    height: Math.max(40, reasons.length * 24),
    data: { name: 'table', values: reasons },
    mark: { type: 'bar', color: PALETTE.muted, height: 16 },
    encoding: {
      y: { field: 'reason', type: 'nominal', sort: '-x', title: null },
      x: { field: 'rows', type: 'quantitative', title: s.rows, axis: { tickMinStep: 1, format: ',d' } },
      tooltip: [{ field: 'reason', title: s.reason }, { field: 'rows', title: s.rows }],
    },
  });
}

/**
 * A premium-by-country chart for any table with `country`, `premium_pct` and an interval
 * (`ci_low`/`ci_high` in log points, as the contract), e.g. the real-data premiums.
 */
export function genericPremiumChart(table: { rows: Row[] }, ctx: ChartContext, title: string, published: Map<string, number>): Spec | null {
  const s = t(ctx.lang);
  const values: { label: string; premium: number; lo: number | null; hi: number | null; kind: string }[] = [];
  for (const r of table.rows) {
    if (typeof r.country !== 'string') continue;
    const p = num(r.premium_pct) ?? pct(num(r.estimate));
    if (p === null) continue;
    values.push({ label: countryName(r.country, ctx.lang), premium: p, lo: pct(num(r.ci_low)), hi: pct(num(r.ci_high)), kind: s.measured });
    const pub = published.get(r.country);
    if (pub !== undefined) values.push({ label: countryName(r.country, ctx.lang), premium: pub, lo: null, hi: null, kind: s.published });
  }
  if (!values.length) return null;
  return base(ctx, title, `${s.premium}, ${s.ci95}`, {
    height: Math.max(60, new Set(values.map((v) => v.label)).size * 26),
    data: { name: 'table', values },
    encoding: { y: { field: 'label', type: 'nominal', title: null, sort: null, axis: { grid: true, gridDash: [2, 3], ticks: false, domain: false } } },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2.5, color: PALETTE.focus, opacity: 0.5 }, encoding: { x: { field: 'lo', type: 'quantitative', title: s.premium }, x2: { field: 'hi' } } },
      {
        mark: { type: 'point', size: 80, filled: true },
        encoding: {
          x: { field: 'premium', type: 'quantitative' },
          color: { field: 'kind', type: 'nominal', title: null, scale: { domain: [s.published, s.measured], range: [PALETTE.green, PALETTE.focus] } },
          shape: { field: 'kind', type: 'nominal', title: null, scale: { domain: [s.published, s.measured], range: ['diamond', 'circle'] } },
          tooltip: [{ field: 'label' }, { field: 'kind' }, { field: 'premium', format: '.1f' }],
        },
      },
    ],
  });
}

/** Extra inputs of the charts that are not contract tables (computed by the report). */
export interface ChartExtras {
  published?: PubPoint[];
  rejects?: { reason: string; rows: number }[];
}

/** The parts of the decomposition shown by the chart, with their colours. */
const DECOMP_PARTS = [
  ['total', PALETTE.ink], ['explained', PALETTE.other], ['seniority', PALETTE.green], ['unexplained', PALETTE.focus],
] as const;

/**
 * The decomposition chart: for each country with a published decomposition in the shown
 * year (the focus country first), the raw gap, the explained part, its seniority share and
 * the unexplained part, each a point with its 95% interval, in log points.
 */
function decompositionChart(data: ReportData, ctx: ChartContext): Spec | null {
  const view = decompositionView(data, ctx.focus);
  if (!view) return null;
  const s = t(ctx.lang).decomp;
  const order = [...view.countries].sort((a, b) => Number(b.country === ctx.focus) - Number(a.country === ctx.focus));
  const values = order.flatMap((c) =>
    DECOMP_PARTS.flatMap(([part]) => {
      const r = c.parts.get(part);
      const [v, lo, hi] = [num(r?.estimate), num(r?.ci_low), num(r?.ci_high)];
      if (v === null || lo === null || hi === null) return [];
      return [{ label: countryName(c.country, ctx.lang), part: s.components[part] ?? part, estimate: v, lo, hi, is_focus: c.country === ctx.focus }];
    }),
  );
  if (!values.length) return null;
  const domain = DECOMP_PARTS.map(([p]) => s.components[p] ?? p);
  const colour = { field: 'part', type: 'nominal', title: null, scale: { domain, range: DECOMP_PARTS.map(([, c]) => c) }, legend: { labelLimit: 260 } };
  const yOffset = { field: 'part', type: 'nominal', scale: { domain } };
  return base(ctx, s.chartTitle(String(view.year)), s.chartSubtitle, {
    height: Math.max(80, order.length * 4 * 9),
    data: { name: 'table', values },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { ticks: false, domain: false, grid: true, gridDash: [2, 3] } },
    },
    layer: [
      { mark: { type: 'rule', color: '#9AA5B1' }, encoding: { x: { datum: 0, type: 'quantitative' }, y: null } },
      {
        mark: { type: 'rule', strokeWidth: 2, strokeCap: 'round' },
        encoding: { x: { field: 'lo', type: 'quantitative', title: s.axis }, x2: { field: 'hi' }, yOffset, color: colour, opacity: { value: 0.6 } },
      },
      {
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          x: { field: 'estimate', type: 'quantitative' },
          yOffset,
          color: colour,
          tooltip: [
            { field: 'label', title: t(ctx.lang).country },
            { field: 'part', title: s.component },
            { field: 'estimate', title: s.logPoints, format: '.3f' },
            { field: 'lo', title: '95% CI', format: '.3f' },
            { field: 'hi', title: '95% CI', format: '.3f' },
          ],
        },
      },
    ],
  });
}

/** Build one chart's spec; null when the run has no data for it. */
export function chartSpec(id: ChartId, data: ReportData, ctx: ChartContext, extras: ChartExtras = {}): Spec | null {
  switch (id) {
    case 'headcount-by-country': return headcountByCountry(data, ctx);
    case 'headcount-trend': return headcountTrend(data, ctx);
    case 'premium-by-country': return premiumByCountry(data, ctx);
    case 'premium-trend': return premiumTrend(data, ctx);
    case 'premium-by-skill': return premiumBySkill(data, ctx);
    case 'decomposition': return decompositionChart(data, ctx);
    case 'net-flows': return netFlows(data, ctx);
    case 'abroad-destinations': return abroadDestinations(data, ctx);
    case 'link-scatter': return linkScatter(data, ctx);
    case 'published-vs-measured': return publishedVsMeasured(data, ctx, extras.published);
    case 'rejects-by-reason': return rejectsByReason(data, ctx, extras.rejects);
  }
}

/**
 * Give every id of one SVG a stable name `<prefix>-<n>` in order of first appearance, and
 * rewrite its references, so several charts can live in one page and renders are
 * byte-identical whatever vega's global counters say.
 */
export function stableIds(svg: string, prefix: string): string {
  const map = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!map.has(m[1]!)) map.set(m[1]!, `${prefix}-${map.size + 1}`);
  if (!map.size) return svg;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => a + (map.get(id) ?? id) + b)
    .replace(/url\(#([^)]+)\)/g, (whole, id: string) => (map.has(id) ? `url(#${map.get(id)})` : whole))
    .replace(/href="#([^"]+)"/g, (whole, id: string) => (map.has(id) ? `href="#${map.get(id)}"` : whole));
}

/** Render a vega-lite spec to an SVG string in Node. */
export async function renderSvg(spec: Spec, idPrefix: string): Promise<string> {
  const compiled = vl.compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return stableIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}
