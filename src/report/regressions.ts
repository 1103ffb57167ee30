/**
 * The premium regressions as tables in the style economists use: one column per model,
 * the AI coefficient with its standard error in parentheses and significance stars, the
 * premium in percent, controls and fixed effects listed, N — written as HTML and LaTeX.
 */
import { tTwoSidedP } from '../engine/index.ts';
import { ReportData, num, pct, type Row } from './data.ts';
import { countryName, fmtInt, skillName, type Lang } from './i18n.ts';

/** One regression column. */
export interface RegColumn {
  header: string;
  estimate: number | null;
  se: number | null;
  p: number | null;
  premiumPct: number | null;
  n: number | null;
  nAi: number | null;
  pooled: boolean;
}

/** A table of regression columns with a title and a notes line. */
export interface RegTable {
  id: string;
  title: string;
  columns: RegColumn[];
  /** Variance estimators of the columns (`vcov` column values, distinct, comma-separated). */
  vcov: string;
  /** Small-sample correction of the columns (`ssc` column), when the rows record one. */
  ssc?: string;
  /** Fixed effects of the premium model (the study's --controls). */
  controls: readonly string[];
}

/**
 * Two-sided p-value of est/se from the t distribution with the row's published degrees of
 * freedom (the contract's `df` column); the normal when `df` is missing.
 */
export function pValue(est: number, se: number, df: number | null): number {
  return tTwoSidedP(Math.abs(est / se), df !== null && df > 0 ? df : Infinity);
}

/** Significance stars: *** p<0.01, ** p<0.05, * p<0.1. */
export function stars(p: number | null): string {
  if (p === null) return '';
  return p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '';
}

function column(header: string, r: Row | undefined): RegColumn {
  const est = num(r?.estimate);
  const se = num(r?.se);
  return {
    header,
    estimate: est,
    se,
    p: est !== null && se !== null && se > 0 ? pValue(est, se, num(r?.df)) : null,
    premiumPct: num(r?.premium_pct) ?? pct(est),
    n: num(r?.n),
    nAi: num(r?.n_ai),
    pooled: r?.year === 'pooled',
  };
}

const TITLES: Record<Lang, { country: (y: string) => string; years: (c: string) => string; skills: (c: string, y: string) => string; pooled: string }> = {
  en: {
    country: (y) => `AI wage premium by country, ${y}`,
    years: (c) => `AI wage premium by year: ${c}`,
    skills: (c, y) => `Premium by AI skill: ${c}, ${y}`,
    pooled: 'pooled',
  },
  ko: {
    country: (y) => `국가별 AI 임금 프리미엄, ${y}년`,
    years: (c) => `연도별 AI 임금 프리미엄: ${c}`,
    skills: (c, y) => `AI 기술별 프리미엄: ${c}, ${y}`,
    pooled: '전체 기간',
  },
};

/** The regression tables of a run: by country (latest year and pooled), the focus country by year, by skill. */
export function regressionTables(
  data: ReportData,
  focus: string,
  year: number | null,
  lang: Lang,
  controls: readonly string[] = ['seniority', 'role', 'industry', 'highest_degree', 'start_year'],
): RegTable[] {
  const T = TITLES[lang];
  const tables: RegTable[] = [];
  // Focus country first, then the others by name in the language.
  const byName = (a: Row, b: Row) =>
    a.country === focus ? -1 : b.country === focus ? 1 : countryName(String(a.country), lang).localeCompare(countryName(String(b.country), lang), lang);
  const vcovOf = (rows: Row[]) => [...new Set(rows.flatMap((r) => (typeof r.vcov === 'string' ? [r.vcov] : [])))].join(',') || 'cluster';
  const sscOf = (rows: Row[]) => {
    const v = rows.find((r) => typeof r.ssc === 'string')?.ssc;
    return typeof v === 'string' ? { ssc: v } : {};
  };
  if (year !== null) {
    const rows = data.premiumByCountry(year).sort(byName);
    if (rows.length) tables.push({ id: 'premium-by-country', title: T.country(String(year)), columns: rows.map((r) => column(countryName(r.country as string, lang), r)), vcov: vcovOf(rows), ...sscOf(rows), controls });
  }
  const pooled = data.premiumByCountry('pooled').sort(byName);
  if (pooled.length) tables.push({ id: 'premium-pooled', title: T.country(T.pooled), columns: pooled.map((r) => column(countryName(r.country as string, lang), r)), vcov: vcovOf(pooled), ...sscOf(pooled), controls });
  const series = data.premiumSeries(focus);
  if (series.length) tables.push({ id: 'premium-by-year', title: T.years(countryName(focus, lang)), columns: series.map((r) => column(String(r.year), r)), vcov: vcovOf(series), ...sscOf(series), controls });
  const sk = data.skillPremiums(focus, year);
  if (sk.rows.length && sk.year !== null) {
    const rows = [...sk.rows].sort((a, b) => (String(a.skill) < String(b.skill) ? -1 : String(a.skill) > String(b.skill) ? 1 : 0));
    tables.push({
      id: 'premium-by-skill',
      title: T.skills(countryName(focus, lang), sk.year === 'pooled' ? T.pooled : String(sk.year)),
      columns: rows.map((r) => column(skillName(r.skill as string, lang), r)),
      vcov: vcovOf(rows),
      ...sscOf(rows),
      controls,
    });
  }
  return tables;
}

