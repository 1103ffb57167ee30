/**
 * The report on the output of a real study run on a fixed small synthetic world
 * (test/fixtures/report-world, made by its make.ts): determinism, a self-contained page,
 * both languages, every section, suppressed cells. The goldens of the page and of the
 * chart specs are in test/golden/report.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalise } from '../../test/golden/golden.ts';
import { studyOptions } from '../study/options.ts';
import { buildReport, readOutputFolder } from './index.ts';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/report-world', import.meta.url));

const input = await readOutputFolder(FIXTURE);
const built = await buildReport({ ...input, options: studyOptions({ focus: 'KR', lang: 'en' }) });

test('the normalised page and charts do not depend on the run date, where the data lay, or render order', async () => {
  // A second build in the same process (chart id counters have moved on), from a run made
  // at another time on another machine: after normalisation, byte for byte the same.
  const later = await buildReport({
    ...input,
    manifest: { ...input.manifest, created: new Date().toISOString(), data: join('/somewhere/else', basename(input.manifest.data)) },
    options: studyOptions({ focus: 'KR', lang: 'en' }),
  });
  assert.equal(normalise(later.html), normalise(built.html));
  assert.deepEqual(later.charts.map((c) => normalise(c.svg)), built.charts.map((c) => normalise(c.svg)));
});

test('the report is self-contained: no external reference of any kind', () => {
  const h = built.html;
  assert.doesNotMatch(h, /<(link|img|iframe|object|embed)\b/i);
  assert.doesNotMatch(h, /<script[^>]+src=/i);
  assert.doesNotMatch(h, /@import|url\((?!#)/i);
  // Only the SVG namespace URIs and the vega-lite schema id may look like URLs.
  const urls = [...h.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
  assert.deepEqual([...new Set(urls)].filter((u) => !u.startsWith('http://www.w3.org/')), []);
  assert.match(h, /Content-Security-Policy" content="default-src 'none'/);
});

test('both languages are in the page with the requested one shown first', async () => {
  assert.match(built.html, /<html lang="en">/);
  assert.match(built.html, /<h2>1\. <span data-l="en">AI-skilled workers<\/span><span data-l="ko">AI 전문인력<\/span><\/h2>/);
  const ko = await buildReport({ ...input, options: studyOptions({ focus: 'KR', lang: 'ko' }) });
  assert.match(ko.html, /<html lang="ko">/);
  // Same body whatever the initial language: only the html lang, the title and the options row differ.
  const strip = (s: string) =>
    s.replace(/<html lang="\w+">/, '').replace(/<title>[^<]*<\/title>/, '').replace(/<tr><td>lang<\/td><td>\w+<\/td><\/tr>/, '');
  assert.equal(strip(ko.html), strip(built.html));
});

test('every section is present, in order, each with a chart where the run has data', () => {
  const ids = [...built.html.matchAll(/<section id="([^"]+)" class="section">/g)].map((m) => m[1]);
  assert.deepEqual(ids, ['s1', 's2', 's3', 's4', 'decomposition', 's5', 's6', 's7', 's8', 's9']);
  for (const id of ids) {
    const sec = built.html.split(`<section id="${id}"`)[1]!.split('</section>')[0]!;
    assert.match(sec, /<figure class="chart"/, `section ${id} has no chart`);
    assert.match(sec, /<table class="data">/, `section ${id} has no table`);
  }
});

test('a suppressed cell is shown as a dash, never as a number', async () => {
  // The first suppressed AI headcount cell of the run, shown in the focus series of section 1.
  const hc = input.tables.get('headcount')!.rows;
  const cell = hc.find((r) => r.group === 'ai' && r.suppressed === true);
  assert.ok(cell, 'the fixture run has a suppressed AI headcount cell');
  assert.equal(cell.persons, null);
  assert.equal(cell.persons_weighted, null);
  const focus = String(cell.country);
  const built2 = await buildReport({ ...input, options: studyOptions({ focus, lang: 'en' }) });
  const s1 = built2.html.split('<section id="s1"')[1]!.split('</section>')[0]!;
  assert.match(s1, new RegExp(`<tr><td>${cell.year}</td><td class="n">—</td><td class="n">—</td><td class="n">—</td></tr>`));
  // An unsuppressed year of the same country shows its count.
  const shown = hc.find((r) => r.country === focus && r.group === 'ai' && r.suppressed === false);
  if (shown) assert.match(s1, new RegExp(`<tr><td>${shown.year}</td><td class="n">[0-9][^<]*</td>`));
});

test('section 3 puts the focus country’s new-hire premium beside the stock premium when the run has premium_new_hires', async () => {
  const row = (year: number | 'pooled', estimate: number) => ({
    country: 'KR', year, estimate, se: 0.02, ci_low: estimate - 0.04, ci_high: estimate + 0.04, premium_pct: 100 * Math.expm1(estimate),
    premium_pct_ci_low: 100 * Math.expm1(estimate - 0.04), premium_pct_ci_high: 100 * Math.expm1(estimate + 0.04),
    n: 321, n_ai: 45, vcov: year === 'pooled' ? 'cluster2' : 'cluster', ssc: 'stata', df: 40, suppressed: false,
  });
  const tables = new Map(input.tables);
  tables.set('premium_new_hires', { name: 'premium_new_hires', columns: Object.keys(row(2020, 0)), rows: [row(2020, 0.1), row('pooled', 0.2)] });
  const html = (await buildReport({ ...input, tables, options: studyOptions({ focus: 'KR', lang: 'en' }) })).html;
  assert.match(html, /AI wage premium of new hires beside all workers: Korea/);
  assert.match(html, /신규 채용자와 전체 근로자의 AI 임금 프리미엄/);
  assert.match(html, />10\.5</); // 100·(exp(0.1) − 1)
  assert.match(html, />22\.1</); // pooled: 100·(exp(0.2) − 1)
  assert.match(html, /\[6\.2, 15\.0\]/); // 100·(exp(0.06) − 1), 100·(exp(0.14) − 1)
  assert.match(html, />321</);
});

test('each section says how many cells of its tables disclosure control withheld, primary and secondary, in both languages', async () => {
  const counts = (p: number, s: number) => ({ rows: 100, cells: 400, primaryRows: p, primaryCells: 4 * p, secondaryRows: s, secondaryCells: 4 * s, omittedRows: 0 });
  const disclosure = {
    minCell: 10, mode: 'complete' as const, ...counts(0, 0),
    tables: { headcount: counts(3, 1), composition: counts(10, 2), flows: counts(5, 0) },
  };
  const b = await buildReport({ ...input, manifest: { ...input.manifest, disclosure }, options: studyOptions({ focus: 'KR', lang: 'en', minCell: 10 }) });
  const s1 = b.html.split('<section id="s1"')[1]!.split('</section>')[0]!;
  assert.match(s1, /withheld 52 cells of headcount\.csv, composition\.csv because they count fewer than 10 persons, and 12 more so that none of them can be recovered/);
  assert.match(s1, /headcount\.csv, composition\.csv의 셀 52개는 10명 미만을 세므로 비공개했고, .* 12개를 추가로 비공개함/);
  const s5 = b.html.split('<section id="s5"')[1]!.split('</section>')[0]!;
  assert.match(s5, /withheld 20 cells of flows\.csv because .* and 0 more/);
  // without the manifest's record (an older folder) no sentence is made up
  const { disclosure: _drop, ...older } = input.manifest;
  const o = await buildReport({ ...input, manifest: older, options: studyOptions({ focus: 'KR', lang: 'en', minCell: 10 }) });
  assert.doesNotMatch(o.html, /Disclosure control withheld/);
});
