/**
 * Unit tests of the report's building blocks: CSV read-back, the scatter and scenario, stars and
 * p-values, LaTeX/HTML regression tables, published-figure matching, generated sentences,
 * stable SVG ids, the map, and the workbook.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { toCsv } from '../output/csv.ts';
import type { OutputTable } from '../output/table.ts';
import { tQuantile } from '../engine/index.ts';
import { studyOptions } from '../study/options.ts';
import { fitLink, scenario } from '../measure/link/index.ts';
import { chartSpec, defaultScenario, linkModel, renderSvg, scatterPoints, stableIds, type ChartContext } from './charts.ts';
import { ReportData, num } from './data.ts';
import { countryName, fmtInt, fmtPct, josa, rankPhrase } from './i18n.ts';
import { abroadMapSvg, classBreaks } from './map.ts';
import { comparePublished } from './published.ts';
import { parseCsv, readOutputFolder, tableFromCsv } from './read.ts';
import { escTex, pValue, regTableTex, regressionTables, stars } from './regressions.ts';
import { takeaways } from './summary.ts';
import { workbook } from './xlsx.ts';
import { workbookInThread, WorkbookThreadError } from './xlsx-thread.ts';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/report-input', import.meta.url));
const { tables, manifest } = await readOutputFolder(FIXTURE);
const ctx = (over: Partial<ChartContext> = {}): ChartContext => ({ lang: 'en', focus: 'KR', year: 2024, minAiN: 100, scenarioPremium: null, ...over });

/** A copy of the fixture tables with one table's rows changed. */
function withRows(name: string, f: (rows: OutputTable['rows']) => OutputTable['rows']): Map<string, OutputTable> {
  const m = new Map(tables);
  const t = m.get(name)!;
  m.set(name, { ...t, rows: f(t.rows.map((r) => ({ ...r }))) });
  return m;
}

test('CSV read-back inverts toCsv by the contract: quotes, commas, newlines, blanks, text that looks like a number', () => {
  const t: OutputTable = {
    name: 'composition',
    columns: ['country', 'year', 'group', 'dimension', 'category', 'persons', 'share', 'persons_weighted', 'share_weighted', 'suppressed'],
    rows: [
      { country: 'KR', year: 2024, group: 'ai', dimension: 'field', category: 'Research, "applied"\nlab', persons: 12, share: 0.125, persons_weighted: 13.5, share_weighted: 0.1, suppressed: false },
      { country: 'US', year: 2024, group: 'non_ai', dimension: 'seniority', category: '3', persons: null, share: null, persons_weighted: null, share_weighted: null, suppressed: true },
    ],
  };
  const back = tableFromCsv('composition', toCsv(t));
  assert.deepEqual(back, t);
  assert.deepEqual(parseCsv('a,b\r\n1,"x\r\ny"\r\n'), [['a', 'b'], ['1', 'x\r\ny']]);
});

test('a CSV whose columns differ from the contract is refused with the file and the columns named', () => {
  assert.throws(() => tableFromCsv('headcount', 'country,year,group,persons,suppressed\nKR,2024,ai,12,false\n'), /headcount\.csv: .*missing: persons_weighted/);
  assert.throws(
    () => tableFromCsv('headcount', 'country,year,group,persons,persons_weighted,persons_weighted_ci_low,persons_weighted_ci_high,suppressed\nKR,2024,ai,twelve,1,0.5,1.5,false\n'),
    /headcount\.csv line 2, column "persons"/,
  );
});

test('pValue uses the published degrees of freedom (normal without them); stars follow p', () => {
  const df = 12;
  const se = 0.1;
  const est = tQuantile(0.975, df) * se; // exactly at the 5% boundary
  const p = pValue(est, se, df);
  assert.ok(Math.abs(p - 0.05) < 1e-12, `p = ${p}`);
  const pNormal = pValue(1.959963985 * se, se, null);
  assert.ok(Math.abs(pNormal - 0.05) < 1e-6);
  assert.equal(stars(0.009), '***');
  assert.equal(stars(0.03), '**');
  assert.equal(stars(0.07), '*');
  assert.equal(stars(0.2), '');
  assert.equal(stars(null), '');
});

