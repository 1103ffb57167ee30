/**
 * Assembles `report.html`: one self-contained page (inline SVG, CSS and a tiny script, a
 * CSP that forbids every request) with the summary, nine sections — each a chart and the
 * table behind it — and the optional sensitivity and real-data sections. Both languages
 * are rendered into the page; a button (and `--lang` for the initial state) switches.
 */
import { basename } from 'node:path';
import type { Cell, OutputTable } from '../output/table.ts';
import type { Manifest } from '../study/manifest.ts';
import type { StudyOptions } from '../study/options.ts';
import { CHART_IDS, chartSpec, defaultScenario, destinationPoints, genericPremiumChart, headcountPoints, linkModel, premiumPoint, renderSvg, type ChartContext, type ChartExtras, type ChartId, type PubPoint, type Spec } from './charts.ts';
import { ReportData, num, type Row } from './data.ts';
import { PREMIUM_RANK_DRAWS } from '../measure/bootstrap/ranks.ts';
import { LANGS, countryName, fmtInt, fmtNum, fmtPct, skillName, t, type Lang } from './i18n.ts';
import { abroadMapSvg } from './map.ts';
import { decompositionParagraphs, decompositionView, lp, shareOfGap } from './decomposition.ts';
import { comparePublished, publishedFigures } from './published.ts';
import { realSectionBody } from './real.ts';
import { takeaways, type TakeawayKey } from './summary.ts';
import { REPORT_CSS, REPORT_SCRIPT } from './style.ts';

/** A rendered chart (one language). */
export interface RenderedChart {
  id: string;
  lang: Lang;
  svg: string;
  /** The vega-lite spec the SVG was rendered from (absent for the abroad map, drawn directly). */
  spec?: Spec;
}

/** Everything the report page needs. */
export interface ReportInput {
  tables: Map<string, OutputTable>;
  manifest: Manifest;
  options: StudyOptions;
  real?: Map<string, OutputTable>;
}

type Bi = string | Record<Lang, string>;

/** Escape text for HTML. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Bilingual inline text: the same string, or one span per language. */
function bi(v: Bi): string {
  if (typeof v === 'string') return esc(v);
  if (v.en === v.ko) return esc(v.en);
  return LANGS.map((l) => `<span data-l="${l}">${esc(v[l])}</span>`).join('');
}

function both(f: (l: Lang) => string): Record<Lang, string> {
  return { en: f('en'), ko: f('ko') };
}

/** The output tables each numbered section reports from, for its sentence on withheld cells. */
const SECTION_TABLES: Record<string, readonly string[]> = {
  s1: ['headcount', 'composition'],
  s2: ['premium', 'premium_by_seniority'],
  s3: ['premium'],
  s4: ['premium'],
  s5: ['flows', 'bilateral_flows', 'mobility'],
  s6: ['abroad', 'abroad_share', 'abroad_gap'],
};

/** A block element per language (`<h2 data-l="en">…</h2><h2 data-l="ko">…</h2>`). */
function blocks(tag: string, f: (l: Lang) => string, attrs = ''): string {
  return LANGS.map((l) => `<${tag} data-l="${l}"${attrs}>${f(l)}</${tag}>`).join('');
}

const MAX_ROWS = 40;

/** An HTML table; `cols` are headers, rows are bilingual cells; right-aligns numeric columns. */
function htmlTable(cols: Bi[], rows: Bi[][], opts: { numeric?: boolean[]; caption?: Bi; maxRows?: number } = {}): string {
  const numeric = opts.numeric ?? cols.map((_, i) => i > 0);
  const max = opts.maxRows ?? MAX_ROWS;
  const shown = rows.slice(0, max);
  const head = `<tr>${cols.map((c, i) => `<th scope="col"${numeric[i] ? ' class="n"' : ''}>${bi(c)}</th>`).join('')}</tr>`;
  const body = shown.map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : ''}>${bi(c)}</td>`).join('')}</tr>`).join('');
  const more =
    rows.length > max
      ? `<p class="more">${bi(both((l) => (l === 'ko' ? `처음 ${max}행 표시(전체 ${rows.length}행은 talentflow.xlsx 참조)` : `First ${max} of ${rows.length} rows; all rows in talentflow.xlsx`)))}</p>`
      : '';
  const cap = opts.caption ? `<caption>${bi(opts.caption)}</caption>` : '';
  return `<div class="table-wrap"><table class="data">${cap}<thead>${head}</thead><tbody>${body}</tbody></table>${more}</div>`;
}

