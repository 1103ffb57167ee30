/**
 * scripts/compare-outputs.mjs on small output folders built here: identical folders and
 * tiny float perturbations pass; larger perturbations, changed counts, blanks, removed or
 * unlisted added columns, extra files and manifest changes fail; volatile manifest fields
 * and the allowed `df` column are ignored; the XLSX is compared cell by cell whatever
 * wrote it (the run's own ExcelJS workbook, or a hand-made one with shared strings).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { toCsv } from '../../src/output/csv.ts';
import type { Cell, OutputTable } from '../../src/output/table.ts';
import type { Manifest } from '../../src/study/manifest.ts';
import { workbook } from '../../src/report/xlsx.ts';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'compare-outputs.mjs');
const root = mkdtempSync(join(tmpdir(), 'tf-compare-outputs-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

function tables(): OutputTable[] {
  const headcount: OutputTable = {
    name: 'headcount',
    columns: ['country', 'year', 'group', 'persons', 'persons_weighted', 'share', 'suppressed'],
    rows: [
      { country: 'KR', year: 2010, group: 'ai', persons: 120, persons_weighted: 131.25, share: 0.123456789012345, suppressed: false },
      { country: 'KR', year: 2010, group: 'non_ai', persons: 980, persons_weighted: 1002.5, share: 0.876543210987655, suppressed: false },
      { country: 'US', year: 2010, group: 'ai', persons: null, persons_weighted: null, share: null, suppressed: true },
      { country: 'US', year: 2010, group: 'non_ai', persons: 4000, persons_weighted: 4000, share: 1, suppressed: false },
    ],
  };
  const premium: OutputTable = {
    name: 'premium',
    columns: ['country', 'year', 'skill', 'estimate', 'se', 'n'],
    rows: [
      { country: 'KR', year: 2010, skill: 'all', estimate: 0.11947160287125723, se: 0.03723876517937504, n: 461 },
      { country: 'KR', year: 2010, skill: 'machine learning, "deep"', estimate: -2.5e-7, se: 1.3e-3, n: 52 },
    ],
  };
  return [headcount, premium];
}

function manifest(): Manifest {
  return {
    tool: { name: 'talentflow', version: '0.1.0' },
    created: '2026-01-01T00:00:00.000Z',
    data: '/tmp/world-a',
    options: { taxonomy: 'bok12', minCell: 10, yearFrom: 2010 },
    inputs: [{ table: 'individual_positions', path: '/tmp/world-a/individual_positions.csv', bytes: 10, sha256: 'ab' }],
    rows: { read: { individual_positions: 1100 }, rejected: { individual_positions: 2 }, rejectedByReason: { unknown_country: 2 } },
    years: [2010],
    countries: ['KR', 'US'],
    timings: { classify: 0.5 },
    outputs: ['headcount.csv', 'premium.csv', 'manifest.json'],
  };
}

type Edit = (ts: OutputTable[]) => void;

/** Write an output folder: the CSVs, the manifest and the run's workbook. */
async function folder(name: string, opts: { edit?: Edit; csvEdit?: Edit; manifest?: (m: Manifest) => void; xlsx?: boolean } = {}): Promise<string> {
  const dir = join(root, name);
  mkdirSync(join(dir, 'exports'), { recursive: true });
  const ts = tables();
  opts.edit?.(ts);
  const m = manifest();
  opts.manifest?.(m);
  if (opts.xlsx !== false) writeFileSync(join(dir, 'exports', 'talentflow.xlsx'), await workbook(new Map(ts.map((t) => [t.name, t])), m));
  opts.csvEdit?.(ts);
  for (const t of ts) writeFileSync(join(dir, `${t.name}.csv`), toCsv(t));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
  return dir;
}

function compare(before: string, after: string, ...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, before, after, ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** Multiply every non-integer number by (1 + eps). */
function perturb(eps: number): Edit {
  return (ts) => {
    for (const t of ts) for (const r of t.rows) for (const c of t.columns) {
      const v = r[c];
      if (typeof v === 'number' && !Number.isInteger(v)) r[c] = v * (1 + eps);
    }
  };
}
function addColumn(col: string, value: (r: Record<string, Cell>) => Cell): Edit {
  return (ts) => {
    for (const t of ts) {
      t.columns = [...t.columns, col];
      for (const r of t.rows) r[col] = value(r);
    }
  };
}

const base = await folder('base');

test('identical folders: every file identical, exit 0', async () => {
  const r = compare(base, await folder('same'));
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /headcount\.csv: 4 rows, identical/);
  assert.match(r.out, /premium\.csv: 2 rows, identical/);
  assert.match(r.out, /exports\/talentflow\.xlsx \[headcount\]: 4 rows, identical/);
  assert.match(r.out, /manifest\.json: equal apart from volatile fields/);
});