const LABELS: Record<Lang, Record<string, string>> = {
  en: {
    ai: 'AI-skilled', premium: 'Premium (%)', exp: 'Experience, experience²', seniority: 'Seniority FE', role: 'Role FE',
    industry: 'Industry FE', degree: 'Degree FE', start: 'Start-year FE', year: 'Year FE', n: 'Observations', nAi: 'AI-skilled observations',
    yes: 'Yes', no: 'No', dep: 'Dependent variable: ln(salary).',
    cluster: 'Standard errors clustered by firm (CR1) in parentheses.', hetero: 'Heteroskedasticity-robust (HC1) standard errors in parentheses.',
    iid: 'Classical standard errors in parentheses.', stars: '* p<0.10, ** p<0.05, *** p<0.01.', premiumNote: 'Premium = 100·(exp(β) − 1).',
    cluster2: 'Pooled models: standard errors clustered by firm and by person (two-way).',
    cluster2Only: 'Standard errors clustered by firm and by person (two-way) in parentheses.',
    stata: 'Small-sample correction: Stata (every fixed-effect dummy counted).',
    nested: 'Small-sample correction: nested (as fixest).',
  },
  ko: {
    ai: 'AI 전문인력', premium: '프리미엄(%)', exp: '경력, 경력²', seniority: '직급 고정효과', role: '직무 고정효과',
    industry: '산업 고정효과', degree: '학위 고정효과', start: '입사연도 고정효과', year: '연도 고정효과', n: '관측치', nAi: 'AI 전문인력 관측치',
    yes: '예', no: '아니오', dep: '종속변수: ln(임금).',
    cluster: '괄호 안은 기업 수준 군집 표준오차(CR1).', hetero: '괄호 안은 이분산 강건 표준오차(HC1).',
    iid: '괄호 안은 고전적 표준오차.', stars: '* p<0.10, ** p<0.05, *** p<0.01.', premiumNote: '프리미엄 = 100·(exp(β) − 1).',
    cluster2: '통합 모형: 기업과 개인의 이원 군집 표준오차.',
    cluster2Only: '괄호 안은 기업과 개인의 이원 군집 표준오차.',
    stata: '소표본 보정: Stata 방식(모든 고정효과 더미 포함).',
    nested: '소표본 보정: nested 방식(fixest와 같음).',
  },
};

interface Cells {
  header: string[];
  body: { label: string; cells: string[]; rule?: boolean }[];
  notes: string;
}

function cells(tab: RegTable, lang: Lang): Cells {
  const L = LABELS[lang]!;
  const c = tab.columns;
  const yes = (b: boolean) => (b ? L.yes! : L.no!);
  const coef = (x: RegColumn) => (x.estimate === null ? '—' : `${x.estimate.toFixed(3)}${stars(x.p)}`);
  const se = (x: RegColumn) => (x.se === null ? '' : `(${x.se.toFixed(3)})`);
  const anyPooled = c.some((x) => x.pooled);
  const body: Cells['body'] = [
    { label: L.ai!, cells: c.map(coef) },
    { label: '', cells: c.map(se) },
    { label: L.premium!, cells: c.map((x) => (x.premiumPct === null ? '—' : x.premiumPct.toFixed(1))) },
    { label: L.exp!, cells: c.map(() => L.yes!), rule: true },
    { label: L.seniority!, cells: c.map(() => yes(tab.controls.includes('seniority'))) },
    { label: L.role!, cells: c.map(() => yes(tab.controls.includes('role'))) },
    { label: L.industry!, cells: c.map(() => yes(tab.controls.includes('industry'))) },
    { label: L.degree!, cells: c.map(() => yes(tab.controls.includes('highest_degree'))) },
    { label: L.start!, cells: c.map(() => yes(tab.controls.includes('start_year'))) },
  ];
  if (anyPooled) body.push({ label: L.year!, cells: c.map((x) => yes(x.pooled)) });
  body.push(
    { label: L.n!, cells: c.map((x) => fmtInt(x.n, 'en')), rule: true },
    { label: L.nAi!, cells: c.map((x) => fmtInt(x.nAi, 'en')) },
  );
  const types = tab.vcov.split(',');
  const vc = types.includes('hetero') ? L.hetero! : types.includes('iid') ? L.iid!
    : types.includes('cluster2') ? (types.includes('cluster') ? `${L.cluster!} ${L.cluster2!}` : L.cluster2Only!) : L.cluster!;
  const ssc = tab.ssc === 'stata' || tab.ssc === 'nested' ? ` ${L[tab.ssc]!}` : '';
  return {
    header: c.map((x) => x.header),
    body,
    notes: `${L.dep} ${vc}${ssc} ${L.stars} ${L.premiumNote} ${lang === 'ko' ? '— : 비공개 또는 자료 없음.' : '—: suppressed or not available.'}`,
  };
}

function escHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One regression table as an HTML <table> (class `regtable`). */
export function regTableHtml(tab: RegTable, lang: Lang): string {
  const c = cells(tab, lang);
  const head =
    `<tr><th></th>${c.header.map((_, i) => `<th>(${i + 1})</th>`).join('')}</tr>` +
    `<tr><th></th>${c.header.map((h) => `<th>${escHtml(h)}</th>`).join('')}</tr>`;
  const body = c.body
    .map((r) => `<tr${r.rule ? ' class="rule"' : ''}><th scope="row">${escHtml(r.label)}</th>${r.cells.map((x) => `<td>${escHtml(x)}</td>`).join('')}</tr>`)
    .join('');
  return (
    `<table class="regtable" id="reg-${tab.id}"><caption>${escHtml(tab.title)}</caption><thead>${head}</thead><tbody>${body}</tbody>` +
    `<tfoot><tr><td colspan="${c.header.length + 1}">${escHtml(c.notes)}</td></tr></tfoot></table>`
  );
}

/** Escape text for LaTeX. */
export function escTex(s: string): string {
  return s
    .replace(/\\/g, '\\textbackslash{}')
    .replace(/([&%$#_{}])/g, '\\$1')
    .replace(/~/g, '\\textasciitilde{}')
    .replace(/\^/g, '\\textasciicircum{}')
    .replace(/²/g, '$^2$')
    .replace(/β/g, '$\\beta$')
    .replace(/·/g, '$\\cdot$')
    .replace(/−/g, '$-$')
    .replace(/—/g, '---');
}

/** One regression table as a LaTeX `table` (booktabs; wide tables are resized to the text width). */
export function regTableTex(tab: RegTable, lang: Lang): string {
  const c = cells(tab, lang);
  const k = c.header.length;
  const lines: string[] = [];
  lines.push('\\begin{table}[htbp]', '\\centering', `\\caption{${escTex(tab.title)}}`, `\\label{tab:${tab.id}}`);
  if (k > 6) lines.push('\\resizebox{\\textwidth}{!}{%');
  lines.push(`\\begin{tabular}{l*{${k}}{c}}`, '\\toprule');
  lines.push(` & ${c.header.map((_, i) => `(${i + 1})`).join(' & ')} \\\\`);
  lines.push(` & ${c.header.map(escTex).join(' & ')} \\\\`, '\\midrule');
  for (const r of c.body) {
    if (r.rule) lines.push('\\midrule');
    lines.push(`${escTex(r.label)} & ${r.cells.map((x) => escTex(x).replace(/(\*+)$/, '$^{$1}$')).join(' & ')} \\\\`);
  }
  lines.push('\\bottomrule', '\\end{tabular}');
  if (k > 6) lines.push('}');
  lines.push(`\\par\\smallskip\\parbox{\\textwidth}{\\footnotesize ${escTex(c.notes).replace(/(\*+) p/g, '$^{$1}$ p')}}`, '\\end{table}');
  return lines.join('\n');
}

/** A full standalone HTML page with all regression tables. */
export function regressionsHtmlPage(tabs: RegTable[], lang: Lang, title: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escHtml(title)}</title>
<style>
body{font-family:"Latin Modern Roman","Times New Roman",Times,"Noto Serif CJK KR",serif;margin:2em auto;max-width:60em;color:#111}
table.regtable{border-collapse:collapse;margin:2em auto;font-size:14px}
table.regtable caption{font-weight:bold;margin-bottom:.5em}
table.regtable thead tr:first-child th{border-top:2px solid #000}
table.regtable thead tr:last-child th{border-bottom:1px solid #000}
table.regtable th,table.regtable td{padding:.15em .8em;text-align:center;font-weight:normal}
table.regtable tbody th{text-align:left}
table.regtable tr.rule th,table.regtable tr.rule td{border-top:1px solid #000}
table.regtable tbody tr:last-child th,table.regtable tbody tr:last-child td{border-bottom:2px solid #000}
table.regtable tfoot td{font-size:12px;text-align:left;padding-top:.5em;max-width:50em}
</style></head><body>
${tabs.map((tb) => regTableHtml(tb, lang)).join('\n')}
</body></html>
`;
}

/** A LaTeX fragment with all regression tables (needs booktabs and graphicx). */
export function regressionsTex(tabs: RegTable[], lang: Lang): string {
  return `% talentflow regression tables. Requires \\usepackage{booktabs,graphicx}${lang === 'ko' ? ' and a Korean-capable setup (e.g. kotex)' : ''}.\n\n${tabs.map((tb) => regTableTex(tb, lang)).join('\n\n')}\n`;
}
