/**
 * writeReport end to end on the fixture: the files it says it wrote are exactly those on
 * disk (no temporary leftovers), PNGs are PNGs, and the optional real-data and sensitivity
 * sections appear only when their tables are given.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutputTable } from '../output/table.ts';
import { studyOptions } from '../study/options.ts';
import { readOutputFolder, writeReport } from './index.ts';
import { svgToPng } from './png.ts';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/report-input', import.meta.url));

function walk(dir: string, root = dir, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, root, out);
    else out.push(relative(root, p).split('\\').join('/'));
  }
  return out.sort();
}

test('writeReport writes the report and every export, atomically, and lists them', async () => {
  const { tables, manifest } = await readOutputFolder(FIXTURE);
  const real: OutputTable = {
    name: 'real_premium_so2024',
    columns: ['country', 'definition', 'controls', 'estimate', 'se', 'ci_low', 'ci_high', 'premium_pct', 'n', 'n_ai', 'suppressed'],
    rows: [
      { country: 'US', definition: 'ml_framework', controls: 'full', estimate: 0.2, se: 0.02, ci_low: 0.16, ci_high: 0.24, premium_pct: 22.14, n: 900, n_ai: 150, suppressed: false },
      { country: 'DE', definition: 'ml_framework', controls: 'full', estimate: 0.1, se: 0.03, ci_low: 0.04, ci_high: 0.16, premium_pct: 10.52, n: 400, n_ai: 60, suppressed: false },
    ],
  };
  const sens: OutputTable = { name: 'sensitivity', columns: ['preset', 'min_ai_skills', 'country', 'year', 'persons'], rows: [{ preset: 'oecd', min_ai_skills: 2, country: 'KR', year: 2024, persons: 1234 }] };
  const dir = mkdtempSync(join(tmpdir(), 'tf-report-'));
  try {
    const files = await writeReport({
      outDir: dir,
      tables: new Map([...tables, ['sensitivity', sens]]),
      manifest,
      options: studyOptions({ focus: 'KR', lang: 'en' }),
      extras: { real: new Map([[real.name, real]]) },
    });
    assert.deepEqual(files, walk(dir));
    for (const f of ['report.html', 'exports/talentflow.xlsx', 'exports/regressions.html', 'exports/regressions.tex', 'exports/charts/abroad-map.svg', 'exports/charts/abroad-map.png', 'exports/charts/real-so2024.png']) {
      assert.ok(files.includes(f), `missing ${f}`);
    }
    const png = readFileSync(join(dir, 'exports/charts/net-flows.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.readUInt32BE(16) > 600, 'PNG rendered at twice the SVG size');
    // rendered in the thread pool, the same bytes as rendered here
    assert.deepEqual(png, Buffer.from(svgToPng(readFileSync(join(dir, 'exports/charts/net-flows.svg'), 'utf8'))));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /<section id="real" class="section">[\s\S]*data-chart="real-so2024"/);
    assert.match(html, /<section id="sensitivity" class="section">[\s\S]*oecd/);
    assert.match(readFileSync(join(dir, 'exports/regressions.html'), 'utf8'), /<table class="regtable" id="reg-premium-by-country">/);
    assert.match(readFileSync(join(dir, 'exports/regressions.tex'), 'utf8'), /\\begin\{tabular\}/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without extras there is no real-data section', async () => {
  const { tables, manifest } = await readOutputFolder(FIXTURE);
  const dir = mkdtempSync(join(tmpdir(), 'tf-report-'));
  try {
    await writeReport({ outDir: dir, tables, manifest, options: studyOptions({ lang: 'ko' }), skipPng: true });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.doesNotMatch(html, /<section id="real"/);
    assert.doesNotMatch(html, /<section id="sensitivity"/);
    assert.ok(!readdirSync(join(dir, 'exports/charts')).some((f) => f.endsWith('.png')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
