/**
 * The report's real-data section: the survey study's tables (`talentflow demo-real`) as
 * named sections with labelled columns, rounded numbers, suppressed countries summarised
 * in one sentence and only the columns a reader needs (the rest stays in the CSV/XLSX).
 * Tables it does not know are shown generically under their file name.
 */
import type { Cell, OutputTable } from '../output/table.ts';
import type { Spec } from './charts.ts';
import { num } from './data.ts';
import { postingsPremiums, publishedFigures } from '../reference/index.ts';
import { countryName, fmtInt, fmtNum, t, type Lang } from './i18n.ts';

type Bi = string | Record<Lang, string>;

/** What the section needs from the page builder (html.ts). */
export interface RealHelpers {
  /** The report's focus country (named when it is among the suppressed ones). */
  focus: string;
  /** An HTML table (headers, rows of bilingual cells, which columns are numeric). */
  table(cols: Bi[], rows: Bi[][], numeric: boolean[]): string;
  /** Bilingual inline text, escaped. */
  bi(v: Bi): string;
  /** A chart per language from `spec`, rendered and registered under `id`; '' when there is none. */
  chart(id: string, spec: (lang: Lang) => Spec | null, source: Bi): Promise<string>;
  /** A table shown as it is (an unknown table). */
  generic(tb: OutputTable): string;
  /** The premium-by-country chart of a table's rows, with the published premiums or without. */
  premiumChart(rows: Record<string, Cell>[], lang: Lang, title: string, withPublished: boolean): Spec | null;
}

/** The tables the section knows, in the order shown. */
const KNOWN = ['real_premium_so2024', 'real_premium_so2025', 'aijobs_crossborder', 'aijobs_crossborder_gap', 'aijobs_occupation_gap', 'published_premiums', 'real_study'];
/** The aijobs.net tables' default sample and their sensitivity sample (exact duplicates kept). */
const DEDUP = 'deduplicated';
const WITH_DUPS = 'with_duplicates';
/** The rows of one aijobs.net sample (tables without a `sample` column: every row, as the default). */
const ofSample = (tb: OutputTable | undefined, sample: string) =>
  (tb?.rows ?? []).filter((r) => (r.sample === undefined ? sample === DEDUP : r.sample === sample));
/** Definitions that measure something other than an AI skill: no published premiums beside them. */
const NOT_SKILL = new Set(['llm_use']);
/** At most this many suppressed countries are named; beyond, the sentence points to the file. */
const MAX_NAMED = 20;
const NBSP = '\u00a0';

function both(f: (l: Lang) => string): Record<Lang, string> {
  return { en: f('en'), ko: f('ko') };
}

/** A number from a cell (a number-like text cell of a table outside the contract too). */
function n(v: Cell | undefined): number | null {
  if (typeof v === 'string' && v.trim() !== '') return num(Number(v));
  return num(v ?? null);
}

const R = (l: Lang) => t(l).real;
// Rounded first, so that −0.04 shows as 0.0, not −0.0.
const f1 = (v: number | null, l: Lang, d = 1) => fmtNum(v === null ? null : Math.round(v * 10 ** d) / 10 ** d || 0, l, d);
const ci = (lo: number | null, hi: number | null, l: Lang, d = 1) => (lo === null || hi === null ? '—' : `[${f1(lo, l, d)},${NBSP}${f1(hi, l, d)}]`);
const int = (v: Cell | undefined, l: Lang) => fmtInt(n(v), l);
const cname = (c: Cell | undefined) => both((l) => (typeof c === 'string' ? countryName(c, l) : '—'));
const countryList = (codes: string[], l: Lang) =>
  codes.map((c) => countryName(c, l)).sort((a, b) => a.localeCompare(b, l)).join(', ');
const small = (h: RealHelpers, v: Bi) => `<p class="small">${h.bi(v)}</p>`;

/** The real-data section's body (after its title). */
export async function realSectionBody(real: Map<string, OutputTable>, h: RealHelpers): Promise<string> {
  const minAi = n(real.get('real_study')?.rows[0]?.min_ai) ?? 0;
  let body = `<p class="takeaway">${h.bi(both((l) => t(l).realNote))}</p>`;
  for (const year of [2024, 2025]) {
    const tb = real.get(`real_premium_so${year}`);
    if (tb) body += await surveyPremium(tb, year, minAi, h);
  }
  const cb = real.get('aijobs_crossborder');
  if (cb) body += crossBorder(cb, real.get('aijobs_crossborder_gap'), minAi, h);
  const ap = real.get('aijobs_occupation_gap');
  if (ap) body += aijobsOccupationGap(ap, minAi, h);
  const pub = real.get('published_premiums');
  if (pub) body += published(pub, h);
  for (const [name, tb] of [...real.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!KNOWN.includes(name)) body += `<h3>${h.bi(name)}</h3>` + h.generic(tb);
  }
  return body;
}

