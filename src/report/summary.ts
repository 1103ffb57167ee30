/**
 * The takeaway of each section, in words generated from the measured numbers (never fixed
 * figures). The summary at the top of the report is the list of these sentences.
 */
import { ReportData, num, pct } from './data.ts';
import { destinationPoints, headcountPoints, linkModel, premiumPoint, type ChartContext } from './charts.ts';
import { countryName, fmtInt, fmtNum, fmtPct, rankPhrase, rankRangePhrase, skillName, t } from './i18n.ts';
import type { Cell } from '../output/table.ts';
import { normalRankRanges } from '../measure/bootstrap/ranks.ts';

/** Section keys that carry a generated takeaway. */
export type TakeawayKey = 's1' | 's2' | 's3' | 's4' | 's5' | 's6' | 's7';

/** The takeaway sentences by section (absent when the run has no data for it). */
export function takeaways(data: ReportData, ctx: ChartContext): Partial<Record<TakeawayKey, string>> {
  const s = t(ctx.lang);
  const L = ctx.lang;
  const C = countryName(ctx.focus, L);
  const out: Partial<Record<TakeawayKey, string>> = {};
  const join = (a: string, b: string | null) => (b ? (L === 'ko' ? `${a}, ${b}.` : `${a}, ${b}.`) : `${a}.`);

  // 1. headcount
  const hc = headcountPoints(data, ctx);
  const hi = hc.findIndex((r) => r.country === ctx.focus);
  if (hi >= 0) {
    const series = data.headcountSeries(ctx.focus).map((r) => ({ y: r.year as number, v: num(r.persons_weighted) ?? num(r.persons) })).filter((r) => r.v !== null);
    const first = series[0];
    const trend = first && first.y < ctx.year ? s.t1trend(fmtInt(first.v, L), String(first.y), hc[hi]!.value >= first.v!) : null;
    // the count's bootstrap interval and the rank's range (ranks.csv, when it ranks the same countries)
    const row = data.headcountByCountry(ctx.year).find((r) => r.country === ctx.focus);
    const [lo, up] = [num(row?.persons_weighted_ci_low), num(row?.persons_weighted_ci_high)];
    const ci = lo !== null && up !== null ? s.t1ci(fmtInt(lo, L), fmtInt(up, L)) : undefined;
    const rk = data.rank('persons_weighted', ctx.focus, ctx.year, 'ai');
    const range = rk && rk.rank === hi + 1 && rk.n_ranked === hc.length ? rangeOf(rk.rank_low, rk.rank_high) : null;
    const rank = rankPhrase(hi + 1, hc.length, L, 'large');
    out.s1 = join(s.t1(C, fmtInt(hc[hi]!.value, L), String(ctx.year), rank, hc.length, ci) + (range ? `${L === 'ko' ? '' : ' '}(${rankRangePhrase(range[0], range[1], L)})` : ''), trend);
  }

  // 2. premium by country
  const prem = data
    .premiumByCountry(ctx.year)
    .map((r) => ({ c: r.country as string, p: premiumPoint(r), est: num(r.estimate), se: num(r.se) }))
    .filter((x) => x.p !== null)
    .sort((a, b) => b.p!.premium - a.p!.premium);
  const pi = prem.findIndex((x) => x.c === ctx.focus);
  if (pi >= 0) {
    const p = prem[pi]!.p!;
    // the rank's range over seeded normal draws of every country's (estimate, se)
    const drawn = prem.every((x) => x.est !== null && x.se !== null)
      ? normalRankRanges(prem.map((x) => ({ country: x.c, estimate: x.est!, se: x.se! }))).find((x) => x.country === ctx.focus)
      : undefined;
    const range = drawn && drawn.rank === pi + 1 ? rangeOf(drawn.low, drawn.high) : null;
    out.s2 = join(
      s.t2(C, fmtPct(p.premium, L), String(ctx.year), rankPhrase(pi + 1, prem.length, L), prem.length) + (range ? `${L === 'ko' ? '' : ' '}(${rankRangePhrase(range[0], range[1], L)})` : ''),
      s.t2ci(fmtPct(p.lo, L), fmtPct(p.hi, L)),
    );
  }

  // 3. premium over time
  const ser = data.premiumSeries(ctx.focus).map((r) => ({ y: r.year as number, p: num(r.premium_pct) ?? pct(num(r.estimate)) })).filter((r) => r.p !== null);
  if (ser.length >= 2) {
    const a = ser[0]!;
    const b = ser[ser.length - 1]!;
    // the period's premium is one estimand: the pooled model (every year stacked, year
    // effects, errors clustered by firm and person), with its interval, never a mean of
    // yearly point estimates
    const pooledRow = data.rows('premium').find((r) => r.country === ctx.focus && r.skill === 'all' && r.year === 'pooled');
    const pooled = pooledRow ? premiumPoint(pooledRow) : null;
    out.s3 = pooled
      ? join(s.t3(C, fmtPct(a.p, L), String(a.y), fmtPct(b.p, L), String(b.y)), s.t3pooled(fmtPct(pooled.premium, L), fmtPct(pooled.lo, L), fmtPct(pooled.hi, L)))
      : `${s.t3(C, fmtPct(a.p, L), String(a.y), fmtPct(b.p, L), String(b.y))}.`;
  }

  // 4. skill premiums
  const sk = data.skillPremiums(ctx.focus, ctx.year);
  const best = sk.rows.map((r) => ({ k: r.skill as string, p: premiumPoint(r) })).filter((x) => x.p !== null).sort((a, b) => b.p!.premium - a.p!.premium)[0];
  if (best && sk.year !== null) {
    out.s4 = `${s.t4(C, skillName(best.k, L, false), fmtPct(best.p!.premium, L), sk.year === 'pooled' ? s.pooled : String(sk.year))}.`;
  }

  // 5. net flows: counted over the published years only, unweighted beside weighted (both
  // on the country's side, so of one scale); the suppressed years are said, not dropped.
  const series = data.flowSeries(ctx.focus);
  const flows = series
    .map((r) => ({ y: r.year as number, net: num(r.net), netW: num(r.net_weighted) }))
    .filter((r): r is { y: number; net: number; netW: number | null } => r.net !== null);
  if (flows.length) {
    const out5 = flows.filter((r) => r.net < 0).length;
    const outW = flows.every((r) => r.netW !== null) ? flows.filter((r) => r.netW! < 0).length : null;
    const inflow = flows.filter((r) => r.net > 0).map((r) => r.y);
    const tail = flows.length === 1 ? null : inflow.length === 0 ? s.t5none : inflow.length <= 3 ? s.t5in(inflow.join(', ')) : null;
    const y0 = String(flows[0]!.y);
    const y1 = String(flows[flows.length - 1]!.y);
    const parts = [join(s.t5(C, out5, flows.length, y0, y1, outW), tail)];
    // how many of those years the weighted net's bootstrap interval lies wholly below zero
    const withCi = series.filter((r) => num(r.net_weighted) !== null && num(r.net_weighted_ci_high) !== null);
    if (withCi.length) parts.push(`${cap(s.t5ci(withCi.filter((r) => num(r.net_weighted_ci_high)! < 0).length, withCi.length))}.`);
    const hidden = series.length - flows.length;
    if (hidden > 0) parts.push(`${s.t5sup(hidden, series.length, String(series[0]!.year), String(series[series.length - 1]!.year))}.`);
    if (ctx.synthetic) parts.push(`${s.synthBok}.`);
    out.s5 = parts.join(' ');
  }

  // 6. nationals abroad
  const ai = data.abroadShare(ctx.focus, ctx.year, 'ai');
  const non = data.abroadShare(ctx.focus, ctx.year, 'non_ai');
  const share = num(ai?.share_abroad_weighted) ?? num(ai?.share_abroad);
  if (share !== null) {
    const n = num(ai?.persons_abroad_weighted) ?? num(ai?.persons_abroad);
    const dest = destinationPoints(data, ctx)[0];
    const shareNon = num(non?.share_abroad_weighted) ?? num(non?.share_abroad);
    const [lo, up] = [num(ai?.share_abroad_weighted_ci_low), num(ai?.share_abroad_weighted_ci_high)];
    const shareText = fmtPct(100 * share, L) + (lo !== null && up !== null && num(ai?.share_abroad_weighted) !== null ? `${L === 'ko' ? '' : ' '}(${s.t2ci(fmtPct(100 * lo, L), fmtPct(100 * up, L))})` : '');
    const parts = [s.t6(C, shareText, fmtInt(n, L), String(ctx.year))];
    if (shareNon !== null && share > shareNon) parts.push(s.t6gap(fmtNum(100 * (share - shareNon), L, 1)));
    if (dest) parts.push(s.t6dest(dest.name, fmtInt(dest.value, L)));
    out.s6 = `${parts.join(', ')}.`;
    // the abroad gap: γ with controls from the last home job, beside the raw gaps
    const gap = data.rows('abroad_gap').find((r) => r.origin === ctx.focus && r.year === ctx.year);
    const g = num(gap?.estimate_pp);
    if (gap && g !== null) {
      const f = (v: Cell | undefined) => fmtNum(num(v), L, 1);
      out.s6 += ` ${s.t6model(fmtNum(Math.abs(g), L, 1), g >= 0, f(gap.ci_low), f(gap.ci_high), f(gap.raw_gap_pp), f(gap.raw_gap_weighted_pp))}.`;
    }
  }

  // 7. premium and mobility: an association; the slope's HC3 interval, the most
  // influential country, the panel, and the scenario from the fit without the focus.
  const m = linkModel(data, ctx);
  if (m.fit && m.hc3) {
    const h = m.hc3;
    const parts = [s.t7(h.n, String(ctx.year), fmtNum(Math.abs(h.slope), L, 2), h.slope < 0, fmtNum(h.low, L, 2), fmtNum(h.high, L, 2), fmtP(h.pPerm), h.includesZero)];
    const top = m.influence[0];
    if (top) parts.push(s.t7infl(countryName(top.country, L), fmtNum(top.slope, L, 2)));
    if (m.panel && m.panel.g !== null) parts.push(s.t7panel(m.panel.g, fmtNum(m.panel.slope, L, 2), fmtNum(m.panel.low, L, 2), fmtNum(m.panel.high, L, 2), fmtP(m.panel.pWild)));
    if (m.scenario && m.focusPoint && m.lineFit) {
      parts.push(s.t7scen(C, m.lineFit.n, fmtPct(m.scenario.premium, L), fmtPct(m.scenario.fit, L), fmtPct(m.scenario.pi_low, L), fmtPct(m.scenario.pi_high, L), fmtPct(m.focusPoint.share_ai, L), h.includesZero));
    }
    out.s7 = parts.map((x) => `${x}.`).join(' ');
  } else if (m.points.length) {
    out.s7 = `${s.t7none}.`;
  }
  return out;
}

/** A rank range from two cells, or null when either is blank. */
function rangeOf(low: unknown, high: unknown): [number, number] | null {
  return typeof low === 'number' && typeof high === 'number' ? [low, high] : null;
}

/** The sentence with its first letter in upper case. */
function cap(x: string): string {
  return x.charAt(0).toUpperCase() + x.slice(1);
}

/** A p-value for a sentence: three decimals, or "< 0.001". */
function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