/** Format any cell of a generic table. */
function cellText(v: Cell | undefined, col: string): Bi {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return ['country', 'origin', 'destination'].includes(col) && /^[A-Z]{2}$/.test(v) ? both((l) => countryName(v, l)) : v;
  if (Number.isInteger(v)) return col === 'year' ? String(v) : fmtInt(v, 'en');
  return Math.abs(v) >= 100 ? fmtNum(v, 'en', 1) : fmtNum(v, 'en', Math.abs(v) >= 1 ? 2 : 4);
}

function genericTable(tb: OutputTable, caption?: Bi): string {
  return htmlTable(tb.columns, tb.rows.map((r) => tb.columns.map((c) => cellText(r[c], c))), {
    numeric: tb.columns.map((c) => tb.rows.some((r) => typeof r[c] === 'number') && c !== 'year'),
    caption,
  });
}

/** Chart container with both languages' SVGs and the source line. */
function figure(id: string, svgs: Partial<Record<Lang, string>>, source: Bi): string {
  const inner = LANGS.map((l) => (svgs[l] ? `<div class="svg" data-l="${l}">${svgs[l]}</div>` : '')).join('');
  return `<figure class="chart" data-chart="${esc(id)}">${inner}<figcaption class="source">${bi(source)}</figcaption></figure>`;
}

function noData(): string {
  return `<p class="nodata">${bi(both((l) => t(l).noData))}</p>`;
}

/**
 * The focus country's new-hire premium beside its stock premium (skill `all`), per year and
 * pooled, with a note on the difference; empty when the run has no `premium_new_hires` rows.
 */
function newHiresTable(data: ReportData, focus: string, C: Record<Lang, string>): string {
  const hires = data.rows('premium_new_hires').filter((r) => r.country === focus);
  if (!hires.length) return '';
  const stock = new Map(data.rows('premium').filter((r) => r.country === focus && r.skill === 'all').map((r) => [String(r.year), r]));
  const cells = (r: Row | undefined): Bi[] => {
    const p = r ? premiumPoint(r) : null;
    return [fmtNum(p?.premium, 'en', 1), p ? `[${fmtNum(p.lo, 'en', 1)}, ${fmtNum(p.hi, 'en', 1)}]` : '—'];
  };
  const rows = hires.map((r) => [
    r.year === 'pooled' ? both((l) => t(l).pooled) : String(r.year),
    ...cells(stock.get(String(r.year))),
    ...cells(r),
    fmtInt(num(r.n), 'en'),
  ] as Bi[]);
  const S = (k: 'stockPremium' | 'newHirePremium' | 'ci95' | 'nNewHires' | 'year') => both((l) => t(l)[k]);
  return (
    htmlTable([S('year'), S('stockPremium'), S('ci95'), S('newHirePremium'), S('ci95'), S('nNewHires')], rows, {
      numeric: [false, true, true, true, true, true],
      caption: both((l) => t(l).newHiresCaption(C[l])),
    }) + `<p class="small">${bi(both((l) => t(l).newHiresNote))}</p>`
  );
}

/** A row's bootstrap interval of `col` (`col_ci_low`, `col_ci_high`) as "[lo, hi]", or an em dash. */
function ciText(row: Row | undefined, col: string, fmt: (v: number) => string = (v) => fmtInt(v, 'en')): string {
  const lo = num(row?.[`${col}_ci_low`]);
  const hi = num(row?.[`${col}_ci_high`]);
  return lo === null || hi === null ? '—' : `[${fmt(lo)}, ${fmt(hi)}]`;
}

interface Built {
  html: string;
  charts: RenderedChart[];
}

