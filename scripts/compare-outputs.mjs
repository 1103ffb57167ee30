#!/usr/bin/env node
/**
 * Compare two talentflow output folders, BEFORE and AFTER a change that must not move any
 * number (a refactor). Plain Node ESM: runs without a build or tsx.
 *
 *   node scripts/compare-outputs.mjs BEFORE_DIR AFTER_DIR [options]
 *
 * Options:
 *   --rel X                relative tolerance of non-integer numbers (default 1e-10: outputs
 *                          carry 12 significant digits, so float noise that crosses a
 *                          rounding boundary shows as up to ~1e-11 relative)
 *   --abs X                two numbers both within X of 0 are equal (default 1e-300). Some
 *                          estimates are exactly 0 in exact arithmetic and come out as
 *                          ±1e-15 rounding noise (e.g. abroad_gap of a country without
 *                          gap); any reordering of float operations moves them by 100 %.
 *                          --abs 1e-12 accepts those while keeping the relative rule.
 *   --allow-added a,b      columns (CSV and XLSX) and JSON keys (dot paths, e.g. contract)
 *                          that may appear on the AFTER side only (default: df; give
 *                          --allow-added '' to allow none)
 *   --allow-added-files p  files (paths relative to the folder), XLSX sheets and manifest
 *                          `outputs` entries that may appear on the AFTER side only;
 *                          `*` matches any characters (default: none)
 *   --ignore-keys k,…      more manifest/JSON keys to skip (dot paths, e.g. rows.read)
 *   --ignore-order         a diagnostic: sort the rows of both sides by their text and
 *                          integer cells before comparing, so that a change of row order
 *                          is reported as such (a note) and the values are still compared
 *   --max-shown N          differences listed per file (default 10)
 *
 * What is compared (files are found recursively; names starting with `.` are skipped):
 * - the set of files: a file only in BEFORE is a difference; a file only in AFTER is a
 *   difference unless listed in --allow-added-files.
 * - every `*.csv`: same header (a removed column, an added column not in --allow-added,
 *   or a change in the order of the common columns is a difference), same number of rows,
 *   row by row in order, cell by cell:
 *     · a column whose every non-blank BEFORE value is written as an integer (counts,
 *       years, codes) is compared exactly;
 *     · other numeric cells are equal when a = b, or |a − b| ≤ rel · max(|a|, |b|), or
 *       both |a| ≤ abs and |b| ≤ abs (so values near 0 are compared absolutely, at 1e-300
 *       by default: a 1e-17 against a −1e-17 differs);
 *     · text cells (keys, labels, booleans) must be equal exactly;
 *     · blank against a value (number or text) is a difference.
 * - `manifest.json` (and any other `*.json`): every field, numbers by the rule above,
 *   except the volatile ones: `created`, `timings`, `tool.version`, `data` (the input
 *   path) and, anywhere, absolute paths (compared by their last segment). Arrays of
 *   strings named `outputs` are compared as sets (added entries allowed by
 *   --allow-added-files). A key only on one side is a difference.
 * - every `*.xlsx` (the run's `exports/talentflow.xlsx`): read with fflate + the sheet
 *   XML (whatever library wrote it), every sheet by name, its first row as the header and
 *   the rest as rows, compared like a CSV (booleans as true/false). In the `about` sheet
 *   the rows `tool` and `created` are volatile and skipped.
 * - other files (report.html, charts, regressions.html/tex) are checked for presence only.
 *
 * Prints one line per file (`headcount.csv: 2,304 rows, identical`, `… equal to 1e-10,
 * max rel diff 3e-15`, or `DIFFERENT: …` with the first differences) and exits 0 when
 * nothing differs, 1 on any difference, 2 on a usage error.
 */