/** The suppression sentence: the countries named, or counted with the focus country and the file. */
function suppressedSentence(codes: string[], minAi: number, h: RealHelpers, file: string, employers = false): string {
  if (!codes.length) return '';
  const focus = codes.includes(h.focus) ? h.focus : null;
  return small(h, both((l) => {
    const s = R(l);
    if (codes.length <= MAX_NAMED) return (employers ? s.suppressedEmployers : s.suppressedCountries)(codes.length, minAi, countryList(codes, l));
    return (employers ? s.suppressedEmployersMany : s.suppressedMany)(codes.length, minAi, focus === null ? null : countryName(focus, l), file);
  }));
}

async function surveyPremium(tb: OutputTable, year: number, minAi: number, h: RealHelpers): Promise<string> {
  const file = `real_premium_so${year}.csv`;
  const defs = [...new Set(tb.rows.map((r) => String(r.definition)))];
  const defName = (d: string, l: Lang) => R(l).definitions[d] ?? d;
  const sample = year === 2025;
  const full = (d: string) => tb.rows.filter((r) => r.definition === d && r.controls === 'full');
  const shownOf = (d: string) => full(d).filter((r) => r.suppressed !== true);
  const noRole = new Map(tb.rows.filter((r) => r.controls === 'no_role').map((r) => [`${String(r.definition)}|${String(r.country)}`, r]));
  let out = `<h3>${h.bi(both((l) => R(l).soTitle(year, sample)))}</h3>`;
  // The table and chart: the first definition with a country shown; the others in a sentence each.
  const main = defs.find((d) => shownOf(d).length > 0);
  const notes: string[] = [];
  for (const d of defs) {
    if (d === main) continue;
    const k = shownOf(d).length;
    notes.push(small(h, both((l) => (k ? R(l).otherDefinition(defName(d, l), k, file) : R(l).noneShown(defName(d, l), minAi)))));
  }
  if (main) {
    const rows = shownOf(main);
    out += await h.chart(
      `real-so${year}`,
      (l) => h.premiumChart(rows, l, `AI = ${defName(main, l)}`, !NOT_SKILL.has(main)),
      both((l) => `${t(l).source}: Stack Overflow Developer Survey ${year} (${file})`),
    );
    out += h.table(
      [both((l) => t(l).country), both((l) => R(l).respondents), both((l) => R(l).aiRespondents),
        both((l) => R(l).premiumFull), both((l) => R(l).ci95), both((l) => R(l).premiumNoRole), both((l) => R(l).ci95)],
      rows.map((r) => {
        const nr = noRole.get(`${main}|${String(r.country)}`);
        return [
          cname(r.country), both((l) => int(r.n, l)), both((l) => int(r.n_ai, l)),
          both((l) => f1(n(r.premium_pct), l)), both((l) => ci(n(r.premium_ci_low), n(r.premium_ci_high), l)),
          both((l) => f1(n(nr?.premium_pct), l)), both((l) => ci(n(nr?.premium_ci_low), n(nr?.premium_ci_high), l)),
        ];
      }),
      [false, true, true, true, true, true, true],
    );
    out += suppressedSentence(full(main).filter((r) => r.suppressed === true).map((r) => String(r.country)), minAi, h, file);
  }
  return out + notes.join('') + small(h, both((l) => R(l).soNote(year)));
}

