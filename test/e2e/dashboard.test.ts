/**
 * End to end in real headless Chromium: the dashboard loads without console errors (CSP
 * included), a country selection updates the charts' data, the scenario slider moves the
 * scenario, and the API answers valid and invalid queries with security headers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { readOutputFolder } from '../../src/report/index.ts';
import { createServer } from '../../src/server/index.ts';
import { SCREENSHOTS, launch, skipReason } from './browser.ts';

const skip = skipReason();
const FIXTURE = fileURLToPath(new URL('../fixtures/report-world', import.meta.url));
/** The fixture run (real pipeline output): the API must answer with its values. */
const fixture = await readOutputFolder(FIXTURE);
const YEAR = Math.max(...fixture.manifest.years);
/** The country selected in the test: one with published AI headcounts besides the focus. */
const OTHER = 'US';

let app: FastifyInstance;
let base: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const foreign: string[] = [];

declare global {
  interface Window {
    talentflow: { views: Record<string, { data(name: string): unknown[] }>; renders: number; errors: string[] };
  }
}

before(async () => {
  if (skip) return;
  app = await createServer({ outDir: FIXTURE });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) foreign.push(r.url());
  });
  await page.goto(base + '/');
  await page.waitForFunction(() => document.body.dataset.ready === '1' && window.talentflow.renders >= 1, undefined, { timeout: 30000 });
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test('the dashboard loads, renders every chart, and logs no error', { skip }, async () => {
  const cards = await page.$$eval('.card', (cs) => cs.map((c) => ({ id: c.id, marks: c.querySelectorAll('svg path, svg text').length })));
  assert.ok(cards.length >= 8);
  for (const c of cards) assert.ok(c.marks > 3, `${c.id} has no rendered marks`);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreign, []);
  assert.deepEqual(await page.evaluate(() => window.talentflow.errors), []);
  await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
});

test('selecting a country updates the charts', { skip }, async () => {
  const before = await page.evaluate(() => JSON.stringify(window.talentflow.views['headcount-trend']!.data('table')));
  const kpi = await page.textContent('#kpi-workers');
  const renders = await page.evaluate(() => window.talentflow.renders);
  assert.ok(
    fixture.tables.get('headcount')!.rows.some((r) => r.country === OTHER && r.group === 'ai' && r.year === YEAR && r.suppressed === false),
    `the fixture has ${OTHER} AI headcounts in ${YEAR}`,
  );
  await page.selectOption('#country', OTHER);
  await page.waitForFunction((n) => window.talentflow.renders > n && document.body.dataset.ready === '1', renders, { timeout: 30000 });
  const after = await page.evaluate(() => JSON.stringify(window.talentflow.views['headcount-trend']!.data('table')));
  assert.notEqual(after, before);
  assert.notEqual(await page.textContent('#kpi-workers'), kpi);
  assert.match((await page.textContent('#chart-headcount-trend')) ?? '', /United States/);
  assert.deepEqual(consoleErrors, []);
  await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-us.png'), fullPage: false });
});

test('the scenario slider moves the scenario point and its sentence', { skip }, async () => {
  const text0 = await page.textContent('#scenario-text');
  const renders = await page.evaluate(() => window.talentflow.renders);
  await page.$eval('#scenario', (el) => {
    (el as HTMLInputElement).value = '30';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction((n) => window.talentflow.renders > n && document.body.dataset.ready === '1', renders, { timeout: 30000 });
  assert.equal(await page.textContent('#scenario-value'), '30.0%');
  const text1 = await page.textContent('#scenario-text');
  assert.notEqual(text1, text0);
  assert.match(text1 ?? '', /30\.0%/);
});

test('the language selector relabels the page in Korean', { skip }, async () => {
  const renders = await page.evaluate(() => window.talentflow.renders);
  await page.selectOption('#lang', 'ko');
  await page.waitForFunction((n) => window.talentflow.renders > n && document.body.dataset.ready === '1', renders, { timeout: 30000 });
  assert.equal(await page.textContent('h1'), 'AI 인재 시장');
  assert.match((await page.textContent('#chart-headcount-trend')) ?? '', /미국/);
  await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-ko.png'), fullPage: false });
});

test('the API answers from the browser origin, validates parameters and sends security headers', { skip }, async () => {
  const want = fixture.tables.get('premium')!.rows.find((r) => r.country === 'KR' && r.year === YEAR && r.skill === 'all');
  assert.equal(typeof want?.premium_pct, 'number', `the fixture has KR's pooled premium in ${YEAR}`);
  const ok = await page.request.get(base + `/api/tables/premium?country=KR&year=${YEAR}&skill=all`);
  assert.equal(ok.status(), 200);
  const body = (await ok.json()) as { rows: { premium_pct: number; n_ai: number }[] };
  assert.equal(body.rows.length, 1);
  assert.equal(typeof body.rows[0]!.premium_pct, 'number');
  assert.ok(Math.abs(body.rows[0]!.premium_pct - (want!.premium_pct as number)) < 1e-9, 'the API returns the run\'s premium');
  assert.equal(body.rows[0]!.n_ai, want!.n_ai);
  const h = ok.headers();
  assert.match(h['content-security-policy'] ?? '', /default-src 'none'/);
  assert.equal(h['x-content-type-options'], 'nosniff');
  const bad = await page.request.get(base + '/api/tables/premium?year=twenty');
  assert.equal(bad.status(), 400);
  assert.match(((await bad.json()) as { messages: string[] }).messages.join(' '), /year/);
  const scen = await page.request.get(base + '/api/scenario?premium=12.5');
  assert.equal(scen.status(), 200);
});