test('regression tables: one column per country, SEs in parentheses, FE and N rows, LaTeX-safe', () => {
  const data = new ReportData(tables, 'KR');
  const regs = regressionTables(data, 'KR', 2024, 'en');
  assert.deepEqual(regs.map((r) => r.id), ['premium-by-country', 'premium-pooled', 'premium-by-year', 'premium-by-skill']);
  const byCountry = regs[0]!;
  assert.equal(byCountry.columns[0]!.header, 'Korea');
  const kr = tables.get('premium')!.rows.find((r) => r.country === 'KR' && r.year === 2024 && r.skill === 'all')!;
  assert.equal(byCountry.columns[0]!.estimate, kr.estimate);
  const tex = regTableTex(byCountry, 'en');
  assert.match(tex, new RegExp(`${(kr.estimate as number).toFixed(3)}\\$\\^\\{\\*+\\}\\$`));
  assert.match(tex, new RegExp(`\\(${(kr.se as number).toFixed(3)}\\)`));
  assert.match(tex, /Seniority FE & Yes/);
  assert.match(tex, /Observations & [\d,]+ &/);
  assert.match(tex, /\\toprule[\s\S]*\\bottomrule/);
  assert.equal(escTex('R&D 50% #1 a_b'), 'R\\&D 50\\% \\#1 a\\_b');
  // Pooled columns list the year fixed effect.
  assert.match(regTableTex(regs[1]!, 'en'), /Year FE & Yes/);
  // The notes name the variance (pooled: two-way by firm and person) and the small-sample rule.
  assert.match(tex, /clustered by firm \(CR1\)[\s\S]*Small-sample correction: Stata \(every fixed-effect dummy counted\)/);
  assert.doesNotMatch(tex, /two-way/);
  assert.match(regTableTex(regs[1]!, 'en'), /clustered by firm and by person \(two-way\)/);
  assert.match(regTableTex(regs[1]!, 'ko'), /이원 군집[\s\S]*소표본 보정: Stata/);
  const nested = regressionTables(new ReportData(withRows('premium', (rows) => rows.map((r) => ({ ...r, ssc: 'nested' }))), 'KR'), 'KR', 2024, 'en');
  assert.match(regTableTex(nested[0]!, 'en'), /Small-sample correction: nested \(as fixest\)/);
});

test('published figures: matched where the setting matches, dash otherwise', () => {
  const data = new ReportData(tables, 'KR');
  const rows = comparePublished(data, manifest.options, 'en');
  const kr = rows.find((r) => r.id === 'ai-workers-KR-2024')!;
  const hc = tables.get('headcount')!.rows.find((r) => r.country === 'KR' && r.year === 2024 && r.group === 'ai')!;
  assert.equal(kr.measuredValue, hc.persons_weighted);
  assert.equal(kr.measured, fmtInt(num(hc.persons_weighted), 'en'));
  assert.equal(rows.find((r) => r.id === 'pwc-US')!.measured, '—');
  // A different AI definition: BOK figures are not comparable.
  const other = comparePublished(data, { ...manifest.options, taxonomy: 'oecd' }, 'en');
  assert.equal(other.find((r) => r.id === 'ai-workers-KR-2024')!.measured, '—');
  assert.match(other.find((r) => r.id === 'ai-workers-KR-2024')!.note, /different AI definition/);
  // Net-flow sign summary computed from flows.csv.
  const sign = rows.find((r) => r.id === 'net-sign-KR')!;
  const nets = data.flowSeries('KR').map((r) => num(r.net_weighted)!);
  assert.match(sign.measured, new RegExp(`net outflow in ${nets.filter((n) => n < 0).length} of ${nets.length} years`));
});

test('summary sentences are generated from the numbers and follow them', () => {
  const data = new ReportData(tables, 'KR');
  const en = takeaways(data, ctx());
  const kr = tables.get('premium')!.rows.find((r) => r.country === 'KR' && r.year === 2024 && r.skill === 'all')!;
  assert.ok(en.s2!.includes(fmtPct(kr.premium_pct as number, 'en')), en.s2);
  assert.match(en.s2!, /the lowest of 7 countries/);
  // Make Korea's premium the highest: the sentence must say so.
  const high = withRows('premium', (rows) => rows.map((r) => (r.country === 'KR' && r.year === 2024 && r.skill === 'all' ? { ...r, premium_pct: 99, estimate: Math.log(1.99) } : r)));
  assert.match(takeaways(new ReportData(high, 'KR'), ctx()).s2!, /99\.0%.*the highest of 7 countries/);
  // Flows: turn every year into an inflow.
  const inflow = withRows('flows', (rows) => rows.map((r) => (r.country === 'KR' && r.group === 'ai' ? { ...r, net: 5, net_weighted: 50 } : r)));
  assert.match(takeaways(new ReportData(inflow, 'KR'), ctx()).s5!, /in 0 of the 15 published years 2010–2024, unweighted and weighted/);
  const ko = takeaways(data, ctx({ lang: 'ko' }));
  assert.match(ko.s5!, /^한국은 2010–2024년 공표된 15개 연도 중 \d+년 AI 인력이 순유출/);
  assert.equal(josa('미국', '은', '는'), '미국은');
  assert.equal(josa('한국', '은', '는'), '한국은');
  assert.equal(josa('캐나다', '은', '는'), '캐나다는');
  assert.equal(rankPhrase(1, 7, 'en'), 'the highest');
  assert.equal(rankPhrase(3, 7, 'en', 'large'), 'the 3rd largest');
  assert.equal(rankPhrase(7, 7, 'ko'), '가장 낮음');
});