function crossBorder(tb: OutputTable, gapTable: OutputTable | undefined, minAi: number, h: RealHelpers): string {
  const order = ['ai', 'data', 'data_science', 'other', 'all'];
  const cls = (g: Cell | undefined, l: Lang) => R(l).classes[String(g)] ?? String(g);
  const shares = ofSample(tb, DEDUP).sort((a, b) => order.indexOf(String(a.group)) - order.indexOf(String(b.group)));
  const shown = shares.filter((r) => r.suppressed !== true);
  const hidden = shares.filter((r) => r.suppressed === true);
  const pct = (v: Cell | undefined) => {
    const x = n(v);
    return x === null ? null : 100 * x;
  };
  let out = `<h3>${h.bi(both((l) => R(l).cbTitle))}</h3>`;
  const gap = ofSample(gapTable, DEDUP).find((r) => r.comparison === 'ai_minus_data');
  const g = n(gap?.estimate_pp);
  if (gap && g !== null) {
    out += `<p class="takeaway">${h.bi(both((l) => R(l).gap(f1(Math.abs(g), l, 2), g > 0, f1(n(gap.ci_low), l, 2), f1(n(gap.ci_high), l, 2), int(gap.n, l))))}</p>`;
  }
  const gd = ofSample(gapTable, WITH_DUPS).find((r) => r.comparison === 'ai_minus_data');
  const gdv = n(gd?.estimate_pp);
  const gdLine = gd && gdv !== null ? small(h, both((l) => R(l).withDuplicates(f1(gdv, l, 2), f1(n(gd.ci_low), l, 2), f1(n(gd.ci_high), l, 2), int(gd.n, l), 'pp'))) : '';
  out += h.table(
    [both((l) => R(l).titleClass), both((l) => R(l).salaries), both((l) => R(l).crossBorder), both((l) => R(l).shareCb), both((l) => R(l).ci95)],
    shown.map((r) => [
      both((l) => cls(r.group, l)), both((l) => int(r.persons, l)), both((l) => int(r.persons_cross_border, l)),
      both((l) => f1(pct(r.share), l, 2)), both((l) => ci(pct(r.ci_low), pct(r.ci_high), l, 2)),
    ]),
    [false, true, true, true, true],
  );
  if (hidden.length) out += small(h, both((l) => R(l).classSuppressed(hidden.map((r) => cls(r.group, l)).join(', '), minAi)));
  return out + gdLine + small(h, both((l) => R(l).cbNote));
}

function aijobsOccupationGap(tb: OutputTable, minAi: number, h: RealHelpers): string {
  const rows = ofSample(tb, DEDUP);
  const shown = rows.filter((r) => r.suppressed !== true);
  const hidden = rows.filter((r) => r.suppressed === true && typeof r.country === 'string' && r.country !== 'all').map((r) => String(r.country));
  const dup = ofSample(tb, WITH_DUPS).find((r) => r.country === 'all' && r.suppressed !== true);
  const dv = n(dup?.gap_pct);
  return (
    `<h3>${h.bi(both((l) => R(l).ajPremTitle))}</h3>` +
    h.table(
      [both((l) => R(l).employer), both((l) => R(l).salaries), both((l) => R(l).aiSalaries), both((l) => R(l).occupationGapPct), both((l) => R(l).ci95)],
      shown.map((r) => [
        r.country === 'all' ? both((l) => R(l).allEmployers) : cname(r.country),
        both((l) => int(r.n, l)), both((l) => int(r.n_ai, l)),
        both((l) => f1(n(r.gap_pct), l)), both((l) => ci(n(r.gap_pct_ci_low), n(r.gap_pct_ci_high), l)),
      ]),
      [false, true, true, true, true],
    ) +
    suppressedSentence(hidden, minAi, h, 'aijobs_occupation_gap.csv', true) +
    (dup && dv !== null ? small(h, both((l) => R(l).withDuplicates(f1(dv, l), f1(n(dup.gap_pct_ci_low), l), f1(n(dup.gap_pct_ci_high), l), int(dup.n, l), '%'))) : '') +
    small(h, both((l) => R(l).ajPremNote))
  );
}

function published(tb: OutputTable, h: RealHelpers): string {
  // The rows come from src/reference: its labels give the Korean text of each row.
  const ref = publishedFigures();
  const figureOf = (r: Record<string, Cell>) =>
    postingsPremiums().find((f) => ref.sources[f.source]?.en === r.source && f.value === n(r.premium_pct));
  return (
    `<h3>${h.bi(both((l) => R(l).publishedTitle))}</h3>` +
    h.table(
      [both((l) => R(l).source), both((l) => R(l).scope), both((l) => R(l).premiumPct)],
      tb.rows.map((r) => {
        const f = figureOf(r);
        return [
          both((l) => (f ? ref.sources[f.source]?.[l] : undefined) ?? String(r.source ?? '')),
          both((l) => (f && l === 'ko' ? f.label.ko : String(r.scope ?? ''))),
          both((l) => f1(n(r.premium_pct), l)),
        ];
      }),
      [false, false, true],
    ) +
    small(h, both((l) => R(l).publishedNote))
  );
}
