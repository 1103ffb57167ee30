/**
 * End to end in real headless Chromium: the report opened from disk makes no request and
 * logs no error, every chart renders with marks, the language switch works; a screenshot
 * of each section is saved to test/output/screenshots/ for review.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildReport, readOutputFolder } from '../../src/report/index.ts';
import { studyOptions } from '../../src/study/options.ts';
import { SCREENSHOTS, launch, skipReason } from './browser.ts';

const skip = skipReason();
const FIXTURE = fileURLToPath(new URL('../fixtures/report-world', import.meta.url));
const OUT = fileURLToPath(new URL('../output/e2e', import.meta.url));

let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];
/** Ids of the charts the report built from the fixture run (every one must render). */
let builtCharts: string[] = [];

before(async () => {
  if (skip) return;
  const input = await readOutputFolder(FIXTURE);
  const { html, charts } = await buildReport({ ...input, options: studyOptions({ focus: 'KR', lang: 'en' }) });
  builtCharts = [...new Set(charts.map((c) => c.id))].sort();
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'report.html'), html);
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.goto(pathToFileURL(join(OUT, 'report.html')).href, { waitUntil: 'load' });
});

after(async () => {
  await browser?.close();
});

test('the report opens from disk with no console error and no network request', { skip }, () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(requests, []);
});

test('every chart container shows a rendered SVG with marks', { skip }, async () => {
  const charts = await page.$$eval('figure.chart', (figs) =>
    figs.map((f) => {
      const visible = Array.from(f.querySelectorAll<HTMLElement>('.svg')).filter((d) => d.offsetParent !== null);
      const svg = visible[0]?.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      return {
        id: f.getAttribute('data-chart'),
        visible: visible.length,
        marks: svg ? svg.querySelectorAll('[class*="mark-"] path, [class*="mark-"] line, [class*="mark-"] text, [class*="mark-"] rect, path').length : 0,
        width: box?.width ?? 0,
        height: box?.height ?? 0,
      };
    }),
  );
  assert.ok(charts.length >= 10, `expected at least 10 charts, found ${charts.length}`);
  assert.deepEqual(charts.map((c) => c.id).sort(), builtCharts, 'every chart built from the run is on the page');
  for (const c of charts) {
    assert.equal(c.visible, 1, `${c.id}: exactly one language version visible`);
    assert.ok(c.marks > 3, `${c.id}: no marks`);
    assert.ok(c.width > 200 && c.height > 60, `${c.id}: not laid out (${c.width}×${c.height})`);
  }
});

async function visibleHeadings(p: Page): Promise<string[]> {
  return p.$$eval('h1, section.section > h2', (hs) => hs.filter((h) => (h as HTMLElement).checkVisibility()).map((h) => (h as HTMLElement).innerText.trim()));
}

test('the language switch turns headings to Korean and back; screenshots of each section', { skip }, async () => {
  const en = await visibleHeadings(page);
  assert.equal(en[0], 'The market for AI talent');
  assert.ok(en.includes('1. AI-skilled workers'));
  const sections = await page.$$eval('section[id]', (s) => s.map((x) => x.id));
  for (const id of sections) await (await page.$(`section#${id}`))!.screenshot({ path: join(SCREENSHOTS, `report-${id}.png`) });

  await page.click('#lang-toggle');
  const ko = await visibleHeadings(page);
  assert.equal(ko[0], 'AI 인재 시장');
  assert.ok(ko.includes('1. AI 전문인력'));
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  assert.match(await page.title(), /AI 인재 시장/);
  for (const id of sections) await (await page.$(`section#${id}`))!.screenshot({ path: join(SCREENSHOTS, `report-${id}-ko.png`) });

  await page.click('#lang-toggle');
  assert.deepEqual(await visibleHeadings(page), en);
  assert.deepEqual(consoleErrors, []);
});