test('floats moved by 1e-11 relative pass, with their max rel diff; 1e-9 fails', async () => {
  // (written with 12 significant digits, a 1e-11 move shows as 0.5e-11 … 1.5e-11)
  const small = compare(base, await folder('p11', { edit: perturb(1e-11) }));
  assert.equal(small.status, 0, small.out);
  assert.match(small.out, /headcount\.csv: 4 rows, equal to 1e-10, max rel diff \d\.\de-1[12]/);
  assert.match(small.out, /\[premium\]: 2 rows, equal to 1e-10, max rel diff \d\.\de-1[12]/);
  const large = compare(base, await folder('p9', { edit: perturb(1e-9) }));
  assert.equal(large.status, 1, large.out);
  assert.match(large.out, /premium\.csv: DIFFERENT/);
  assert.match(large.out, /row 1 \(country=KR year=2010 skill=all\) estimate: .*rel diff (1\.0e-9|9\.\de-10)/);
  // --rel widens the tolerance.
  assert.equal(compare(base, join(root, 'p9'), '--rel', '1e-8').status, 0);
});

test('a changed count fails, even by one', async () => {
  const r = compare(base, await folder('count', { edit: (ts) => void (ts[0]!.rows[0]!.persons = 121) }));
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /headcount\.csv: DIFFERENT/);
  assert.match(r.out, /persons: "120" → "121" \(integer differs\)/);
  assert.match(r.out, /\[headcount\]: DIFFERENT/);
});

test('a blank against a number fails', async () => {
  const r = compare(base, await folder('blank', { edit: (ts) => void (ts[0]!.rows[2]!.share = 0) }));
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /share: \(blank\) → "0" \(blank vs value\)/);
});

test('an added df column passes (the default allowance); an unlisted added column fails unless listed', async () => {
  const df = compare(base, await folder('df', { edit: addColumn('df', () => 40) }));
  assert.equal(df.status, 0, df.out);
  assert.match(df.out, /headcount\.csv: 4 rows, identical/);
  const extra = compare(base, await folder('extra', { edit: addColumn('extra', () => 1) }));
  assert.equal(extra.status, 1, extra.out);
  assert.match(extra.out, /column\(s\) added and not allowed: extra/);
  assert.equal(compare(base, join(root, 'extra'), '--allow-added', 'df,extra').status, 0);
  // With no allowance, df is a difference too.
  assert.equal(compare(base, join(root, 'df'), '--allow-added', '').status, 1);
});

test('a removed column fails; so does a change of column order', async () => {
  const removed = compare(base, await folder('removed', { edit: (ts) => void (ts[1]!.columns = ts[1]!.columns.filter((c) => c !== 'se')) }));
  assert.equal(removed.status, 1, removed.out);
  assert.match(removed.out, /premium\.csv: DIFFERENT[\s\S]*column\(s\) removed: se/);
  const swapped = compare(base, await folder('swapped', { edit: (ts) => void (ts[1]!.columns = ['country', 'year', 'skill', 'se', 'estimate', 'n']) }));
  assert.equal(swapped.status, 1, swapped.out);
  assert.match(swapped.out, /column order changed/);
});

test('the workbook is compared on its own: a difference only in the XLSX fails', async () => {
  // CSVs as the base, workbook with 1e-9-moved numbers.
  const r = compare(base, await folder('xlsx-only', { edit: perturb(1e-9), csvEdit: (ts) => ts.splice(0, ts.length, ...tables()) }));
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /headcount\.csv: 4 rows, identical/);
  assert.match(r.out, /exports\/talentflow\.xlsx \[premium\]: DIFFERENT/);
});

test('manifest: volatile fields are ignored, any other change fails', async () => {
  const volatile = compare(base, await folder('volatile', {
    manifest: (m) => {
      m.created = '2027-02-02T00:00:00.000Z';
      m.timings = { classify: 9, panel: 3 };
      m.tool.version = '0.2.0';
      m.data = '/elsewhere/world-b';
      m.inputs[0]!.path = '/elsewhere/world-b/individual_positions.csv';
    },
  }));
  assert.equal(volatile.status, 0, volatile.out);
  const changed = compare(base, await folder('manifest-changed', { manifest: (m) => void (m.options.minCell = 5, m.rows.read.individual_positions = 1101) }));
  assert.equal(changed.status, 1, changed.out);
  assert.match(changed.out, /options\.minCell: 10 → 5/);
  assert.match(changed.out, /rows\.read\.individual_positions: 1100 → 1101/);
});

