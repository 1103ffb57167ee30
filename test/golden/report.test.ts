/**
 * Golden tests of what the report decides, on the output of a real study run on a fixed
 * small synthetic world (test/fixtures/report-world, made by its make.ts): the page's text,
 * tables and structure (`report.html`, inline SVGs stubbed) and the vega-lite spec of every
 * chart (`charts/<id>.vl.json`). The rendered SVG bytes belong to vega and are not
 * compared; a smoke test renders every spec instead and checks what it drew.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { studyOptions } from '../../src/study/options.ts';
import { buildReport, readOutputFolder } from '../../src/report/index.ts';
import { CHART_IDS, type Spec } from '../../src/report/charts.ts';
import { GOLDEN_DIR, assertGolden, assertGoldenJson, pageForGolden } from './golden.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/report-world', import.meta.url));

const input = await readOutputFolder(FIXTURE);
const built = await buildReport({ ...input, options: studyOptions({ focus: 'KR', lang: 'en' }) });
const specCharts = built.charts.filter((c): c is typeof c & { spec: Spec } => c.spec !== undefined);

test('report.html matches its golden (text, tables, structure; SVGs stubbed)', () => {
  assertGolden('report.html', pageForGolden(built.html));
});

test('every chart spec matches its golden, and there is no golden without a chart', () => {
  const en = specCharts.filter((c) => c.lang === 'en');
  // The fixture world has data for every chart of the report.
  assert.deepEqual(en.map((c) => c.id), [...CHART_IDS]);
  const failed: string[] = [];
  for (const c of en) {
    try {
      assertGoldenJson(`charts/${c.id}.vl.json`, c.spec);
    } catch (e) {
      failed.push((e as Error).message);
    }
  }
  assert.deepEqual(failed, []);
  const files = readdirSync(join(GOLDEN_DIR, 'charts')).filter((f) => !f.includes('-changed.')).sort();
  assert.deepEqual(files, CHART_IDS.map((id) => `${id}.vl.json`).sort());
});

/** The vega mark type each vega-lite mark type is drawn with. */
const VEGA_MARK: Record<string, string> = { bar: 'rect', tick: 'rect', point: 'symbol', circle: 'symbol', square: 'symbol', line: 'line', area: 'area', rule: 'rule', text: 'text' };

type Layer = { mark: string | { type: string }; data?: { name?: string; values?: unknown[] } };
type SceneNode = { marktype?: string; role?: string; name?: string; items?: SceneNode[] };

/** Per layer of a spec: the vega mark type and the number of data rows it draws. */
function expectedMarks(spec: Spec): { marktype: string; rows: number }[] {
  const layers = (spec.layer as Layer[] | undefined) ?? [spec as unknown as Layer];
  const top = spec.data as Layer['data'];
  const named = new Map<string, unknown[]>();
  for (const d of [top, ...layers.map((l) => l.data)]) if (d?.name && d.values) named.set(d.name, d.values);
  return layers.map((l) => {
    const type = typeof l.mark === 'string' ? l.mark : l.mark.type;
    const values = l.data?.values ?? (l.data?.name ? named.get(l.data.name) : undefined) ?? top?.values ?? [];
    return { marktype: VEGA_MARK[type] ?? type, rows: values.length };
  });
}

/** Per layer of a rendered view: the mark type and the number of items drawn. */
function drawnMarks(root: SceneNode, nLayers: number): { marktype: string; rows: number }[] {
  const byName = new Map<string, { marktype: string; rows: number }>();
  const walk = (n: SceneNode) => {
    if (n.role === 'mark' && n.marktype && n.name) {
      const m = byName.get(n.name) ?? { marktype: n.marktype, rows: 0 };
      m.rows += n.items?.length ?? 0;
      byName.set(n.name, m);
    }
    for (const i of n.items ?? []) walk(i);
  };
  walk(root);
  const names = nLayers === 1 && byName.has('marks') ? ['marks'] : Array.from({ length: nLayers }, (_, i) => `layer_${i}_marks`);
  return names.map((n) => byName.get(n) ?? { marktype: 'missing', rows: 0 });
}

const escText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

test('every chart spec compiles without a warning and renders with vega: one mark per data row in every layer', async () => {
  assert.equal(specCharts.length, 2 * CHART_IDS.length, 'both languages of every chart');
  for (const c of specCharts) {
    const where = `${c.id} (${c.lang})`;
    const messages: string[] = [];
    const logger = {
      level(l?: number) { return l === undefined ? vega.Warn : logger; },
      error(...a: unknown[]) { messages.push(`error: ${a.join(' ')}`); return logger; },
      warn(...a: unknown[]) { messages.push(`warn: ${a.join(' ')}`); return logger; },
      info() { return logger; },
      debug() { return logger; },
    } as unknown as NonNullable<NonNullable<Parameters<typeof vl.compile>[1]>['logger']>;
    const view = new vega.View(vega.parse(vl.compile(c.spec as unknown as TopLevelSpec, { logger }).spec), { renderer: 'none', logger, logLevel: vega.Warn });
    try {
      await view.runAsync();
      const want = expectedMarks(c.spec);
      assert.ok(want.every((m) => m.rows > 0), `${where}: a layer without data`);
      assert.deepEqual(drawnMarks((view.scenegraph() as unknown as { root: SceneNode }).root, want.length), want, where);
      const svg = await view.toSVG();
      assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, where);
      assert.ok(svg.includes(escText((c.spec.title as { text: string }).text)), `${where}: the title is drawn`);
    } finally {
      view.finalize();
    }
    assert.deepEqual(messages, [], where);
    // The report's own render of the same spec is an SVG with the same title.
    assert.match(c.svg, /^<svg /, where);
    assert.ok(c.svg.includes(escText((c.spec.title as { text: string }).text)), `${where}: the report's SVG has the title`);
  }
});