import { readFileSync, readdirSync, statSync, existsSync, realpathSync } from 'node:fs';
import { join, relative, sep, basename, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';

// ---------------------------------------------------------------------------------------
// Options

/** Default options of `compareFolders`. */
export const DEFAULTS = Object.freeze({
  rel: 1e-10,
  abs: 1e-300,
  allowAdded: ['df'],
  allowAddedFiles: [],
  ignoreKeys: [],
  ignoreOrder: false,
  maxShown: 10,
});

/** Manifest fields that change from run to run (dot paths from the root). */
const VOLATILE_KEYS = ['created', 'timings', 'tool.version', 'data'];
/** Rows of the workbook's `about` sheet that change from run to run (first cell). */
const VOLATILE_ABOUT_ROWS = new Set(['tool', 'created']);

class UsageError extends Error {}

function parseArgs(argv) {
  const o = { ...DEFAULTS, dirs: [] };
  const list = (v) => (v === undefined ? [] : v.split(',').map((s) => s.trim()).filter(Boolean));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--rel' || a === '--abs') {
      const v = Number(val());
      if (!Number.isFinite(v) || v < 0) throw new UsageError(`${a}: give a number ≥ 0`);
      o[a.slice(2)] = v;
    } else if (a === '--allow-added') o.allowAdded = list(val());
    else if (a === '--allow-added-files') o.allowAddedFiles = list(val());
    else if (a === '--ignore-keys') o.ignoreKeys = list(val());
    else if (a === '--ignore-order') o.ignoreOrder = true;
    else if (a === '--max-shown') o.maxShown = Math.max(1, Number(val()) | 0);
    else if (a === '-h' || a === '--help') o.help = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else o.dirs.push(a);
  }
  return o;
}

// ---------------------------------------------------------------------------------------
// Cells and numbers

const NUM = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const INT = /^[-+]?\d+$/;

/** Relative difference of two numbers as used for the report (0 when equal). */
function relDiff(a, b) {
  if (a === b) return 0;
  const m = Math.max(Math.abs(a), Math.abs(b));
  return m === 0 ? 0 : Math.abs(a - b) / m;
}

/**
 * Compare two cell texts. Returns null when equal, else a short reason. `intCol` makes
 * numbers exact. `stat.maxRel` collects the largest relative difference that passed.
 */
function compareCell(a, b, intCol, opt, stat) {
  if (a === b) return null;
  if (a === '' || b === '') return 'blank vs value';
  if (NUM.test(a) && NUM.test(b)) {
    if (intCol || (INT.test(a) && INT.test(b))) {
      // Integers: exactly (BigInt keeps counts beyond 2^53 exact too).
      if (INT.test(a) && INT.test(b) && BigInt(a) === BigInt(b)) return null;
      if (Number(a) === Number(b) && !(INT.test(a) && INT.test(b))) return null;
      return 'integer differs';
    }
    const x = Number(a);
    const y = Number(b);
    if (x === y) return null;
    if (Math.abs(x) <= opt.abs && Math.abs(y) <= opt.abs) return null;
    const r = relDiff(x, y);
    if (Math.abs(x - y) <= opt.rel * Math.max(Math.abs(x), Math.abs(y))) {
      if (r > stat.maxRel) stat.maxRel = r;
      return null;
    }
    if (r > stat.maxRelFailed) stat.maxRelFailed = r;
    return `rel diff ${fmtE(r)}`;
  }
  return 'text differs';
}

function fmtE(x) {
  return x === 0 ? '0' : x.toExponential(1).replace('e+', 'e');
}

// ---------------------------------------------------------------------------------------
// Tables (CSV and XLSX sheets share this)

/**
 * Compare two tables `{ header: string[], rows: string[][] }` (blank cells are '').
 * Returns `{ rows, differences: string[], maxRel, identical }`.
 */