test('link points: minimum AI n and suppressed inputs keep a country out; scenario on the line', () => {
  const data = new ReportData(tables, 'KR');
  const all = scatterPoints(data, 2024, 0);
  assert.equal(all.length, 7);
  const kr = tables.get('premium')!.rows.find((r) => r.country === 'KR' && r.year === 2024 && r.skill === 'all')!;
  assert.equal(scatterPoints(data, 2024, (kr.n_ai as number) + 1).some((p) => p.country === 'KR'), false);
  const supp = withRows('abroad_share', (rows) => rows.map((r) => (r.origin === 'DE' && r.year === 2024 && r.group === 'ai' ? { ...r, share_abroad: null, share_abroad_weighted: null, persons_abroad: null, persons_abroad_weighted: null, suppressed: true } : r)));
  assert.equal(scatterPoints(new ReportData(supp, 'KR'), 2024, 0).some((p) => p.country === 'DE'), false);
  const scen = defaultScenario(data, 2024, 'KR', 100)!;
  const others = all.filter((p) => p.country !== 'KR').map((p) => p.premium_pct).sort((a, b) => a - b);
  const k = others.length;
  const median = k % 2 ? others[(k - 1) / 2]! : (others[k / 2 - 1]! + others[k / 2]!) / 2;
  assert.ok(Math.abs(scen - Math.round(median * 10) / 10) < 1e-9, `${scen} vs ${median}`);
  const m = linkModel(data, ctx({ scenarioPremium: 20 }));
  // The scenario comes from the line fitted without the focus country (KR).
  assert.equal(m.focusLeftOut, true);
  assert.equal(m.lineFit!.n, all.length - 1);
  const noKr = fitLink(all.filter((p) => p.country !== 'KR').map((p) => p.premium_pct), all.filter((p) => p.country !== 'KR').map((p) => p.share_ai))!;
  assert.ok(Math.abs(m.lineFit!.slope - noKr.slope) < 1e-12);
  assert.ok(Math.abs(m.scenario!.fit - (noKr.intercept + 20 * noKr.slope)) < 1e-12);
  assert.ok(m.scenario!.pi_low < m.scenario!.low && m.scenario!.high < m.scenario!.pi_high, 'prediction interval wider than the band');
  // The chart's band is the prediction interval of that line.
  const b0 = m.band[0]!;
  const s0 = scenario(noKr, b0.x);
  assert.ok(Math.abs(b0.low - s0.pi_low) < 1e-12 && Math.abs(b0.high - s0.pi_high) < 1e-12);
  // The slope over all countries, its HC3 interval and permutation p are link.csv's.
  const row = tables.get('link')!.rows.find((r) => r.year === 2024 && r.measure === 'share_abroad' && r.model === 'cross_section')!;
  const m0 = linkModel(data, ctx());
  assert.ok(Math.abs(m0.fit!.slope - (row.slope as number)) < 1e-9);
  assert.ok(Math.abs(m0.hc3!.low - (row.slope_ci_low as number)) < 1e-9 && Math.abs(m0.hc3!.high - (row.slope_ci_high as number)) < 1e-9);
  assert.ok(Math.abs(m0.hc3!.pPerm - (row.p_permutation as number)) < 1e-12);
  assert.equal(m0.fit!.n, row.n_countries);
  // Influence: the link_influence.csv slopes of that year, largest change first.
  const infl = tables.get('link_influence')!.rows.filter((r) => r.year === 2024 && r.measure === 'share_abroad');
  assert.equal(m0.influence.length, infl.length);
  for (const r of m0.influence) assert.ok(Math.abs(r.slope - (infl.find((x) => x.left_out === r.country)!.slope as number)) < 1e-9);
  const change = m0.influence.map((r) => Math.abs(r.slope - m0.hc3!.slope));
  assert.deepEqual(change, [...change].sort((a, b) => b - a));
  // The band is narrowest at the mean premium.
  const widths = m.band.map((b) => b.high - b.low);
  assert.ok(Math.min(...widths) < widths[0]! && Math.min(...widths) < widths[widths.length - 1]!);
});