/** Build the report page and its rendered charts. */
export async function buildReport(input: ReportInput): Promise<Built> {
  const { manifest, options } = input;
  const focus = options.focus;
  const data = new ReportData(input.tables, focus);
  const year = data.latestYear() ?? new Date(manifest.created).getUTCFullYear();
  const scen = defaultScenario(data, year, focus, options.minAiN);
  const synthetic = manifest.synthetic !== undefined;
  const ctxOf = (lang: Lang): ChartContext => ({ lang, focus, year, minAiN: options.minAiN, scenarioPremium: scen, synthetic });
  const charts: RenderedChart[] = [];
  const dataName = basename(manifest.data || 'data');
  const version = manifest.tool?.version ?? '';
  const source = (extra?: (l: Lang) => string): Bi =>
    both((l) => `${t(l).source}: ${t(l).sourceText(dataName, version)}${extra ? ' ' + extra(l) : ''}`);

  // Chart extras computed here: published-vs-measured points and rejects by reason.
  const pubRows = both((l) => JSON.stringify(comparePublished(data, { ...manifest.options, ...options }, l)));
  const pubPoints = (l: Lang): PubPoint[] => {
    const rows = JSON.parse(pubRows[l]) as ReturnType<typeof comparePublished>;
    const pts: PubPoint[] = [];
    for (const r of rows) {
      if (r.unit !== 'pct' || !r.id.startsWith('premium-') || r.measuredValue === null || r.publishedValue === null) continue;
      pts.push({ label: r.short, kind: t(l).published, value: r.publishedValue }, { label: r.short, kind: t(l).measured, value: r.measuredValue });
    }
    return pts;
  };
  const rejects = Object.entries(manifest.rows?.rejectedByReason ?? {})
    .map(([reason, rows]) => ({ reason, rows: Number(rows) }))
    .sort((a, b) => b.rows - a.rows || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));

  const svgs = new Map<string, Partial<Record<Lang, string>>>();
  for (const id of CHART_IDS) {
    for (const lang of LANGS) {
      const extras: ChartExtras = { published: pubPoints(lang), rejects };
      const spec = chartSpec(id as ChartId, data, ctxOf(lang), extras);
      if (!spec) continue;
      const svg = await renderSvg(spec, `${id}-${lang}`);
      charts.push({ id, lang, svg, spec });
      svgs.set(id, { ...svgs.get(id), [lang]: svg });
    }
  }
  const mapSvgs: Partial<Record<Lang, string>> = {};
  for (const lang of LANGS) {
    const m = abroadMapSvg(focus, year, destinationPoints(data, ctxOf(lang)), lang);
    if (m) {
      mapSvgs[lang] = m;
      charts.push({ id: 'abroad-map', lang, svg: m });
    }
  }
  const fig = (id: string, src: Bi = source()) => (svgs.get(id) ? figure(id, svgs.get(id)!, src) : '');
  const tk = both((l) => JSON.stringify(takeaways(data, ctxOf(l))));
  const take = (k: TakeawayKey): string => {
    const v = both((l) => (JSON.parse(tk[l]) as Record<string, string>)[k] ?? '');
    return v.en || v.ko ? `<p class="takeaway">${bi(v)}</p>` : '';
  };
  const C = both((l) => countryName(focus, l));
  const S = (k: keyof ReturnType<typeof t>) => both((l) => String(t(l)[k]));

  const sections: { id: string; num: number | null; title: Record<Lang, string>; body: string }[] = [];
  const weighted = both((l) => t(l).weightedNote);

  // 1. headcount
  {
    const hc = both((l) => JSON.stringify(headcountPoints(data, ctxOf(l))));
    const rows = (JSON.parse(hc.en) as { country: string; value: number }[]).map((r) => {
      const row = data.headcountByCountry(year).find((x) => x.country === r.country);
      return [both((l) => countryName(r.country, l)), fmtInt(num(row?.persons), 'en'), fmtInt(r.value, 'en'), ciText(row, 'persons_weighted')] as Bi[];
    });
    const series = data.headcountSeries(focus).map((r) => [String(r.year), fmtInt(num(r.persons), 'en'), fmtInt(num(r.persons_weighted), 'en'), ciText(r, 'persons_weighted')] as Bi[]);
    const body = rows.length
      ? take('s1') +
        fig('headcount-by-country', source((l) => t(l).weightedNote)) +
        fig('headcount-trend', source((l) => t(l).weightedNote)) +
        `<div class="pair">${htmlTable([S('country'), S('persons'), S('personsW'), S('ci95')], rows, { caption: both((l) => `${t(l).s1}, ${year}`) })}` +
        `${htmlTable([S('year'), S('persons'), S('personsW'), S('ci95')], series, { caption: both((l) => `${t(l).s1}: ${countryName(focus, l)}`) })}</div>`
      : noData();
    sections.push({ id: 's1', num: 1, title: S('s1'), body });
  }

  // 2. premium by country
  {
    const rows = data.premiumByCountry(year)
      .map((r) => ({ r, p: premiumPoint(r) }))
      .sort((a, b) => (b.p?.premium ?? -Infinity) - (a.p?.premium ?? -Infinity))
      .map(({ r, p }) => [both((l) => countryName(r.country as string, l)), fmtNum(p?.premium, 'en', 1), p ? `[${fmtNum(p.lo, 'en', 1)}, ${fmtNum(p.hi, 'en', 1)}]` : '—', fmtInt(num(r.n), 'en'), fmtInt(num(r.n_ai), 'en')] as Bi[]);
    const body = rows.length ? take('s2') + fig('premium-by-country') + htmlTable([S('country'), S('premium'), S('ci95'), S('n'), S('nAi')], rows) : noData();
    sections.push({ id: 's2', num: 2, title: S('s2'), body });
  }

  // 3. focus premium over time
  {
    const rows = data.premiumSeries(focus).map((r) => {
      const p = premiumPoint(r);
      return [String(r.year), fmtNum(p?.premium, 'en', 1), p ? `[${fmtNum(p.lo, 'en', 1)}, ${fmtNum(p.hi, 'en', 1)}]` : '—', fmtInt(num(r.n), 'en'), fmtInt(num(r.n_ai), 'en')] as Bi[];
    });
    const body = rows.length ? take('s3') + fig('premium-trend') + htmlTable([S('year'), S('premium'), S('ci95'), S('n'), S('nAi')], rows, { numeric: [false, true, true, true, true] }) + newHiresTable(data, focus, C) : noData();
    sections.push({ id: 's3', num: 3, title: both((l) => `${t(l).s3}: ${C[l]}`), body });
  }

  // 4. premium by skill
  {
    const sk = data.skillPremiums(focus, year);
    const rows = sk.rows
      .map((r) => ({ r, p: premiumPoint(r) }))
      .sort((a, b) => (b.p?.premium ?? -Infinity) - (a.p?.premium ?? -Infinity))
      .map(({ r, p }) => [both((l) => skillName(r.skill as string, l)), fmtNum(p?.premium, 'en', 1), p ? `[${fmtNum(p.lo, 'en', 1)}, ${fmtNum(p.hi, 'en', 1)}]` : '—', fmtInt(num(r.n), 'en'), fmtInt(num(r.n_ai), 'en')] as Bi[]);
    const note = both((l) => (l === 'ko' ? '표본: 비AI 인력과 해당 기술 보유자, 회귀변수는 기술 보유 여부.' : 'Sample: non-AI workers and holders of the skill; the regressor is 1[holds the skill].'));
    const body = rows.length ? take('s4') + fig('premium-by-skill', source((l) => note[l])) + htmlTable([S('skill'), S('premium'), S('ci95'), S('n'), S('nAi')], rows) : noData();
    sections.push({ id: 's4', num: 4, title: both((l) => `${t(l).s4}: ${C[l]}`), body });
  }

  // The decomposition of the AI pay gap (decomposition.csv), read against the seniority-pay explanation.
  {
    const view = decompositionView(data, focus);
    const D = (l: Lang) => t(l).decomp;
    let body = `<p class="nodata">${bi(both((l) => D(l).none))}</p>`;
    if (view) {
      const paras = both((l) => JSON.stringify(decompositionParagraphs(view, focus, l, options.vcov)));
      const ps = (JSON.parse(paras.en) as string[]).map((en, i) => ({ en, ko: (JSON.parse(paras.ko) as string[])[i] ?? '' }));
      const ci = (r: Row | undefined): string => (num(r?.ci_low) === null ? '—' : `[${lp(num(r?.ci_low), 'en')}, ${lp(num(r?.ci_high), 'en')}]`);
      const f = view.focus;
      const focusRows = f
        ? [...f.parts.entries()].map(([c, r]) => [both((l) => D(l).components[c] ?? c), lp(num(r.estimate), 'en'), ci(r), shareOfGap(f, c, 'en') ?? '—'] as Bi[])
        : [];
      const cell = (r: Row | undefined): string => (num(r?.estimate) === null ? '—' : `${lp(num(r?.estimate), 'en')} ${ci(r)}`);
      const countryRows = [...view.countries]
        .sort((a, b) => Number(b.country === focus) - Number(a.country === focus))
        .map((c) => [
          both((l) => countryName(c.country, l)),
          ...['total', 'explained', 'seniority', 'unexplained'].map((p) => cell(c.parts.get(p))),
          fmtInt(num(c.parts.get('total')?.n), 'en'),
          fmtInt(num(c.parts.get('total')?.n_ai), 'en'),
        ] as Bi[]);
      const y = String(view.year);
      body =
        ps.map((p, i) => `<p${i === 0 ? ' class="takeaway"' : ''}>${bi(p)}</p>`).join('') +
        fig('decomposition') +
        (focusRows.length
          ? htmlTable([both((l) => D(l).component), both((l) => D(l).logPoints), S('ci95'), both((l) => D(l).shareOfGap)], focusRows, {
              caption: both((l) => D(l).tableFocus(countryName(focus, l), y)),
              numeric: [false, true, true, true],
            })
          : '') +
        htmlTable(
          [S('country'), ...(['total', 'explained', 'seniority', 'unexplained'] as const).map((p) => both((l) => D(l).components[p] ?? p)), S('n'), S('nAi')],
          countryRows,
          { caption: both((l) => D(l).tableCountries(y)) },
        );
    }
    sections.push({ id: 'decomposition', num: null, title: both((l) => D(l).title), body });
  }

  // 5. net flows: unweighted beside weighted (a country's weighted flows carry its own weights)
  {
    const rows = data.flowSeries(focus).map((r) => {
      const net = num(r.net_weighted) ?? num(r.net);
      const mark = net !== null && net < 0 ? both((l) => `▼ ${t(l).outflowYear}`) : '';
      return [
        String(r.year), fmtInt(num(r.inflow), 'en'), fmtInt(num(r.outflow), 'en'), fmtInt(num(r.net), 'en'),
        fmtInt(num(r.inflow_weighted), 'en'), fmtInt(num(r.outflow_weighted), 'en'), fmtInt(num(r.net_weighted), 'en'), ciText(r, 'net_weighted'), mark,
      ] as Bi[];
    });
    const body = rows.length
      ? take('s5') + fig('net-flows', source((l) => t(l).weightedNote)) +
        htmlTable([S('year'), S('inflow'), S('outflow'), S('net'), S('inflowW'), S('outflowW'), S('netW'), S('ci95'), ''], rows, { numeric: [false, true, true, true, true, true, true, true, false] })
      : noData();
    sections.push({ id: 's5', num: 5, title: both((l) => `${t(l).s5}: ${C[l]}`), body });
  }

  // 6. nationals abroad
  {
    const dest = destinationPoints(data, ctxOf('en'));
    const total = dest.reduce((s, d) => s + d.value, 0);
    const rows = dest.map((d) => [both((l) => countryName(d.country, l)), fmtInt(d.persons, 'en'), fmtInt(d.value, 'en'), total > 0 ? fmtPct((100 * d.value) / total, 'en', 1) : '—'] as Bi[]);
    const mapSrc = source((l) => (l === 'ko' ? '지도: Natural Earth 1:110m(world-atlas).' : 'Map: Natural Earth 1:110m (world-atlas).'));
    // the focus country's weighted share abroad (AI) by year, with its bootstrap interval
    const shares = data.rows('abroad_share')
      .filter((r) => r.origin === focus && r.group === 'ai' && typeof r.year === 'number' && num(r.share_abroad_weighted) !== null)
      .sort((a, b) => (a.year as number) - (b.year as number))
      .map((r) => [String(r.year), fmtPct(100 * num(r.share_abroad_weighted)!, 'en', 1), ciText(r, 'share_abroad_weighted', (v) => fmtPct(100 * v, 'en', 1))] as Bi[]);
    const body = rows.length
      ? take('s6') + (mapSvgs.en || mapSvgs.ko ? figure('abroad-map', mapSvgs, mapSrc) : '') +
        fig('abroad-destinations') +
        `<div class="pair">${htmlTable([S('destination'), S('persons'), S('abroadW'), S('shareOfAbroad')], rows, { caption: both((l) => `${t(l).s6}: ${C[l]}, ${year}`) })}` +
        `${htmlTable([S('year'), S('shareAbroadAi'), S('ci95')], shares, { numeric: [false, true, true], caption: weighted })}</div>`
      : noData();
    sections.push({ id: 's6', num: 6, title: both((l) => `${t(l).s6}: ${C[l]}`), body });
  }

  // 7. premium vs share abroad
  {
    const m = linkModel(data, ctxOf('en'));
    const pts = m.points.map((p) => [both((l) => countryName(p.country, l)), fmtNum(p.premium_pct, 'en', 1), fmtNum(p.share_ai, 'en', 1), fmtNum(p.gap_pp, 'en', 1), fmtInt(p.n_ai, 'en')] as Bi[]);
    const measureLabel = (m: Cell | undefined): Bi =>
      m === 'share_abroad' ? S('shareAbroadAi') : m === 'excess_share_abroad' ? S('gapPp') : String(m ?? '—');
    const modelLabel = (v: Cell | undefined): Bi => (v === 'cross_section' ? S('crossSection') : v === 'panel_fe' ? S('panelFe') : String(v ?? '—'));
    const pFmt = (v: Cell | undefined): string => {
      const p = num(v);
      return p === null ? '—' : p < 0.001 ? '< 0.001' : fmtNum(p, 'en', 3);
    };
    const link = data
      .rows('link')
      .filter((r) => r.year === year || r.year === 'pooled')
      .map((r) => [
        r.year === 'pooled' ? S('pooled') : String(r.year ?? '—'),
        modelLabel(r.model),
        measureLabel(r.measure),
        fmtNum(num(r.slope), 'en', 3),
        `[${fmtNum(num(r.slope_ci_low), 'en', 3)}, ${fmtNum(num(r.slope_ci_high), 'en', 3)}]`,
        pFmt(r.p_value),
        pFmt(r.model === 'panel_fe' ? r.p_wild_bootstrap : r.p_permutation),
        fmtNum(num(r.pearson), 'en', 2),
        fmtNum(num(r.spearman), 'en', 2),
        fmtInt(num(r.n_countries), 'en'),
      ] as Bi[]);
    const base = m.hc3?.slope ?? null;
    const signed = (d: number): string => {
      const a = fmtNum(Math.abs(d), 'en', 3);
      return Math.abs(d) < 0.0005 ? a : `${d > 0 ? '+' : '−'}${a}`;
    };
    const infl = m.influence.map((r) => [
      both((l) => countryName(r.country, l)),
      fmtNum(r.slope, 'en', 3),
      base === null ? '—' : signed(r.slope - base),
    ] as Bi[]);
    const fitNote = both((l) => (m.lineFit ? t(l).linkNote(countryName(focus, l), m.lineFit.n) : ''));
    const body = pts.length
      ? take('s7') + fig('link-scatter', source((l) => fitNote[l])) +
        htmlTable([S('country'), S('premium'), S('shareAbroadAi'), S('gapPp'), S('nAi')], pts, { caption: S('pointsTable') }) +
        (link.length
          ? htmlTable([S('year'), S('model'), S('measure'), S('slope'), S('ci95'), S('pValue'), S('pResample'), S('pearson'), S('spearman'), S('nCountries')], link, {
              caption: S('linkTable'),
              numeric: [false, false, false, true, true, true, true, true, true, true],
            })
          : '') +
        (infl.length ? htmlTable([S('leftOut'), S('slopeWithout'), S('slopeChange')], infl, { caption: both((l) => `${t(l).influenceTable}, ${year}`), numeric: [false, true, true] }) : '')
      : noData();
    sections.push({ id: 's7', num: 7, title: S('s7'), body });
  }

  // 8. published figures
  {
    const rows = both((l) => pubRows[l]);
    const en = JSON.parse(rows.en) as ReturnType<typeof comparePublished>;
    const ko = JSON.parse(rows.ko) as ReturnType<typeof comparePublished>;
    const k = en.filter((r) => r.comparable).length;
    const tab = en.map((r, i) => [{ en: r.label, ko: ko[i]!.label }, r.published, r.measured, { en: r.note, ko: ko[i]!.note }, { en: r.sourceKey, ko: ko[i]!.sourceKey }] as Bi[]);
    const srcList = Object.entries(publishedFigures().sources).map(([key, v]) => `<li><b>${esc(key)}</b>: ${bi(v)}</li>`).join('');
    const body =
      `<p class="takeaway">${bi(both((l) => `${t(l).t8(k, en.length)}.${synthetic ? ` ${t(l).synthBok}.` : ''}`))}</p>` +
      fig('published-vs-measured') +
      htmlTable([S('figure'), S('published'), S('measured'), S('setting'), S('sourceCol')], tab, { numeric: [false, true, true, false, false], maxRows: Infinity }) +
      `<ul class="sources">${srcList}</ul>`;
    sections.push({ id: 's8', num: 8, title: S('s8'), body });
  }

  // 9. data and methods
  {
    const inputs = (manifest.inputs ?? []).map((f) => [f.table, basename(f.path), fmtInt(f.bytes, 'en'), (f.sha256 ?? '').slice(0, 12)] as Bi[]);
    const tablesRead = Object.entries(manifest.rows?.read ?? {}).map(([k, v]) => [k, fmtInt(v, 'en'), fmtInt(manifest.rows?.rejected?.[k] ?? 0, 'en')] as Bi[]);
    const rej = rejects.map((r) => [r.reason, fmtInt(r.rows, 'en')] as Bi[]);
    const opts = Object.entries({ ...manifest.options, ...options })
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : JSON.stringify(v)] as Bi[]);
    const supp = [...input.tables.values()]
      .filter((tb) => tb.columns.includes('suppressed'))
      .map((tb) => [tb.name, fmtInt(tb.rows.length, 'en'), fmtInt(tb.rows.filter((r) => r.suppressed === true).length, 'en')] as Bi[]);
    const nSupp = [...input.tables.values()].reduce((s, tb) => s + tb.rows.filter((r) => r.suppressed === true).length, 0);
    const readTotal = Object.values(manifest.rows?.read ?? {}).reduce((s, v) => s + v, 0);
    const rejTotal = Object.values(manifest.rows?.rejected ?? {}).reduce((s, v) => s + v, 0);
    const years = manifest.years?.length ? `${Math.min(...manifest.years)}–${Math.max(...manifest.years)}` : '—';
    const minCell = options.minCell;
    const body =
      `<p class="takeaway">${bi(both((l) => `${t(l).t9(fmtInt(readTotal, l), fmtInt(rejTotal, l), readTotal ? (rejTotal > 0 && (100 * rejTotal) / readTotal < 0.01 ? '<0.01%' : fmtPct((100 * rejTotal) / readTotal, l, 2)) : '—', nSupp)}.`))}</p>` +
      `<p>${bi(S('methods'))} ${bi(both((l) => t(l).rankNote(PREMIUM_RANK_DRAWS)))}</p>` +
      `<h3>${bi(S('inputs'))}</h3>` + htmlTable([S('table'), S('file'), S('bytes'), S('sha')], inputs, { numeric: [false, false, true, false] }) +
      htmlTable([S('table'), S('read'), S('rejected')], tablesRead) +
      `<h3>${bi(S('rejects'))}</h3>` + (rej.length ? fig('rejects-by-reason', source()) + htmlTable([S('reason'), S('rows')], rej) : `<p>—</p>`) +
      `<h3>${bi(S('coverage'))}</h3>` +
      htmlTable([S('years'), S('countries')], [[years, String(manifest.countries?.length ?? data.countries().length)]], { numeric: [false, true] }) +
      `<p class="small">${esc((manifest.countries ?? data.countries()).join(', '))}</p>` +
      `<h3>${bi(S('options'))}</h3>` + htmlTable([S('option'), S('value')], opts, { numeric: [false, false] }) +
      `<h3>${bi(S('suppression'))}</h3>` +
      `<p>${bi(both((l) => (l === 'ko' ? `${minCell}명 미만의 인원을 세는 셀은 공란으로 두고 suppressed = true로 표시(--min-cell ${minCell}).` : `Cells counting fewer than ${minCell} persons are blank and flagged suppressed = true (--min-cell ${minCell}).`)))}</p>` +
      htmlTable([S('table'), S('rows'), S('cellsSuppressed')], supp);
    sections.push({ id: 's9', num: 9, title: S('s9'), body });
  }

  // One sentence per section: the cells its tables withheld, primary and secondary (manifest.disclosure).
  const withheld = manifest.disclosure?.tables;
  if (withheld && options.minCell > 0) {
    for (const s of sections) {
      const names = (SECTION_TABLES[s.id] ?? []).filter((n) => withheld[n]);
      if (!names.length) continue;
      const primary = names.reduce((a, n) => a + withheld[n]!.primaryCells, 0);
      const secondary = names.reduce((a, n) => a + withheld[n]!.secondaryCells, 0);
      const files = names.map((n) => `${n}.csv`).join(', ');
      s.body += `<p class="small">${bi(both((l) => t(l).withheld(fmtInt(primary, l), fmtInt(secondary, l), options.minCell, files)))}</p>`;
    }
  }

  // Optional: sensitivity table.
  const sens = input.tables.get('sensitivity');
  if (sens && sens.rows.length) sections.push({ id: 'sensitivity', num: null, title: S('sSens'), body: genericTable(sens) });

  // Optional: real-data studies (src/report/real.ts).
  if (input.real && input.real.size) {
    const pubPrem = new Map<string, number>();
    for (const f of publishedFigures().figures) if (f.match.kind === 'premium' && 'year' in f.match && f.match.year === 2024 && typeof f.value === 'number') pubPrem.set(f.match.country, f.value);
    const body = await realSectionBody(input.real, {
      focus,
      table: (cols, rows, numeric) => htmlTable(cols, rows, { numeric }),
      bi,
      generic: (tb) => genericTable(tb),
      premiumChart: (rows, lang, title, withPublished) => genericPremiumChart({ rows }, ctxOf(lang), title, withPublished ? pubPrem : new Map()),
      chart: async (id, specOf, src) => {
        const svgsReal: Partial<Record<Lang, string>> = {};
        for (const lang of LANGS) {
          const spec = specOf(lang);
          if (!spec) continue;
          const svg = await renderSvg(spec, `${id}-${lang}`);
          svgsReal[lang] = svg;
          charts.push({ id, lang, svg, spec });
        }
        return svgsReal.en ? figure(id, svgsReal, src) : '';
      },
    });
    sections.push({ id: 'real', num: null, title: S('sReal'), body });
  }

  // Summary (the takeaways in order) and the page.
  const summaryItems = (['s1', 's2', 's3', 's4', 's5', 's6', 's7'] as TakeawayKey[])
    .map((k) => {
      const v = both((l) => (JSON.parse(tk[l]) as Record<string, string>)[k] ?? '');
      return v.en || v.ko ? `<li>${bi(v)}</li>` : '';
    })
    .join('');
  const y0 = manifest.years?.length ? String(Math.min(...manifest.years)) : String(year);
  const toc = sections.map((s) => `<li><a href="#${s.id}">${s.num ? `${s.num}. ` : ''}${bi(s.title)}</a></li>`).join('');
  const body =
    `<header class="cover">` +
    `<div class="bar"><button id="lang-toggle" type="button">${bi(S('toggle'))}</button></div>` +
    blocks('h1', (l) => esc(t(l).title)) +
    blocks('p', (l) => esc(t(l).subtitle(countryName(focus, l), y0, String(year))), ' class="subtitle"') +
    `<p class="meta">${bi(S('generated'))}: <time class="created">${esc(manifest.created)}</time> · talentflow ${esc(version)} · ${esc(dataName)}</p>` +
    `</header>` +
    `<section id="summary" class="summary"><h2>${bi(S('summary'))}</h2><ul>${summaryItems}</ul></section>` +
    `<nav class="toc"><h2>${bi(S('contents'))}</h2><ol>${toc}</ol></nav>` +
    sections.map((s) => `<section id="${s.id}" class="section"><h2>${s.num ? `${s.num}. ` : ''}${bi(s.title)}</h2>${s.body}</section>`).join('\n') +
    `<footer><p>${bi(both((l) => t(l).suppressedNote(options.minCell)))}</p></footer>`;
  const html =
    `<!doctype html>\n<html lang="${options.lang}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">\n` +
    `<title>${esc(t(options.lang).title)}: ${esc(countryName(focus, options.lang))}</title>\n<style>${REPORT_CSS}</style>\n</head>\n<body>\n${body}\n` +
    `<script>${REPORT_SCRIPT(both((l) => `${t(l).title}: ${countryName(focus, l)}`))}</script>\n</body>\n</html>\n`;
  return { html, charts };
}
