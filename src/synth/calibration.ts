/**
 * Calibration targets of the synthetic world: each published figure (values from
 * `src/reference/published.json`), its source, the target value, a tolerance, and how to read the value from either a world's truth.json
 * or a study's output folder. `calibrationTable` renders the table of docs/calibration.md.
 *
 * Run: `npx tsx src/synth/calibration.ts <world-dir> [<study-out-dir>]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Truth, TruthTable } from './truth.ts';
import { parseCsv } from '../output/csv.ts';
import { figure, figureValue as pub, sourceName, type SignValue } from '../reference/index.ts';

type Row = Record<string, string | number | null>;
/** Indicator tables by output name (headcount, flows, abroad, abroad_share, mobility, composition, premium). */
export interface Tables {
  rows(table: string): Row[];
}

function records(t: TruthTable): Row[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i] ?? null])));
}

/** Tables from a truth.json document (premium_pct = the true mean premium). */
export function truthTables(truth: Truth): Tables {
  const cache = new Map<string, Row[]>();
  return {
    rows(table) {
      let r = cache.get(table);
      if (!r) {
        const key = table === 'bilateral' ? 'bilateral_flows' : table;
        const t = (truth as unknown as Record<string, TruthTable | undefined>)[key];
        r = t ? records(t) : [];
        if (table === 'premium') r = r.map((x) => ({ ...x, premium_pct: x.true_premium_pct ?? null }));
        cache.set(table, r);
      }
      return r;
    },
  };
}

function parseRows(text: string): Row[] {
  const lines = parseCsv(text);
  const [head, ...body] = lines;
  if (!head) return [];
  return body.map((r) =>
    Object.fromEntries(head.map((h, i) => {
      const v = r[i] ?? '';
      return [h.replace(/^\uFEFF/, ''), v === '' ? null : /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(v) ? Number(v) : v];
    })),
  );
}

/** Tables from a study output folder (`talentflow run --out DIR`). */
export function studyTables(dir: string): Tables {
  const cache = new Map<string, Row[]>();
  return {
    rows(table) {
      let r = cache.get(table);
      if (!r) {
        const f = join(dir, `${table === 'bilateral' ? 'bilateral_flows' : table}.csv`);
        r = existsSync(f) ? parseRows(readFileSync(f, 'utf8')) : [];
        cache.set(table, r);
      }
      return r;
    },
  };
}