test('charts: stable ids, rendered marks, null without data', async () => {
  const svg = '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"/><use href="#clip7"/></svg>';
  assert.equal(stableIds(svg, 'c'), '<svg><clipPath id="c-1"><rect/></clipPath><g clip-path="url(#c-1)"/><use href="#c-1"/></svg>');
  const data = new ReportData(tables, 'KR');
  const spec = chartSpec('net-flows', data, ctx())!;
  const a = await renderSvg(spec, 'x');
  const b = await renderSvg(spec, 'x');
  assert.equal(a, b, 'rendering is deterministic');
  assert.match(a, /class="mark-rect role-mark/);
  const empty = new ReportData(new Map(), 'KR');
  assert.equal(chartSpec('premium-by-country', empty, ctx()), null);
  assert.equal(countryName('KR', 'ko'), '한국');
});

test('map: quantile breaks, origin highlighted, destinations shaded, nothing without data', () => {
  assert.deepEqual(classBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), [3, 5, 7, 9]);
  assert.deepEqual(classBreaks([5, 5, 5]), []);
  const svg = abroadMapSvg('KR', 2024, [{ country: 'US', value: 500 }, { country: 'JP', value: 50 }], 'en')!;
  assert.match(svg, /<path d="[^"]+" fill="#D55E00"><title>Korea \(Origin\)<\/title>/);
  assert.match(svg, /<title>United States: 500<\/title>/);
  assert.ok(svg.length < 150_000, `map SVG is ${svg.length} bytes`);
  assert.equal(abroadMapSvg('KR', 2024, [], 'en'), null);
});

test('workbook: a sheet per indicator, suppressed cells blank, no rejects sheet', async () => {
  const bytes = await workbook(tables, manifest);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const names = wb.worksheets.map((w) => w.name);
  assert.ok(names.includes('about') && names.includes('headcount') && names.includes('premium'));
  assert.ok(!names.includes('rejects'));
  const ws = wb.getWorksheet('headcount')!;
  assert.equal(ws.rowCount, tables.get('headcount')!.rows.length + 1);
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  assert.deepEqual(header, tables.get('headcount')!.columns);
  let found = false;
  ws.eachRow((row, i) => {
    if (i === 1) return;
    const v = row.values as unknown[];
    if (v[1] === 'AU' && v[2] === 2010 && v[3] === 'ai') {
      found = true;
      assert.equal(v[4], undefined);
      assert.equal(v[6], undefined, 'the interval is blanked with the count');
      assert.equal(v[8], true);
    }
  });
  assert.ok(found);
  assert.equal(studyOptions().focus, 'KR');
});

test('workbook in a worker thread: the same sheets and cells as in this thread; a failure is a named error', async () => {
  const load = async (bytes: Uint8Array) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    return wb.worksheets.map((ws) => {
      const rows: unknown[] = [];
      ws.eachRow((row) => rows.push(row.values));
      return { name: ws.name, rows };
    });
  };
  assert.deepEqual(await load(await workbookInThread(tables, manifest)), await load(await workbook(tables, manifest)));
  // a table the thread cannot write (rows that are not objects) fails with WorkbookThreadError
  const bad = new Map([['headcount', { name: 'headcount', columns: ['a'], rows: [null] as unknown as Record<string, null>[] }]]);
  await assert.rejects(workbookInThread(bad, manifest), WorkbookThreadError);
});

