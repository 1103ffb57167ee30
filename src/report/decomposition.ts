/**
 * The report's reading of `decomposition.csv`: which year and countries it shows, and the
 * sentences that set the focus country's decomposition of the AI pay gap against the
 * comparison countries and the Bank of Korea's seniority-pay explanation. The chart is
 * built in charts.ts, the section in html.ts; the words are in i18n.ts (`decomp`).
 */
import { num, type ReportData, type Row } from './data.ts';
import { countryName, fmtNum, fmtPct, rankPhrase, t, type Lang } from './i18n.ts';

/** One country's components in the shown year, by component name. */
export interface DecompositionCountry {
  country: string;
  parts: Map<string, Row>;
}

/** What the section shows: one year, the focus country's components and every country's. */
export interface DecompositionView {
  year: number;
  focus: DecompositionCountry | undefined;
  /** Every country with a published decomposition in `year` (the focus included), by code. */
  countries: DecompositionCountry[];
}

const hasTotal = (r: Row): boolean => r.component === 'total' && num(r.estimate) !== null;

/**
 * The view of the latest year in which the focus country has a published decomposition
 * (else the latest year any country has one); null when the table has none.
 */
export function decompositionView(data: ReportData, focus: string): DecompositionView | null {
  const rows = data.rows('decomposition').filter((r) => typeof r.year === 'number');
  const years = (pred: (r: Row) => boolean) => rows.filter((r) => hasTotal(r) && pred(r)).map((r) => r.year as number);
  const ys = years((r) => r.country === focus);
  const all = ys.length ? ys : years(() => true);
  if (!all.length) return null;
  const year = Math.max(...all);
  const by = new Map<string, Map<string, Row>>();
  for (const r of rows) {
    if (r.year !== year || typeof r.country !== 'string' || typeof r.component !== 'string') continue;
    if (!by.has(r.country)) by.set(r.country, new Map());
    by.get(r.country)!.set(r.component, r);
  }
  const countries = [...by.entries()]
    .filter(([, parts]) => num(parts.get('total')?.estimate) !== null)
    .map(([country, parts]) => ({ country, parts }))
    .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
  return { year, focus: countries.find((c) => c.country === focus), countries };
}

/** A log-point figure as the section prints it (three decimals). */
export function lp(v: number | null | undefined, lang: Lang): string {
  return fmtNum(v, lang, 3);
}

const est = (c: DecompositionCountry | undefined, part: string): number | null => num(c?.parts.get(part)?.estimate);

/** The share of the raw gap a part is, when the raw gap's interval excludes zero. */
export function shareOfGap(c: DecompositionCountry, part: string, lang: Lang): string | null {
  const total = c.parts.get('total');
  const v = est(c, part);
  const lo = num(total?.ci_low);
  const hi = num(total?.ci_high);
  const tot = num(total?.estimate);
  if (v === null || tot === null || lo === null || hi === null || (lo <= 0 && hi >= 0)) return null;
  return fmtPct((100 * v) / tot, lang, 0);
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The section's paragraphs in one language: the focus country's decomposition (raw gap,
 * explained, seniority, unexplained, with intervals), the Bank of Korea's explanation (when
 * the focus is Korea) read against the comparison countries, and what a decomposition can
 * and cannot say. Sentences with a missing figure are left out.
 */
export function decompositionParagraphs(view: DecompositionView, focus: string, lang: Lang, vcov: string): string[] {
  const s = t(lang).decomp;
  const C = countryName(focus, lang);
  const out: string[] = [];
  const f = view.focus;
  const part = (name: string) => f?.parts.get(name);
  const ci = (r: Row | undefined): [string, string] => [lp(num(r?.ci_low), lang), lp(num(r?.ci_high), lang)];
  if (f) {
    const [tl, th] = ci(part('total'));
    const [el, eh] = ci(part('explained'));
    const [ul, uh] = ci(part('unexplained'));
    const lead = s.lead(C, String(view.year), lp(est(f, 'total'), lang), tl, th);
    const expl = s.explained(lp(est(f, 'explained'), lang), el, eh, shareOfGap(f, 'explained', lang));
    const une = s.unexplained(lp(est(f, 'unexplained'), lang), ul, uh);
    const sen = est(f, 'seniority') !== null ? s.seniority(lp(est(f, 'seniority'), lang), ...ci(part('seniority')), shareOfGap(f, 'seniority', lang)) : null;
    out.push(
      lang === 'ko'
        ? `${lead}. ${expl}${sen ? `, ${sen}` : ''}. ${une}.`
        : `${lead}. ${expl}${sen ? `, ${sen}` : ''}; ${une}.`,
    );
  }
  const others = view.countries.filter((c) => c.country !== focus);
  const compare: string[] = [];
  const fSen = est(f, 'seniority');
  const oSen = others.map((c) => est(c, 'seniority')).filter((v): v is number => v !== null);
  if (fSen !== null && oSen.length) {
    const [lo, hi] = [Math.min(...oSen), Math.max(...oSen)];
    const pos = fSen > hi ? s.above(oSen.length) : fSen < lo ? s.below(oSen.length) : s.within;
    compare.push(`${s.compare(C, lp(fSen, lang), oSen.length, lp(lo, lang), lp(hi, lang), lp(median(oSen), lang))}, ${pos}`);
  }
  const fU = est(f, 'unexplained');
  const us = view.countries.map((c) => est(c, 'unexplained')).filter((v): v is number => v !== null);
  if (fU !== null && us.length > 1) {
    const rank = 1 + us.filter((v) => v > fU).length;
    compare.push(s.rankU(C, lp(fU, lang), rankPhrase(rank, us.length, lang), us.length));
  }
  const intro = focus === 'KR' ? `${s.bok} ` : '';
  if (intro || compare.length) out.push(`${intro}${compare.map((x) => `${x}.`).join(' ')}`.trim());
  out.push(s.caveat(s.vcov[vcov] ?? vcov));
  return out;
}