/** One calibration target. */
export interface CalibrationTarget {
  figure: string;
  source: string;
  target: number;
  /** Absolute tolerance in the figure's unit. */
  tolerance: number;
  unit: string;
  extract(t: Tables): number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const find = (t: Tables, table: string, where: Row): Row | undefined =>
  t.rows(table).find((r) => Object.entries(where).every(([k, v]) => String(r[k]) === String(v)));

function aiHeadcount(c: string, y: number): (t: Tables) => number | null {
  return (t) => num(find(t, 'headcount', { country: c, year: y, group: 'ai' })?.persons_weighted);
}
function premium(c: string, y: number | 'pooled', skill = 'all'): (t: Tables) => number | null {
  return (t) => num(find(t, 'premium', { country: c, year: y, skill })?.premium_pct);
}
function abroadShareW(t: Tables, o: string, y: number, g: string): number | null {
  const v = num(find(t, 'abroad_share', { origin: o, year: y, group: g })?.share_abroad_weighted);
  return v === null ? null : 100 * v;
}
function composition(c: string, y: number, dim: string, cat: string): (t: Tables) => number | null {
  return (t) => {
    const v = num(find(t, 'composition', { country: c, year: y, group: 'ai', dimension: dim, category: cat })?.share);
    return v === null ? null : 100 * v;
  };
}
function fjc(c: string, y: number, g: string): (t: Tables) => number | null {
  return (t) => {
    const v = num(find(t, 'mobility', { country: c, year: y, group: g })?.foreign_job_change_share);
    return v === null ? null : 100 * v;
  };
}

const BOK = sourceName('bok2025');

/** Every calibrated figure of the default world. */
export function calibrationTargets(): CalibrationTarget[] {
  const T: CalibrationTarget[] = [];
  const hc: [string, string, number][] = (['KR', 'US', 'GB', 'FR', 'CA'] as const).map((c) => [c, ({ KR: 'Korea', US: 'US', GB: 'UK', FR: 'France', CA: 'Canada' } as const)[c], pub(`ai-workers-${c}-2024`)]);
  for (const [c, name, v] of hc) {
    T.push({ figure: `AI-skilled workers, ${name}, 2024 (weighted)`, source: BOK, target: v, tolerance: 0.1 * v, unit: 'persons', extract: aiHeadcount(c, 2024) });
  }
  T.push({ figure: 'AI-skilled workers, Korea, 2010 (weighted)', source: BOK, target: pub('ai-workers-KR-2010'), tolerance: 0.1 * pub('ai-workers-KR-2010'), unit: 'persons', extract: aiHeadcount('KR', 2010) });
  const pr: [string, string, number][] = (['KR', 'US', 'CA', 'GB', 'FR', 'AU'] as const).map((c) => [c, ({ KR: 'Korea', US: 'US', CA: 'Canada', GB: 'UK', FR: 'France', AU: 'Australia' } as const)[c], pub(`premium-${c}-2024`)]);
  for (const [c, name, v] of pr) {
    T.push({ figure: `AI wage premium, ${name}, 2024`, source: BOK, target: v, tolerance: 2, unit: '%', extract: premium(c, 2024) });
  }
  T.push({ figure: 'AI wage premium, Korea, 2010', source: BOK, target: pub('premium-KR-2010'), tolerance: 2, unit: '%', extract: premium('KR', 2010) });
  T.push({ figure: 'AI wage premium, Korea, 2010–2024 pooled ("4.3% on average")', source: BOK, target: pub('premium-KR-avg'), tolerance: 2, unit: '%', extract: premium('KR', 'pooled') });
  const sk: [string, string, number, number][] = [
    ['pattern recognition', 'pattern recognition', pub('skill-premium-KR-pattern'), 4], ['neuroscience', 'brain science', pub('skill-premium-KR-brain'), 4],
    ['signal processing', 'signal processing', pub('skill-premium-KR-signal'), 3], ['cloud computing', 'cloud computing', pub('skill-premium-KR-cloud'), 2],
    // published only in words ("relatively low"): the targets are this project's reading
    ['deep learning', 'deep learning ("relatively low")', 3, 3], ['machine learning', 'machine learning ("relatively low")', 2.5, 3],
  ];
  for (const [k, name, v, tol] of sk) {
    T.push({ figure: `AI skill premium, Korea, 2024: ${name}`, source: BOK, target: v, tolerance: tol, unit: '%', extract: premium('KR', 2024, k) });
  }
  const sign = figure('net-sign-KR');
  const signValue = sign.value as SignValue;
  const signYears = sign.match as { from: number; to: number };
  // The sign on unweighted moves and on the country-side weighted net (inflows weighted by
  // the Korean positions taken, outflows by the Korean positions left).
  for (const [col, what] of [['net', 'AI net flow'], ['net_weighted', 'weighted AI net flow']] as const) {
    T.push({
      figure: `Korea: years ${signYears.from}–${signYears.to} with the sign of the ${what} as published (net outflow except ${signValue.inflow.join(', ')})`,
      source: BOK, target: signValue.years, tolerance: 0, unit: 'years',
      extract: (t) => {
        let ok = 0;
        for (let y = signYears.from; y <= signYears.to; y++) {
          const net = num(find(t, 'flows', { country: 'KR', year: y, group: 'ai' })?.[col]) ?? 0;
          if (signValue.inflow.includes(y) ? net > 0 : net < 0) ok++;
        }
        return ok;
      },
    });
  }
  T.push({
    figure: 'Korean AI workers abroad, 2024 (weighted)', source: BOK, target: pub('abroad-KR-2024'), tolerance: 0.1 * pub('abroad-KR-2024'), unit: 'persons',
    extract: (t) => num(find(t, 'abroad_share', { origin: 'KR', year: 2024, group: 'ai' })?.persons_abroad_weighted),
  });
  T.push({ figure: 'Share of Korean AI workers abroad, 2024 (weighted)', source: BOK, target: pub('abroad-share-KR-2024'), tolerance: 2, unit: '%', extract: (t) => abroadShareW(t, 'KR', 2024, 'ai') });
  T.push({
    figure: 'Abroad share gap AI − non-AI, Korea, 2024 (weighted)', source: BOK, target: pub('abroad-gap-KR-2024'), tolerance: 2, unit: 'points',
    extract: (t) => {
      const a = abroadShareW(t, 'KR', 2024, 'ai');
      const b = abroadShareW(t, 'KR', 2024, 'non_ai');
      return a === null || b === null ? null : a - b;
    },
  });
  for (const [y, v] of [[2024, pub('abroad-KR-US-2024')], [2010, pub('abroad-KR-US-2010')]] as const) {
    T.push({
      figure: `Korean AI workers in the US, ${y} (weighted)`, source: BOK, target: v, tolerance: 0.15 * v, unit: 'persons',
      extract: (t) => num(find(t, 'abroad', { origin: 'KR', destination: 'US', year: y, group: 'ai' })?.persons_weighted),
    });
  }
  T.push({ figure: 'Job changes from Korea to abroad, AI, 2024', source: BOK, target: pub('foreign-change-KR-ai-2024'), tolerance: 0.5, unit: '%', extract: fjc('KR', 2024, 'ai') });
  T.push({ figure: 'Job changes from Korea to abroad, non-AI, 2024', source: BOK, target: pub('foreign-change-KR-non-2024'), tolerance: 0.3, unit: '%', extract: fjc('KR', 2024, 'non_ai') });
  const shares: [string, number][] = [['cloud computing', pub('skill-share-KR-cloud')], ['machine learning', pub('skill-share-KR-ml')], ['deep learning', pub('skill-share-KR-dl')], ['signal processing', pub('skill-share-KR-signal')]];
  for (const [k, v] of shares) {
    T.push({ figure: `Korean AI workers holding ${k}, 2024`, source: BOK, target: v, tolerance: 3, unit: '%', extract: composition('KR', 2024, 'skill', k) });
  }
  T.push({
    figure: "Korean AI workers with a master's or doctorate, 2024", source: BOK, target: pub('degree-KR-grad'), tolerance: 4, unit: '%',
    extract: (t) => {
      const m = composition('KR', 2024, 'degree', 'Master')(t);
      const d = composition('KR', 2024, 'degree', 'Doctor')(t);
      return m === null || d === null ? null : m + d;
    },
  });
  T.push({ figure: "Korean AI workers with a master's, 2024", source: BOK, target: pub('degree-KR-master'), tolerance: 3, unit: '%', extract: composition('KR', 2024, 'degree', 'Master') });
  T.push({ figure: 'Korean AI workers with a doctorate, 2024', source: BOK, target: pub('degree-KR-doctor'), tolerance: 3, unit: '%', extract: composition('KR', 2024, 'degree', 'Doctor') });
  for (const [f, v] of [['Engineering', pub('field-KR-eng')], ['Business', pub('field-KR-bus')], ['Information Technology', pub('field-KR-it')]] as const) {
    T.push({ figure: `Korean AI workers, field ${f}, 2024`, source: BOK, target: v, tolerance: 4, unit: '%', extract: composition('KR', 2024, 'field', f) });
  }
  for (const [y, v] of [[2010, pub('industry-KR-info-2010')], [2024, pub('industry-KR-info-2024')]] as const) {
    T.push({ figure: `Korean AI workers in information services, ${y}`, source: BOK, target: v, tolerance: 4, unit: '%', extract: composition('KR', y, 'industry', 'Information Services') });
  }
  return T;
}

/** The calibration table as Markdown: figure, source, target ± tolerance, truth, and the study's value when given. */
export function calibrationTable(truth: Tables, study?: Tables): string {
  const fmt = (v: number | null, unit: string): string =>
    v === null ? '—' : unit === 'persons' ? Math.round(v).toLocaleString('en-US') : v.toFixed(unit === 'years' ? 0 : 2);
  const head = ['published figure', 'target', 'tolerance', 'truth (demo world)', ...(study ? ['measured by the study'] : []), 'within'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const t of calibrationTargets()) {
    const tv = t.extract(truth);
    const sv = study ? t.extract(study) : null;
    const check = study ? sv : tv;
    const ok = check !== null && Math.abs(check - t.target) <= t.tolerance + 1e-9;
    const cells = [t.figure, `${fmt(t.target, t.unit)} ${t.unit}`, `±${fmt(t.tolerance, t.unit)}`, fmt(tv, t.unit), ...(study ? [fmt(sv, t.unit)] : []), ok ? 'yes' : 'no'];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const world = process.argv[2];
  if (!world) {
    console.error('usage: npx tsx src/synth/calibration.ts <world-dir> [<study-out-dir>]');
    process.exit(2);
  }
  const truth = JSON.parse(readFileSync(join(world, 'truth.json'), 'utf8')) as Truth;
  process.stdout.write(calibrationTable(truthTables(truth), process.argv[3] ? studyTables(process.argv[3]) : undefined));
}