export function compareTables(before, after, opt) {
  const diffs = [];
  const notes = [];
  const stat = { maxRel: 0, maxRelFailed: 0 };
  const bIdx = new Map(before.header.map((c, i) => [c, i]));
  const aIdx = new Map(after.header.map((c, i) => [c, i]));
  const removed = before.header.filter((c) => !aIdx.has(c));
  const added = after.header.filter((c) => !bIdx.has(c));
  const addedBad = added.filter((c) => !opt.allowAdded.includes(c));
  if (removed.length) diffs.push(`column(s) removed: ${removed.join(', ')}`);
  if (addedBad.length) diffs.push(`column(s) added and not allowed: ${addedBad.join(', ')}`);
  const common = before.header.filter((c) => aIdx.has(c));
  const afterOrder = after.header.filter((c) => bIdx.has(c));
  if (common.join('\u0000') !== afterOrder.join('\u0000')) diffs.push(`column order changed: [${common.join(', ')}] → [${afterOrder.join(', ')}]`);
  if (before.rows.length !== after.rows.length) diffs.push(`row count ${before.rows.length} → ${after.rows.length}`);

  // Integer columns: every non-blank BEFORE value written as an integer.
  const intCol = before.header.map((_, j) => {
    let any = false;
    for (const r of before.rows) {
      const v = r[j] ?? '';
      if (v === '') continue;
      if (!INT.test(v)) return false;
      any = true;
    }
    return any;
  });
  if (opt.ignoreOrder) {
    const sorted = sortByKeys(before, after, common, bIdx, aIdx, intCol);
    before = sorted.before;
    after = sorted.after;
    if (sorted.moved) notes.push('row order differs, compared sorted by key cells');
  }
  // Key columns shown with a difference: the leading columns that are text or integers.
  const keyCols = [];
  for (let j = 0; j < before.header.length && keyCols.length < 4; j++) {
    const textish = before.rows.every((r) => (r[j] ?? '') !== '' && (!NUM.test(r[j]) || INT.test(r[j])));
    if (!textish) break;
    keyCols.push(j);
  }
  const n = Math.min(before.rows.length, after.rows.length);
  const pairs = common.map((c) => [c, bIdx.get(c), aIdx.get(c)]);
  let cellDiffs = 0;
  for (let i = 0; i < n; i++) {
    const rb = before.rows[i];
    const ra = after.rows[i];
    for (const [c, jb, ja] of pairs) {
      const why = compareCell(rb[jb] ?? '', ra[ja] ?? '', intCol[jb], opt, stat);
      if (why === null) continue;
      cellDiffs++;
      if (diffs.length < opt.maxShown) {
        const key = keyCols.map((j) => `${before.header[j]}=${rb[j] ?? ''}`).join(' ');
        diffs.push(`row ${i + 1}${key ? ` (${key})` : ''} ${c}: ${show(rb[jb])} → ${show(ra[ja])} (${why})`);
      }
    }
  }
  if (cellDiffs) diffs.push(`${cellDiffs} cell(s) differ in all${stat.maxRelFailed ? `, numbers by up to ${fmtE(stat.maxRelFailed)} relative` : ''}`);
  const identical = !diffs.length && stat.maxRel === 0;
  return { rows: before.rows.length, differences: diffs, notes, maxRel: stat.maxRel, identical };
}

/**
 * Both tables' rows sorted by the common columns that are text or integers on BEFORE
 * (then by the whole row), for --ignore-order. `moved` says whether either order changed.
 */
function sortByKeys(before, after, common, bIdx, aIdx, intCol) {
  const keys = common.filter((c) => {
    const j = bIdx.get(c);
    return intCol[j] || before.rows.every((r) => !NUM.test(r[j] ?? ''));
  });
  const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  const sortRows = (rows, idx) => {
    const order = rows.map((r, i) => ({ r, i, k: keys.map((c) => r[idx.get(c)] ?? '') }));
    order.sort((p, q) => {
      for (let t = 0; t < keys.length; t++) {
        const d = intCol[bIdx.get(keys[t])] && p.k[t] !== '' && q.k[t] !== '' ? Number(p.k[t]) - Number(q.k[t]) : cmp(p.k[t], q.k[t]);
        if (d) return d;
      }
      return cmp(p.r.join('\u0000'), q.r.join('\u0000'));
    });
    return { rows: order.map((o) => o.r) };
  };
  const b = sortRows(before.rows, bIdx);
  const a = sortRows(after.rows, aIdx);
  // Moved means: the two sides' original orders differ (sorting one side and not the other).
  const posB = new Map(b.rows.map((r, i) => [r, i]));
  const posA = new Map(a.rows.map((r, i) => [r, i]));
  const moved = before.rows.some((r, i) => posB.get(r) !== (posA.get(after.rows[i]) ?? -1));
  return { before: { header: before.header, rows: b.rows }, after: { header: after.header, rows: a.rows }, moved };
}