test('the link section shows the cross-section and panel fits, the influence table and an honest scenario, in both languages', { skip }, async () => {
  const text = () => page.$eval('section#s7', (s) => (s as HTMLElement).innerText);
  const en = await text();
  assert.match(en, /is associated with a [\d.]+-point (lower|higher) share of AI workers abroad \(95% CI .+, HC3 errors; permutation p = /);
  assert.match(en, /The most influential country is .+: without it the slope is/);
  assert.match(en, /Within countries over time \(country and year fixed effects/);
  assert.match(en, /On the line fitted to the other \d+ countries, .+ \(95% prediction interval for one country .+\), against .+ measured for Korea; an association across countries, not the effect/);
  for (const s of ['Cross-section (HC3)', 'Panel, country and year FE (clustered)', 'p (permutation / wild bootstrap)', 'Slope with each country left out (link_influence.csv)', 'Country left out']) {
    assert.ok(en.includes(s), `EN: ${s}`);
  }
  await page.click('#lang-toggle');
  const ko = await text();
  assert.match(ko, /연관됨\(95% 신뢰구간 .+, HC3 표준오차; 순열 p = /);
  assert.match(ko, /국가 내 시간에 따른 변화로 보면\(국가·연도 고정효과/);
  assert.match(ko, /한국 외 \d+개국으로 적합한 직선에서 .+한 국가에 대한 95% 예측구간 .+국가 간 연관성이며 프리미엄 변화의 효과가 아님/);
  for (const s of ['횡단면(HC3)', '패널, 국가·연도 고정효과(군집)', '국가별 제외 시 기울기(link_influence.csv)', '제외한 국가']) assert.ok(ko.includes(s), `KO: ${s}`);
  assert.ok(!ko.includes('Cross-section'), 'no English left in the Korean section');
  await page.click('#lang-toggle');
});

test('the decomposition section shows the raw gap, its parts with intervals and the seniority reading, in both languages', { skip }, async () => {
  const chart = await page.$eval('section#decomposition figure.chart[data-chart="decomposition"]', (f) => {
    const svg = Array.from(f.querySelectorAll<HTMLElement>('.svg')).find((d) => d.offsetParent !== null)?.querySelector('svg');
    const box = svg?.getBoundingClientRect();
    return { marks: svg ? svg.querySelectorAll('path, line').length : 0, width: box?.width ?? 0, height: box?.height ?? 0 };
  });
  assert.ok(chart.marks > 10 && chart.width > 200 && chart.height > 60, `decomposition chart not rendered: ${JSON.stringify(chart)}`);
  const text = () => page.$eval('section#decomposition', (s) => (s as HTMLElement).innerText);
  const en = await text();
  assert.match(en, /What explains the AI pay gap/);
  assert.match(en, /the raw gap in mean ln salary between AI-skilled and other workers in Korea was −?[\d.]+ log points \(95% CI −?[\d.]+ to −?[\d.]+\)/);
  assert.match(en, /account for −?[\d.]+ \(95% CI [^)]+\), seniority alone for −?[\d.]+ \(95% CI [^)]+\); the rest, −?[\d.]+ \(95% CI [^)]+\), is the premium at equal characteristics/);
  assert.match(en, /The Bank of Korea attributes Korea’s small AI premium to seniority-based pay/);
  assert.match(en, /Korea’s seniority part is −?[\d.]+ log points; the point estimates of the \d+ comparison countries range from .+ \(median .+\), (within their range|larger|smaller)/);
  assert.match(en, /A decomposition is descriptive/);
  for (const s of ['Decomposition of the raw gap: Korea', 'Explained by characteristics', 'Unexplained (the premium)', 'Seniority', 'Start year']) assert.ok(en.includes(s), `EN: ${s}`);
  await page.click('#lang-toggle');
  const ko = await text();
  assert.match(ko, /AI 임금 격차의 요인 분해/);
  assert.match(ko, /한국에서 AI 전문인력과 다른 인력 간 평균 로그 임금의 원격차는 −?[\d.]+ 로그 포인트\(95% 신뢰구간 /);
  assert.match(ko, /직급만으로는 −?[\d.]+\(95% 신뢰구간 /);
  assert.match(ko, /한국은행은 한국의 낮은 AI 프리미엄을 연공서열형 임금체계로 설명한다/);
  assert.match(ko, /요인 분해는 기술적\(descriptive\) 분석이다/);
  assert.ok(!/Explained by|log points|seniority/.test(ko), 'no English left in the Korean section');
  await page.click('#lang-toggle');
});

test('printing lays the report out with a page per section', { skip }, async () => {
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 9, `expected at least one page per section, got ${pages}`);
  writeFileSync(join(OUT, 'report.pdf'), pdf);
});
