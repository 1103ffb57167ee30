/**
 * Golden tests of the report and the chart SVGs on the hand-made fixture world
 * (test/fixtures/report-input), plus checks that the page stays self-contained.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { assertGolden } from '../../test/golden/golden.ts';
import { studyOptions } from '../study/options.ts';
import { buildReport, readOutputFolder } from './index.ts';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/report-input', import.meta.url));

const input = await readOutputFolder(FIXTURE);
const built = await buildReport({ ...input, options: studyOptions({ focus: 'KR', lang: 'en' }) });

test('report.html matches its golden (charts stubbed, see the SVG goldens)', () => {
  const page = built.html.replace(/<svg[\s\S]*?<\/svg>/g, '<svg data-golden="stub"/>');
  assertGolden('report.html', page);
});

test('chart SVGs match their goldens', () => {
  const en = built.charts.filter((c) => c.lang === 'en' && c.id !== 'abroad-map');
  assert.ok(en.length >= 9, `expected the nine charts, got ${en.map((c) => c.id).join(', ')}`);
  for (const c of en) assertGolden(`chart-${c.id}.svg`, c.svg);
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
  assert.deepEqual(ids, ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']);
  for (const id of ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']) {
    const sec = built.html.split(`<section id="${id}"`)[1]!.split('</section>')[0]!;
    assert.match(sec, /<figure class="chart"/, `section ${id} has no chart`);
    assert.match(sec, /<table class="data">/, `section ${id} has no table`);
  }
});

test('a suppressed cell is shown as a dash, never as a number', async () => {
  // AU 2010 AI headcount is suppressed in the fixture; the 2010 AU premium has n_ai < min cell.
  const au2010 = input.tables.get('headcount')!.rows.find((r) => r.country === 'AU' && r.year === 2010 && r.group === 'ai')!;
  assert.equal(au2010.suppressed, true);
  assert.equal(au2010.persons, null);
  const focusAu = await buildReport({ ...input, options: studyOptions({ focus: 'AU', lang: 'en' }) });
  const s1 = focusAu.html.split('<section id="s1"')[1]!.split('</section>')[0]!;
  assert.match(s1, /<tr><td>2010<\/td><td class="n">—<\/td><td class="n">—<\/td><\/tr>/);
});