test('link takeaway: an association with its HC3 interval, influence, panel and an honest scenario, in both languages', () => {
  const data = new ReportData(tables, 'KR');
  const m = linkModel(data, ctx({ scenarioPremium: 20 }));
  const en = takeaways(data, ctx({ scenarioPremium: 20 })).s7!;
  const ko = takeaways(data, ctx({ lang: 'ko', scenarioPremium: 20 })).s7!;
  assert.match(en, /is associated with a [\d.]+-point (lower|higher) share of AI workers abroad \(95% CI [−-]?[\d.]+ to [−-]?[\d.]+, HC3 errors; permutation p = /);
  assert.match(en, new RegExp(`The most influential country is ${countryName(m.influence[0]!.country, 'en')}: without it the slope is`));
  assert.match(en, /Within countries over time \(country and year fixed effects, \d+ countries\)/);
  assert.match(en, new RegExp(`line fitted to the other ${m.lineFit!.n} countries`));
  assert.match(en, new RegExp(`95% prediction interval for one country ${fmtPct(m.scenario!.pi_low, 'en').replace('.', '\\.')} to`));
  assert.match(en, /not the effect of a change in the premium\.$/);
  assert.equal(/includes zero/.test(en), m.hc3!.includesZero);
  assert.match(ko, /연관됨/);
  assert.match(ko, /한 국가에 대한 95% 예측구간/);
  assert.match(ko, /국가 간 연관성이며 프리미엄 변화의 효과가 아님\.$/);
  assert.doesNotMatch(ko, /[A-Za-z]{4,}/, 'no English words in Korean (HC3 and p aside)');

  // A flat world: the slope's interval includes zero, and the scenario sentence says so.
  const flat = withRows('abroad_share', (rows) =>
    rows.map((r) => {
      if (r.year !== 2024 || r.group !== 'ai') return r;
      const v = 0.05 + 0.01 * ((r.origin as string).charCodeAt(0) % 3);
      return { ...r, share_abroad: v, share_abroad_weighted: v };
    }),
  );
  const fd = new ReportData(flat, 'KR');
  const fm = linkModel(fd, ctx({ scenarioPremium: 20 }));
  assert.equal(fm.hc3!.includesZero, true);
  const fen = takeaways(fd, ctx({ scenarioPremium: 20 })).s7!;
  const scenSentence = fen.split('. ').find((x) => x.startsWith('On the line fitted'))!;
  assert.match(scenSentence, /the slope's interval includes zero, so the data are also consistent with no association/);
  assert.match(fen, /an interval that includes zero/);
  assert.match(takeaways(fd, ctx({ lang: 'ko', scenarioPremium: 20 })).s7!, /기울기의 신뢰구간이 0을 포함하므로 연관이 없다는 해석과도 부합/);
});

test('net flows: counted over published years only, unweighted beside weighted; the BOK sign needs every year', () => {
  // Suppress 2010–2016 (as a small sample would) and make 2018 an outflow unweighted but an inflow weighted.
  const rows = withRows('flows', (rs) =>
    rs.map((r) => {
      if (r.country !== 'KR' || r.group !== 'ai') return r;
      const y = r.year as number;
      if (y <= 2016) return { ...r, inflow: null, outflow: null, net: null, inflow_weighted: null, outflow_weighted: null, net_weighted: null, suppressed: true };
      if (y === 2018) return { ...r, net: -3, net_weighted: 4 };
      return { ...r, net: y === 2020 ? 5 : -5, net_weighted: y === 2020 ? 50 : -50 };
    }),
  );
  const data = new ReportData(rows, 'KR');
  const en = takeaways(data, ctx()).s5!;
  assert.match(en, /in 7 of the 8 published years 2017–2024 unweighted, 6 weighted, net inflow only in 2020\./);
  assert.match(en, /7 of the 15 years 2010–2024 are not published/);
  assert.doesNotMatch(en, /synthetic/);
  const ko = takeaways(data, ctx({ lang: 'ko' })).s5!;
  assert.match(ko, /공표된 8개 연도 중 7년 AI 인력이 순유출\(비가중 기준; 가중 기준 6년\)/);
  assert.match(ko, /15개 연도 중 7개 연도는/);
  // A synthetic world says that agreement with the BOK is by construction, in both languages.
  assert.match(takeaways(data, ctx({ synthetic: true })).s5!, /synthetic world of talentflow's generator \(the demo world\), whose parameters are calibrated to the Bank of Korea figures: agreement with them is by construction/);
  assert.match(takeaways(data, ctx({ lang: 'ko', synthetic: true })).s5!, /합성 데이터\(데모 데이터\)이므로, 한국은행 수치와의 일치는 설계에 따른 결과/);
  // Section 8: 8 of 15 years are not the BOK's 15: measured, but not comparable.
  const sign = comparePublished(data, manifest.options, 'en').find((r) => r.id === 'net-sign-KR')!;
  assert.equal(sign.comparable, false);
  assert.match(sign.measured, /^weighted: net outflow in 6 of 8 years \(inflow: 2018, 2020\); unweighted: net outflow in 7 of 8 years$/);
  assert.match(sign.note, /only 8 of the 15 years published/);
  assert.match(comparePublished(data, manifest.options, 'ko').find((r) => r.id === 'net-sign-KR')!.note, /15개 연도 중 8개 연도만 공표/);
  // Every year published: comparable.
  assert.equal(comparePublished(new ReportData(tables, 'KR'), manifest.options, 'en').find((r) => r.id === 'net-sign-KR')!.comparable, true);
});