test('rows in another order fail; --ignore-order compares them sorted and says so', async () => {
  const dir = await folder('reordered', { edit: (ts) => void ts[0]!.rows.reverse() });
  const r = compare(base, dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /headcount\.csv: DIFFERENT/);
  const sorted = compare(base, dir, '--ignore-order');
  assert.equal(sorted.status, 0, sorted.out);
  assert.match(sorted.out, /headcount\.csv: 4 rows \(row order differs, compared sorted by key cells\), identical/);
  assert.match(sorted.out, /premium\.csv: 2 rows, identical/);
  // Sorted, a changed value is still found.
  const both = compare(base, await folder('reordered-count', { edit: (ts) => void (ts[0]!.rows[0]!.persons = 121, ts[0]!.rows.reverse()) }), '--ignore-order');
  assert.equal(both.status, 1, both.out);
  assert.match(both.out, /persons: "120" → "121"/);
});

test('a manifest key added on the AFTER side fails unless --allow-added lists it', async () => {
  const dir = await folder('contract-key', { manifest: (m) => void ((m as Manifest & { contract?: number }).contract = 2) });
  const r = compare(base, dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /contract: added/);
  assert.equal(compare(base, dir, '--allow-added', 'df,contract').status, 0);
});

test('a file only on one side fails; an added file passes when allowed', async () => {
  const dir = await folder('more-files', { manifest: (m) => void m.outputs.push('contract.json') });
  writeFileSync(join(dir, 'contract.json'), '{}\n');
  const r = compare(base, dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /contract\.json: DIFFERENT: only in AFTER/);
  assert.match(r.out, /outputs: added contract\.json/);
  assert.equal(compare(base, dir, '--allow-added-files', 'contract.*').status, 0);
  const fewer = compare(dir, base, '--allow-added-files', 'contract.*');
  assert.equal(fewer.status, 1, fewer.out);
  assert.match(fewer.out, /contract\.json: DIFFERENT: only in BEFORE/);
});

/** A minimal XLSX written by hand: shared strings, booleans as t="b", no about sheet. */
function handXlsx(t: OutputTable): Uint8Array {
  const strings: string[] = [];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const col = (j: number) => String.fromCharCode(65 + j);
  const cell = (v: Cell, ref: string) => {
    if (v === null) return '';
    // numbers as the output contract writes them: 12 significant digits
    if (typeof v === 'number') return `<c r="${ref}"><v>${Number.isInteger(v) ? v : Number(v.toPrecision(12))}</v></c>`;
    if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
    strings.push(v);
    return `<c r="${ref}" t="s"><v>${strings.length - 1}</v></c>`;
  };
  const rows = [t.columns, ...t.rows.map((r) => t.columns.map((c) => r[c] ?? null))]
    .map((vals, i) => `<row r="${i + 1}">${vals.map((v, j) => cell(v, `${col(j)}${i + 1}`)).join('')}</row>`).join('');
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  return zipSync({
    'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook ${ns}><sheets><sheet name="${t.name}" sheetId="1" r:id="rId7"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>'),
    'xl/worksheets/data.xml': strToU8(`<?xml version="1.0"?><worksheet ${ns}><sheetData>${rows}</sheetData></worksheet>`),
    'xl/sharedStrings.xml': strToU8(`<?xml version="1.0"?><sst ${ns}>${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`),
  });
}

test('the XLSX reader does not depend on the writer: ExcelJS inline strings equal hand-made shared strings', async () => {
  const [headcount, premium] = tables();
  const put = (name: string, bytes: Uint8Array) => {
    mkdirSync(join(root, name, 'exports'), { recursive: true });
    writeFileSync(join(root, name, 'exports', 'talentflow.xlsx'), bytes);
    return join(root, name);
  };
  const m = manifest();
  const exceljs = put('w-exceljs', await workbook(new Map([['headcount', headcount!]]), m));
  const hand = put('w-hand', handXlsx(headcount!));
  const r = compare(exceljs, hand);
  // The hand-made one has no about sheet: that is the only difference reported.
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /sheet about: only in BEFORE/);
  assert.match(r.out, /\[headcount\]: 4 rows, identical/);
  // A changed string (shared) is found.
  const changed: OutputTable = { ...premium!, rows: premium!.rows.map((x) => ({ ...x, skill: x.skill === 'all' ? 'All' : (x.skill ?? null) })) };
  const a = put('w-hand-a', handXlsx(premium!));
  const b = put('w-hand-b', handXlsx(changed));
  const r2 = compare(a, b);
  assert.equal(r2.status, 1, r2.out);
  assert.match(r2.out, /skill: "all" → "All" \(text differs\)/);
  assert.match(compare(a, a).out, /\[premium\]: 2 rows, identical/);
});

test('usage errors exit 2', () => {
  assert.equal(compare(base, join(root, 'nope')).status, 2);
  assert.equal(compare(base, base, '--rel', 'x').status, 2);
});
