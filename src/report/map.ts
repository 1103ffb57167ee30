/**
 * The nationals-abroad map (section 6): a static SVG computed in Node from world-atlas
 * (Natural Earth 1:110m, public domain) with d3-geo — destination countries shaded by the
 * number of the focus country's nationals working there, the origin highlighted and lines
 * to the five largest destinations. Coordinates are rounded to keep the SVG small.
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { geoCentroid, geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { FONT, PALETTE } from './charts.ts';
import { countryName, fmtInt, t, type Lang } from './i18n.ts';

const require = createRequire(import.meta.url);

let world: FeatureCollection<Geometry, { name: string }> | null = null;

function loadWorld(): FeatureCollection<Geometry, { name: string }> {
  if (world) return world;
  const topo = require('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  // Antarctica (010) takes space and carries no data here.
  world = { type: 'FeatureCollection', features: fc.features.filter((f) => f.id !== '010') };
  return world;
}

/** Sequential blues (ColorBrewer), light to dark: readable with colour-vision deficiencies. */
const BLUES = ['#DEEBF7', '#9ECAE1', '#6BAED6', '#3182BD', '#08519C'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Class breaks: quantiles of the positive values (at most five classes, unique, ascending). */
export function classBreaks(values: number[], k = BLUES.length): number[] {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  if (!v.length) return [];
  const out: number[] = [];
  for (let i = 1; i < k; i++) {
    const q = v[Math.min(v.length - 1, Math.floor((i * v.length) / k))]!;
    if (!out.includes(q)) out.push(q);
  }
  return out.filter((b) => b > v[0]!);
}

function classOf(x: number, breaks: number[]): number {
  let i = 0;
  while (i < breaks.length && x >= breaks[i]!) i++;
  return i;
}

/**
 * The SVG of the map. `dest` holds the number (weighted) of the origin's nationals per
 * destination (alpha-2). Returns null when there is nothing to show.
 */
export function abroadMapSvg(origin: string, year: number, dest: { country: string; value: number }[], lang: Lang, width = 720): string | null {
  const s = t(lang);
  const pos = dest.filter((d) => d.value > 0);
  if (!pos.length) return null;
  const fc = loadWorld();
  const height = Math.round(width * 0.5);
  const top = 44;
  const legendH = 44;
  const projection = geoEqualEarth().fitExtent([[4, top], [width - 4, top + height]], fc);
  const path = geoPath(projection).digits(1);
  const byNumeric = new Map<string, { country: string; value: number }>();
  for (const d of pos) {
    const numeric = countries.alpha2ToNumeric(d.country);
    if (numeric) byNumeric.set(numeric, d);
  }
  const originNumeric = countries.alpha2ToNumeric(origin);
  const breaks = classBreaks(pos.map((d) => d.value));
  const colours = BLUES.slice(BLUES.length - (breaks.length + 1));
  const parts: string[] = [];
  const centroids = new Map<string, [number, number]>();
  for (const f of fc.features as Feature<Geometry, { name: string }>[]) {
    const d = path(f);
    if (!d) continue;
    const id = String(f.id ?? '');
    const hit = byNumeric.get(id);
    let fill = '#EEF0F2';
    let title = '';
    if (id && id === originNumeric) {
      fill = PALETTE.focus;
      title = `${countryName(origin, lang)} (${s.mapOrigin})`;
    } else if (hit) {
      fill = colours[classOf(hit.value, breaks)]!;
      title = `${countryName(hit.country, lang)}: ${fmtInt(hit.value, lang)}`;
    }
    if (id) {
      const c = projection(geoCentroid(f));
      if (c) centroids.set(id, c);
    }
    parts.push(title ? `<path d="${d}" fill="${fill}"><title>${esc(title)}</title></path>` : `<path d="${d}" fill="${fill}"/>`);
  }
  // Lines from the origin to the five largest destinations, width by size.
  const o = originNumeric ? centroids.get(originNumeric) : undefined;
  const lines: string[] = [];
  if (o) {
    const topDest = [...pos].sort((a, b) => b.value - a.value).slice(0, 5);
    const max = topDest[0]?.value ?? 1;
    for (const d of topDest) {
      const c = centroids.get(countries.alpha2ToNumeric(d.country) ?? '');
      if (!c) continue;
      const [x1, y1] = o;
      const [x2, y2] = c;
      const mx = (x1 + x2) / 2;
      const my = Math.min(y1, y2) - Math.abs(x2 - x1) * 0.18 - 10;
      const w = 1 + 4 * Math.sqrt(d.value / max);
      lines.push(
        `<path d="M${x1.toFixed(1)},${y1.toFixed(1)}Q${mx.toFixed(1)},${my.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}" fill="none" stroke="${PALETTE.focus}" stroke-opacity="0.75" stroke-width="${w.toFixed(1)}" stroke-linecap="round"/>`,
        `<circle cx="${x2.toFixed(1)}" cy="${y2.toFixed(1)}" r="2.5" fill="${PALETTE.focus}"/>`,
      );
    }
  }
  // Legend: one box per class with its lower bound.
  const legend: string[] = [];
  const ly = top + height + 14;
  legend.push(`<text x="4" y="${ly + 10}" font-size="11" fill="#52606D">${esc(s.mapLegend)}</text>`);
  const lower = [Math.min(...pos.map((d) => d.value)), ...breaks];
  lower.forEach((b, i) => {
    const x = 200 + i * 90;
    legend.push(
      `<rect x="${x}" y="${ly}" width="16" height="12" fill="${colours[i]}" stroke="#9AA5B1" stroke-width="0.5"/>`,
      `<text x="${x + 20}" y="${ly + 10}" font-size="11" fill="#3E4C59">≥ ${esc(fmtInt(b, lang))}</text>`,
    );
  });
  const title = `${s.s6}: ${countryName(origin, lang)}, ${year}`;
  const h = top + height + legendH;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="marks map" role="img" aria-label="${esc(title)}" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-family="${esc(FONT)}">` +
    `<rect width="${width}" height="${h}" fill="white"/>` +
    `<text x="4" y="18" font-size="13" font-weight="bold" fill="${PALETTE.ink}">${esc(title)}</text>` +
    `<text x="4" y="34" font-size="11" fill="#52606D">${esc(s.mapNote)}</text>` +
    `<g class="mark-path" stroke="#FFFFFF" stroke-width="0.4">${parts.join('')}</g>` +
    `<g class="mark-line">${lines.join('')}</g>` +
    legend.join('') +
    `</svg>`
  );
}
