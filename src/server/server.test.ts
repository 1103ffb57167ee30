/**
 * The dashboard's HTTP surface on the hand-made fixture run: routes, validated queries,
 * suppression, the table allow-list and the security headers (fastify inject, no socket).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from './index.ts';
import { enforceSuppression } from './tables.ts';
import { ResponseCache, prepareJson } from './cache.ts';
import { gunzipSync } from 'node:zlib';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/report-input', import.meta.url));
const app = await createServer({ outDir: FIXTURE });

test('the page and the browser builds of vega are served with security headers', async () => {
  const r = await app.inject('/');
  assert.equal(r.statusCode, 200);
  assert.match(r.headers['content-type'] as string, /text\/html/);
  const csp = r.headers['content-security-policy'] as string;
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'unsafe-eval'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.ok(r.headers['x-frame-options']);
  assert.ok(r.headers['referrer-policy']);
  for (const f of ['vega.min.js', 'vega-lite.min.js', 'app.js', 'app.css']) {
    const s = await app.inject(`/static/${f}`);
    assert.equal(s.statusCode, 200, f);
    assert.ok(s.body.length > 100, f);
  }
  assert.equal((await app.inject('/static/..%2Fpackage.json')).statusCode, 404);
});

test('/api/tables lists the indicator tables only, never rejects', async () => {
  const r = await app.inject('/api/tables');
  const names = (r.json() as { tables: { name: string }[] }).tables.map((t) => t.name);
  assert.ok(names.includes('headcount') && names.includes('premium') && names.includes('link'));
  assert.ok(!names.includes('rejects'));
  assert.equal((await app.inject('/api/tables/rejects')).statusCode, 404);
});

test('/api/tables/:name filters rows by validated parameters', async () => {
  const r = await app.inject('/api/tables/headcount?country=KR&year=2024&group=ai');
  assert.equal(r.statusCode, 200);
  const body = r.json() as { rows: Record<string, unknown>[]; total: number };
  const csv = readFileSync(join(FIXTURE, 'headcount.csv'), 'utf8').split('\n').find((l) => l.startsWith('KR,2024,ai,'))!;
  assert.equal(body.total, 1);
  assert.equal(body.rows[0]!.persons, Number(csv.split(',')[3]));
  const pooled = (await app.inject('/api/tables/premium?country=KR&year=pooled&skill=all')).json() as { rows: { year: unknown }[] };
  assert.equal(pooled.rows.length, 1);
  assert.equal(pooled.rows[0]!.year, 'pooled');
});

test('invalid parameters are a 400 with a message', async () => {
  for (const [url, re] of [
    ['/api/tables/headcount?country=korea', /country: must be an ISO/],
    ['/api/tables/headcount?year=20x4', /year: must be a four-digit year/],
    ['/api/tables/headcount?group=robots', /group/],
    ['/api/tables/headcount?foo=1', /unknown parameter\(s\): foo/],
    ['/api/tables/headcount?skill=all', /has no column skill/],
    ["/api/tables/premium?skill=x';drop", /skill: contains characters/],
    ['/api/scenario?premium=abc', /premium: must be a number/],
    ['/api/scenario', /premium/],
    ['/api/charts/net-flows?lang=fr', /lang/],
  ] as const) {
    const r = await app.inject(url);
    assert.equal(r.statusCode, 400, url);
    const b = r.json() as { error: string; messages: string[] };
    assert.equal(b.error, 'invalid query');
    assert.match(b.messages.join('; '), re, url);
  }
});

test('suppressed cells stay null in the API', async () => {
  const r = (await app.inject('/api/tables/headcount?country=AU&year=2010&group=ai')).json() as { rows: Record<string, unknown>[] };
  assert.equal(r.rows[0]!.suppressed, true);
  assert.equal(r.rows[0]!.persons, null);
  assert.equal(r.rows[0]!.persons_weighted, null);
});

test('suppression is re-applied when a folder carries a small unsuppressed count', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-serve-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    const p = join(dir, 'headcount.csv');
    writeFileSync(p, readFileSync(p, 'utf8').replace(/^KR,2024,ai,\d+,\d+,[\d.]+,[\d.]+,false$/m, 'KR,2024,ai,3,30,20,40,false'));
    const app2 = await createServer({ outDir: dir });
    const r = (await app2.inject('/api/tables/headcount?country=KR&year=2024&group=ai')).json() as { rows: Record<string, unknown>[] };
    assert.deepEqual(r.rows[0], {
      country: 'KR', year: 2024, group: 'ai', persons: null, persons_weighted: null, persons_weighted_ci_low: null, persons_weighted_ci_high: null, suppressed: true,
    });
    await app2.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('enforceSuppression keeps keys and blanks values of flagged rows', () => {
  const t = enforceSuppression(
    { name: 'premium', columns: ['country', 'year', 'skill', 'estimate', 'n', 'n_ai', 'suppressed'], rows: [{ country: 'KR', year: 2024, skill: 'all', estimate: 0.1, n: 500, n_ai: 4, suppressed: false }] },
    10,
  );
  assert.deepEqual(t.rows[0], { country: 'KR', year: 2024, skill: 'all', estimate: null, n: null, n_ai: null, suppressed: true });
  // The non-AI count n − n_ai is a count of people too.
  const nonAi = enforceSuppression(
    { name: 'premium', columns: ['country', 'year', 'skill', 'estimate', 'n', 'n_ai', 'suppressed'], rows: [{ country: 'KR', year: 2024, skill: 'all', estimate: 0.1, n: 500, n_ai: 495, suppressed: false }] },
    10,
  );
  assert.equal(nonAi.rows[0]!.suppressed, true);
  assert.equal(nonAi.rows[0]!.estimate, null);
});

test('/api/charts returns a vega-lite spec for the chosen country', async () => {
  const kr = (await app.inject('/api/charts/headcount-trend?country=KR&year=2024')).json() as { spec: { data: { values: unknown[] } } };
  const us = (await app.inject('/api/charts/headcount-trend?country=US&year=2024&lang=ko')).json() as { spec: { data: { values: unknown[] } } };
  assert.equal(kr.spec.data.values.length, 15);
  assert.notDeepEqual(kr.spec.data.values, us.spec.data.values);
  assert.equal((await app.inject('/api/charts/nope')).statusCode, 404);
});

test('/api/scenario predicts from the fitted line, monotone in the premium', async () => {
  const a = (await app.inject('/api/scenario?premium=5')).json() as { share_abroad_ai: number; ci_low: number; ci_high: number; fit: { slope: number } };
  const b = (await app.inject('/api/scenario?premium=25')).json() as { share_abroad_ai: number; fit: { slope: number } };
  assert.ok(a.ci_low < a.share_abroad_ai && a.share_abroad_ai < a.ci_high);
  assert.ok(Math.abs(b.share_abroad_ai - a.share_abroad_ai - 20 * a.fit.slope) < 1e-9);
  // The line leaves the focus country out; the prediction interval for one country is wider
  // than the interval of the mean; the all-country association comes with its HC3 interval.
  const c = (await app.inject('/api/scenario?premium=5')).json() as {
    pi_low: number; pi_high: number; ci_low: number; ci_high: number; fit: { left_out: string | null; n_countries: number };
    link: { n_countries: number; slope_ci: [number, number]; ci_includes_zero: boolean; p_permutation: number }; note: string;
  };
  assert.equal(c.fit.left_out, 'KR');
  assert.equal(c.fit.n_countries, c.link.n_countries - 1);
  assert.ok(c.pi_low < c.ci_low && c.ci_high < c.pi_high);
  assert.equal(c.link.ci_includes_zero, c.link.slope_ci[0] <= 0 && c.link.slope_ci[1] >= 0);
  assert.ok(c.link.p_permutation > 0 && c.link.p_permutation <= 1);
  assert.match(c.note, /association/);
});

test('a folder without a manifest is a clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-serve-'));
  try {
    await assert.rejects(createServer({ outDir: dir }), /not a finished talentflow run/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a repeated request is served from the cache: same bytes, gzip when accepted, 304 on its ETag', async () => {
  const url = '/api/tables/premium?country=KR&skill=all';
  const a = await app.inject(url);
  const b = await app.inject(url);
  assert.equal(a.statusCode, 200);
  assert.equal(a.body, b.body);
  assert.equal(a.headers.etag, b.headers.etag);
  assert.match(a.headers.etag as string, /^"[\w-]+"$/);
  const z = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
  if (a.rawPayload.length >= 1024) {
    assert.equal(z.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(z.rawPayload).toString('utf8'), a.body);
  }
  assert.equal((await app.inject({ url, headers: { 'accept-encoding': 'gzip;q=0' } })).headers['content-encoding'], undefined);
  const n = await app.inject({ url, headers: { 'if-none-match': a.headers.etag as string } });
  assert.equal(n.statusCode, 304);
  assert.equal(n.body, '');
  // The page and the static files carry ETags too; errors are never cached.
  assert.ok((await app.inject('/')).headers.etag);
  assert.ok((await app.inject('/static/vega.min.js')).headers.etag);
  for (let i = 0; i < 2; i++) assert.equal((await app.inject('/api/tables/headcount?country=korea')).statusCode, 400);
});

test('the response cache stays within its byte budget, evicting the least recently used', () => {
  const c = new ResponseCache(10_000);
  for (let i = 0; i < 50; i++) c.set(`/k${i}`, prepareJson({ i, pad: 'x'.repeat(500) }));
  assert.ok(c.stats.bytes <= 10_000, String(c.stats.bytes));
  assert.ok(c.stats.entries < 50 && c.stats.entries > 5);
  assert.equal(c.get('/k0'), undefined);
  assert.ok(c.get('/k49'));
});

test('path traversal, long URLs and request bodies are refused', async () => {
  for (const url of ['/static/..%2Fpackage.json', '/static/../package.json', '/static/%2e%2e%2fpackage.json', '/static/constructor', '/static/__proto__', '/api/tables/..%2F..%2Fmanifest', '/api/tables/__proto__', '/../package.json', '/api/charts/..%2Fx']) {
    const r = await app.inject(url);
    assert.ok(r.statusCode === 404 || r.statusCode === 400, `${url}: ${r.statusCode}`);
    assert.doesNotMatch(r.body, /"name":\s*"talentflow"/, url);
  }
  const long = await app.inject(`/api/tables/headcount?skill=${'a'.repeat(3000)}`);
  assert.equal(long.statusCode, 414);
  assert.match(long.body, /URL longer than/);
  const body = await app.inject({ method: 'GET', url: '/api/meta', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'y'.repeat(5000) }) });
  assert.equal(body.statusCode, 413);
  const post = await app.inject({ method: 'POST', url: '/api/meta', headers: { 'content-type': 'application/json' }, payload: '{}' });
  assert.ok(post.statusCode === 413 || post.statusCode === 404, String(post.statusCode));
  const huge = await app.inject({ method: 'POST', url: '/api/meta', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'y'.repeat(2_000_000) }) });
  assert.equal(huge.statusCode, 413);
});
