/**
 * The golden machinery: normalisation (timestamps, tool version, generated ids, nothing
 * else), the page golden (SVGs and data URIs stubbed, one block per line), stable JSON,
 * and the `-changed` file / `UPDATE_GOLDEN=1` protocol.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertGolden, assertGoldenJson, normalise, normaliseRun, pageForGolden, stableJson } from './golden.ts';

test('timestamps of any precision and offset become TIMESTAMP; plain dates and years stay', () => {
  const got = normalise('a 2025-12-05T09:41:07.123Z b 2026-01-02T03:04:05+09:00 c 2024-05-06T07:08Z d 2024-05-06 e 2024');
  assert.equal(got, 'a TIMESTAMP b TIMESTAMP c TIMESTAMP d 2024-05-06 e 2024');
});

test('the tool version is replaced', () => {
  assert.equal(normalise('made by talentflow 0.1.0-rc.2 today'), 'made by talentflow VERSION today');
});

test('ids are renumbered in order of first appearance, with their references', () => {
  const a = '<clipPath id="clip7"/><g clip-path="url(#clip7)"/><a href="#sec"/><h2 id="sec"/><use xlink:href="#clip7"/>';
  const b = '<clipPath id="clip12"/><g clip-path="url(#clip12)"/><a href="#sec"/><h2 id="sec"/><use xlink:href="#clip12"/>';
  assert.equal(normalise(a), normalise(b));
  assert.equal(normalise(a), '<clipPath id="id1"/><g clip-path="url(#id1)"/><a href="#id2"/><h2 id="id2"/><use xlink:href="#id1"/>');
  // Different structure stays different.
  assert.notEqual(normalise('<g id="a"/><g id="b"/><use href="#a"/>'), normalise('<g id="a"/><g id="b"/><use href="#b"/>'));
});

test('numbers and text are left alone', () => {
  const s = '<text x="12.5">Korea 5.77%</text><td class="n">1,234</td>';
  assert.equal(normalise(s), s);
});

test('normaliseRun replaces timestamps and the version but keeps ids', () => {
  assert.equal(normaliseRun('<h2 id="s1">talentflow 1.2.3 at 2025-12-05T09:41:07Z</h2>'), '<h2 id="s1">talentflow VERSION at TIMESTAMP</h2>');
});

test('the page golden stubs SVGs and data URIs, keeps text and ids, one block per line', () => {
  const html =
    '<html><head><meta http-equiv="Content-Security-Policy" content="img-src data:"><style>a{}</style></head><body>' +
    '<section id="s1" class="section"><h2>1. Heads</h2><figure class="chart" data-chart="c"><div class="svg"><svg xmlns="x" width="640"><g id="clip3"><text>Korea</text></g></svg></div></figure>' +
    '<img src="data:image/png;base64,iVBORw0KGgo="><table class="data"><tr><td>Korea</td><td class="n">1,234</td></tr></table></section>' +
    '<p class="meta">talentflow 0.1.0, 2025-12-05T09:41:07.5Z</p><script>if(a<b)x()</script></body></html>';
  assert.equal(
    pageForGolden(html),
    '<html><head><meta http-equiv="Content-Security-Policy" content="img-src data:"><style>a{}</style></head><body>\n' +
      '<section id="s1" class="section">\n<h2>1. Heads</h2>\n<figure class="chart" data-chart="c">\n<div class="svg"><svg data-golden="stub"/></div></figure>' +
      '<img src="data:URI">\n<table class="data">\n<tr><td>Korea</td><td class="n">1,234</td></tr></table></section>\n' +
      '<p class="meta">talentflow VERSION, TIMESTAMP</p><script>if(a<b)x()</script></body></html>',
  );
  // A changed number in a table or a moved figure is a change; another SVG render is not.
  assert.notEqual(pageForGolden(html.replace('1,234', '1,235')), pageForGolden(html));
  assert.equal(pageForGolden(html.replace('width="640"', 'width="641"').replace('clip3', 'clip9')), pageForGolden(html));
});

test('stableJson: keys sorted, exact numbers, plain rows on one line, nesting indented', () => {
  const a = { width: 640, data: { values: [{ y: 0.1 + 0.2, x: 'KR' }, { x: 'US', y: -1e-7 }, { x: 'GB', y: 12345.678 }] }, mark: { type: 'bar' }, skip: undefined };
  const b = { mark: { type: 'bar' }, data: { values: [{ x: 'KR', y: 0.30000000000000004 }, { y: -1e-7, x: 'US' }, { x: 'GB', y: 12345.678 }] }, width: 640 };
  assert.equal(stableJson(a), stableJson(b));
  assert.equal(
    stableJson(a),
    '{\n  "data": {\n    "values": [\n      {"x": "KR", "y": 0.30000000000000004},\n      {"x": "US", "y": -1e-7},\n      {"x": "GB", "y": 12345.678}\n    ]\n  },\n' +
      '  "mark": {"type": "bar"},\n  "width": 640\n}\n',
  );
  assert.deepEqual(JSON.parse(stableJson(a)), JSON.parse(JSON.stringify(a)));
  // Array order is meaning (data rows, layers), so it is kept.
  assert.notEqual(stableJson([1, 2]), stableJson([2, 1]));
});

test('a mismatch writes <name>-changed beside the golden and fails; UPDATE_GOLDEN=1 rewrites; a match clears it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-golden-'));
  const before = process.env.UPDATE_GOLDEN;
  try {
    delete process.env.UPDATE_GOLDEN;
    assert.throws(() => assertGoldenJson('charts/a.vl.json', { x: 1 }, dir), /missing/);
    assert.equal(readFileSync(join(dir, 'charts/a-changed.vl.json'), 'utf8'), '{"x": 1}\n');
    process.env.UPDATE_GOLDEN = '1';
    assertGoldenJson('charts/a.vl.json', { x: 1 }, dir);
    assert.ok(!existsSync(join(dir, 'charts/a-changed.vl.json')));
    delete process.env.UPDATE_GOLDEN;
    assertGoldenJson('charts/a.vl.json', { x: 1 }, dir);
    assert.throws(() => assertGoldenJson('charts/a.vl.json', { x: 2 }, dir), /differs from its golden/);
    assert.equal(readFileSync(join(dir, 'charts/a-changed.vl.json'), 'utf8'), '{"x": 2}\n');
    assert.equal(readFileSync(join(dir, 'charts/a.vl.json'), 'utf8'), '{"x": 1}\n');
    assertGoldenJson('charts/a.vl.json', { x: 1 }, dir);
    assert.ok(!existsSync(join(dir, 'charts/a-changed.vl.json')));
    writeFileSync(join(dir, 'page.html'), 'p');
    assert.throws(() => assertGolden('page.html', 'q', dir), /differs/);
    assert.ok(existsSync(join(dir, 'page-changed.html')));
  } finally {
    if (before === undefined) delete process.env.UPDATE_GOLDEN;
    else process.env.UPDATE_GOLDEN = before;
    rmSync(dir, { recursive: true, force: true });
  }
});