function show(v) {
  return v === undefined || v === '' ? '(blank)' : JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------
// CSV

/** Parse CSV text (RFC 4180: quotes, doubled quotes, CRLF or LF, BOM) into records. */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out = [];
  let row = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

function readCsvTable(path) {
  const recs = parseCsv(readFileSync(path, 'utf8'));
  return { header: recs[0] ?? [], rows: recs.slice(1) };
}

// ---------------------------------------------------------------------------------------
// XLSX: the one place that reads a workbook (fflate + the sheet XML, any writer)

const ENT = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(s) {
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENT[e],
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}
function attr(tag, name) {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[1] ?? m[2]) : undefined;
}
/** Text of every <t> in an element (plain or rich-text runs). */
function textOf(xml) {
  let s = '';
  for (const m of xml.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>|<(?:\w+:)?t(?:\s[^>]*)?\/>/g)) s += unescapeXml(m[1] ?? '');
  return s;
}
function colIndex(ref) {
  const letters = /^[A-Z]+/.exec(ref)[0];
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
function resolveTarget(target) {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/**
 * Read every sheet of an .xlsx file as a grid of cell texts: numbers as written in the
 * file, strings (shared or inline), booleans as `true`/`false`, blank cells as ''.
 * Returns `Map<sheetName, string[][]>` in workbook order.
 */
export function readXlsx(path) {
  const zip = unzipSync(new Uint8Array(readFileSync(path)));
  const file = (p) => (zip[p] ? strFromU8(zip[p]) : undefined);
  const wbXml = file('xl/workbook.xml');
  if (wbXml === undefined) throw new Error(`${path}: no xl/workbook.xml (not an XLSX file?)`);
  const rels = new Map();
  for (const m of (file('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)) rels.set(attr(m[0], 'Id'), attr(m[0], 'Target'));
  const shared = [];
  const sst = file('xl/sharedStrings.xml');
  if (sst) for (const m of sst.matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>|<si\b[^>]*\/>/g)) shared.push(textOf(m[1] ?? ''));
  const sheets = new Map();
  for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const rid = attr(m[0], 'r:id');
    const target = rels.get(rid);
    const xml = target && file(resolveTarget(target));
    if (xml === undefined) throw new Error(`${path}: sheet ${name} has no part`);
    const grid = [];
    let nextRow = 0;
    for (const rm of xml.matchAll(/<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
      const r = attr(rm[0].slice(0, rm[0].indexOf('>') + 1), 'r');
      const ri = r !== undefined ? Number(r) - 1 : nextRow;
      nextRow = ri + 1;
      const cells = [];
      let nextCol = 0;
      for (const cm of (rm[2] ?? '').matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
        const open = `<c${cm[1]}>`;
        const ref = attr(open, 'r');
        const ci = ref !== undefined ? colIndex(ref) : nextCol;
        nextCol = ci + 1;
        const t = attr(open, 't') ?? 'n';
        const body = cm[2] ?? '';
        const v = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(body);
        const vt = v ? unescapeXml(v[1]) : '';
        let val;
        if (t === 's') val = vt === '' ? '' : (shared[Number(vt)] ?? '');
        else if (t === 'inlineStr') val = textOf(/<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(body)?.[1] ?? '');
        else if (t === 'b') val = vt === '' ? '' : vt === '1' || vt === 'true' ? 'true' : 'false';
        else val = vt;
        cells[ci] = val;
      }
      for (let j = 0; j < cells.length; j++) if (cells[j] === undefined) cells[j] = '';
      grid[ri] = cells;
    }
    for (let i = 0; i < grid.length; i++) if (grid[i] === undefined) grid[i] = [];
    // Trailing blank cells carry nothing (writers differ in writing them).
    for (const row of grid) while (row.length && row[row.length - 1] === '') row.pop();
    sheets.set(name, grid);
  }
  return sheets;
}

/** A sheet grid as a table: first row the header, rows padded to its width. */
function sheetTable(name, grid) {
  const header = grid[0] ?? [];
  let rows = grid.slice(1).map((r) => header.map((_, j) => r[j] ?? ''));
  if (name === 'about') rows = rows.filter((r) => !VOLATILE_ABOUT_ROWS.has(r[0]));
  return { header, rows };
}

// ---------------------------------------------------------------------------------------
// JSON (manifest.json and others)

function globMatch(pattern, s) {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(s);
}
function allowedFile(opt, p) {
  return opt.allowAddedFiles.some((g) => globMatch(g, p) || globMatch(g, basename(p)));
}

/** Compare two JSON values; pushes differences (dot paths) into `diffs`. */
function compareJson(b, a, path, opt, stat, diffs, ignore) {
  if (ignore.has(path)) return;
  const where = path || '(root)';
  const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isObj(b) && isObj(a)) {
    for (const k of Object.keys(b)) {
      const p = path ? `${path}.${k}` : k;
      if (ignore.has(p)) continue;
      if (!(k in a)) diffs.push(`${p}: removed`);
      else compareJson(b[k], a[k], p, opt, stat, diffs, ignore);
    }
    for (const k of Object.keys(a)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in b) && !ignore.has(p) && !opt.allowAdded.includes(p)) diffs.push(`${p}: added`);
    }
    return;
  }
  if (Array.isArray(b) && Array.isArray(a)) {
    if (path.split('.').pop() === 'outputs' && b.every((x) => typeof x === 'string') && a.every((x) => typeof x === 'string')) {
      const sa = new Set(a);
      const sb = new Set(b);
      const gone = b.filter((x) => !sa.has(x));
      const extra = a.filter((x) => !sb.has(x) && !allowedFile(opt, x));
      if (gone.length) diffs.push(`${where}: missing ${gone.join(', ')}`);
      if (extra.length) diffs.push(`${where}: added ${extra.join(', ')}`);
      return;
    }
    if (b.length !== a.length) diffs.push(`${where}: length ${b.length} → ${a.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) compareJson(b[i], a[i], `${path}[${i}]`, opt, stat, diffs, ignore);
    return;
  }
  if (typeof b === 'number' && typeof a === 'number') {
    const why = compareCell(String(b), String(a), false, opt, stat);
    if (why) diffs.push(`${where}: ${b} → ${a} (${why})`);
    return;
  }
  if (typeof b === 'string' && typeof a === 'string' && isAbsolute(b) && isAbsolute(a)) {
    if (basename(b) !== basename(a)) diffs.push(`${where}: ${JSON.stringify(b)} → ${JSON.stringify(a)}`);
    return;
  }
  if (JSON.stringify(b) !== JSON.stringify(a)) diffs.push(`${where}: ${JSON.stringify(b)} → ${JSON.stringify(a)}`);
}

// ---------------------------------------------------------------------------------------
// Folders

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

function tableLine(name, r, opt) {
  const rows = `${r.rows.toLocaleString('en-US')} rows${r.notes?.length ? ` (${r.notes.join('; ')})` : ''}`;
  if (r.differences.length) return { ok: false, line: `${name}: DIFFERENT: ${rows}\n${r.differences.slice(0, opt.maxShown + 1).map((d) => `    ${d}`).join('\n')}` };
  if (r.identical) return { ok: true, line: `${name}: ${rows}, identical` };
  return { ok: true, line: `${name}: ${rows}, equal to ${opt.rel}, max rel diff ${fmtE(r.maxRel)}` };
}

/**
 * Compare two output folders. Returns `{ ok, lines }`: `ok` false on any difference,
 * `lines` the per-file summary.
 */
export function compareFolders(beforeDir, afterDir, options = {}) {
  const opt = { ...DEFAULTS, ...options };
  const lines = [];
  let ok = true;
  const emit = (r) => {
    ok &&= r.ok;
    lines.push(r.line);
  };
  const fb = listFiles(beforeDir);
  const fa = listFiles(afterDir);
  const sa = new Set(fa);
  const sb = new Set(fb);
  for (const f of fb) if (!sa.has(f)) emit({ ok: false, line: `${f}: DIFFERENT: only in BEFORE` });
  for (const f of fa) if (!sb.has(f)) emit(allowedFile(opt, f) ? { ok: true, line: `${f}: only in AFTER (allowed)` } : { ok: false, line: `${f}: DIFFERENT: only in AFTER` });
  const others = [];
  for (const f of fb.filter((x) => sa.has(x))) {
    const pb = join(beforeDir, f);
    const pa = join(afterDir, f);
    try {
      if (f.endsWith('.csv')) emit(tableLine(f, compareTables(readCsvTable(pb), readCsvTable(pa), opt), opt));
      else if (f.endsWith('.json')) {
        const diffs = [];
        const stat = { maxRel: 0, maxRelFailed: 0 };
        const ignore = new Set([...(basename(f) === 'manifest.json' ? VOLATILE_KEYS : []), ...opt.ignoreKeys]);
        compareJson(JSON.parse(readFileSync(pb, 'utf8')), JSON.parse(readFileSync(pa, 'utf8')), '', opt, stat, diffs, ignore);
        if (diffs.length) emit({ ok: false, line: `${f}: DIFFERENT\n${diffs.slice(0, opt.maxShown).map((d) => `    ${d}`).join('\n')}${diffs.length > opt.maxShown ? `\n    … ${diffs.length} differences in all` : ''}` });
        else emit({ ok: true, line: `${f}: equal apart from volatile fields${stat.maxRel ? ` (max rel diff ${fmtE(stat.maxRel)})` : ''}` });
      } else if (f.endsWith('.xlsx')) {
        const wb = readXlsx(pb);
        const wa = readXlsx(pa);
        const sheetDiffs = [];
        for (const name of wb.keys()) if (!wa.has(name)) sheetDiffs.push(`sheet ${name}: only in BEFORE`);
        for (const name of wa.keys()) if (!wb.has(name) && !allowedFile(opt, name) && !allowedFile(opt, `${name}.csv`)) sheetDiffs.push(`sheet ${name}: only in AFTER`);
        const order = (m, other) => [...m.keys()].filter((k) => other.has(k)).join('\u0000');
        if (order(wb, wa) !== order(wa, wb)) sheetDiffs.push('sheet order changed');
        if (sheetDiffs.length) emit({ ok: false, line: `${f}: DIFFERENT\n${sheetDiffs.map((d) => `    ${d}`).join('\n')}` });
        let cells = 0;
        for (const [name, grid] of wb) {
          if (!wa.has(name)) continue;
          const r = compareTables(sheetTable(name, grid), sheetTable(name, wa.get(name)), opt);
          cells += r.rows;
          emit(tableLine(`${f} [${name}]`, r, opt));
        }
        if (!sheetDiffs.length) lines.push(`${f}: ${wb.size} sheets, ${cells.toLocaleString('en-US')} rows compared`);
      } else others.push(f);
    } catch (e) {
      emit({ ok: false, line: `${f}: DIFFERENT: could not compare (${e.message})` });
    }
  }
  if (others.length) lines.push(`present on both sides, not compared (${others.length}): ${others.join(', ')}`);
  return { ok, lines };
}

// ---------------------------------------------------------------------------------------
// CLI

function usage() {
  return 'usage: node scripts/compare-outputs.mjs BEFORE_DIR AFTER_DIR [--rel 1e-10] [--abs 1e-300] [--allow-added df] [--allow-added-files a.csv,b*] [--ignore-keys k] [--max-shown 10]';
}

function main(argv) {
  let o;
  try {
    o = parseArgs(argv);
    if (o.help) {
      console.log(usage());
      return 0;
    }
    if (o.dirs.length !== 2) throw new UsageError('give two folders, BEFORE and AFTER');
    for (const d of o.dirs) if (!existsSync(d) || !statSync(d).isDirectory()) throw new UsageError(`${d}: not a folder`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`compare-outputs: ${e.message}\n${usage()}`);
    return 2;
  }
  const [before, after] = o.dirs;
  console.log(`comparing BEFORE ${before} with AFTER ${after} (rel ${o.rel}, allowed added columns: ${o.allowAdded.join(', ') || 'none'})`);
  const r = compareFolders(before, after, o);
  for (const l of r.lines) console.log(l);
  console.log(r.ok ? 'RESULT: no differences' : 'RESULT: DIFFERENT');
  return r.ok ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) process.exitCode = main(process.argv.slice(2));
