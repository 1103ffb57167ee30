/**
 * Fuzzing the readers (fast-check): a valid tiny dataset folder is mutated — field values
 * (empty, huge, quotes, commas, line breaks, dates, numbers, countries, non-ASCII), quoting,
 * line ends, column order and case, dropped and added rows and fields, blank lines, raw
 * bytes, encodings (Latin-1, EUC-KR, UTF-16, a BOM, with or without `--encoding`), gzip
 * (whole or cut short) — and ingested in process. Every case must end in success or a named
 * error (a `TalentflowError` that is not a failed query, in our words), and on success
 * every data line of every file must be read or counted as a reject: rows read = the file's
 * non-blank lines after the header, and every positions line is either a kept position or
 * a dropped row in `rejects`. A second, cheaper property runs the line reader alone on
 * random text.
 *
 * FUZZ_RUNS (default 120) sets the ingest cases, FUZZ_SEED the seed and FUZZ_PATH the case
 * to replay (both printed on failure);
 * `npm run fuzz` runs at least 10,000 (scripts/fuzz.mjs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, gunzipSync, constants as zc } from 'node:zlib';
import fc from 'fast-check';
import { Db, sql } from '../../src/db/index.ts';
import { ingest } from '../../src/ingest/index.ts';
import { scanCsv } from '../../src/ingest/lines.ts';
import { TalentflowError, QueryError } from '../../src/errors.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const PATH = process.env.FUZZ_PATH;
const root = mkdtempSync(join(tmpdir(), 'tf-fuzz-'));
process.on('exit', () => process.env.FUZZ_KEEP || rmSync(root, { recursive: true, force: true }));

type Table = { header: string[]; rows: string[][] };
const BASE: Record<string, Table> = {
  individual_positions: {
    header: ['user_id', 'position_id', 'startdate', 'enddate', 'country', 'rcid', 'company', 'role_k50', 'seniority', 'salary', 'weight'],
    rows: [
      ['1', '11', '2015-03-01', '2018-06-30', 'South Korea', '900', 'Samsung', 'Engineer', '2', '45000', '1.5'],
      ['1', '12', '2018-07-01', '', 'United States', '901', 'Acme, Inc.', 'Engineer', '3', '120000', '2'],
      ['2', '21', '2012-01', '2020-12', 'KOR', '900', '삼성전자', 'Analyst', '2', '38000', ''],
      ['2', '22', '2021-01-01', '', 'Korea, Republic of', '902', 'Naver', 'Analyst', '3', '41000', '1'],
      ['3', '31', '2019-02-01', '', 'UK', '903', 'Say "hi" Ltd', 'Scientist', '4', '90000', '1.2'],
      ['4', '41', '2016-05-01', '2019-04-30', 'JP', '904', '서울 Labs', 'Engineer', '5', '70000', '0.75'],
    ],
  },
  individual_user_skills: {
    header: ['user_id', 'skill_raw'],
    rows: [['1', 'Machine Learning'], ['1', 'Python'], ['2', 'Excel'], ['3', 'Deep Learning (DL)'], ['4', 'PyTorch']],
  },
  individual_user: {
    header: ['user_id', 'user_country', 'highest_degree'],
    rows: [['1', 'United States', 'Master'], ['2', 'South Korea', 'Bachelor'], ['3', 'United Kingdom', 'Doctor'], ['4', 'Japan', '']],
  },
};
// 40 rows a table, so that a bad line or two stays under the 5% that refuses a file.
for (let u = 10; BASE.individual_positions!.rows.length < 40; u++) {
  BASE.individual_positions!.rows.push([String(u), `${u}1`, `20${10 + (u % 10)}-0${1 + (u % 9)}-01`, '', u % 3 ? 'KR' : 'United States', String(900 + (u % 7)), `Company ${u}`, 'Engineer', String(1 + (u % 7)), String(30000 + 100 * u), '1']);
  BASE.individual_user_skills!.rows.push([String(u), u % 2 ? 'Machine Learning' : 'Accounting']);
  BASE.individual_user!.rows.push([String(u), u % 3 ? 'Korea' : 'US', 'Bachelor']);
}
const NAMES = Object.keys(BASE);

/** EUC-KR bytes of the Korean words the base data hold (Node has no EUC-KR encoder). */
const EUC_KR: Record<string, number[]> = {
  삼성전자: [0xbb, 0xef, 0xbc, 0xba, 0xc0, 0xfc, 0xc0, 0xda],
  서울: [0xbc, 0xad, 0xbf, 0xef],
};

const value = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é', '\t'), maxLength: 10 }),
  fc.constantFrom('"', '""', '"a"b', 'a,b', 'a\nb', 'a\r\nb', '\r', 'NA', 'NULL', ' ', '\u0000', '\ufeff', '\ud800'),
  fc.constantFrom('2020-13-01', '2020-02-30', '2020/01/01', '20200101', '2020-1-5', '0000-00-00', '9999-12-31', '1850-01-01', '2020-02', 'Feb 2020', '2020-02-29T00:00:00Z', '2020-W05'),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('1e309', '-0', 'NaN', 'Infinity', '1,000', ' 12 ', '0x10', '1_000', '١٢٣', '-5', '0', '7', '8'),
  fc.constantFrom('KR', 'kr', 'Korea', 'KOREA, REPUBLIC OF', '대한민국', 'US', 'usa', 'Atlantis', 'Curaçao', 'Côte d’Ivoire'),
  fc.integer({ min: 1000, max: 120_000 }).map((k) => 'x'.repeat(k)),
);

const fieldEdit = fc.record({ table: fc.nat(), row: fc.nat(), col: fc.nat(), value, quote: fc.constantFrom('auto', 'auto', 'raw', 'always', 'broken') });
const rowEdit = fc.record({ table: fc.nat(), row: fc.nat(), op: fc.constantFrom('duplicate', 'delete', 'extra-field', 'drop-field', 'blank-line', 'empty-row') });
const byteEdit = fc.record({ table: fc.nat(), pos: fc.nat(), op: fc.constantFrom('insert', 'delete', 'replace'), byte: fc.integer({ min: 0, max: 255 }) });
/** Mostly `usual`, now and then one of `rare`. */
const mostly = <T,>(usual: T, rare: fc.Arbitrary<T>, weight = 12) => fc.oneof({ arbitrary: fc.constant(usual), weight }, { arbitrary: rare, weight: 1 });
const fileOpts = fc.record({
  include: fc.boolean(),
  permute: fc.boolean(),
  caseMangle: fc.boolean(),
  dropColumn: mostly<number | null>(null, fc.nat()),
  lineEnd: fc.constantFrom('lf', 'crlf', 'mixed', 'mixed', 'mixed-cr'),
  finalEnd: fc.boolean(),
  encoding: mostly('utf8', fc.constantFrom('utf8-bom', 'latin1', 'euc-kr', 'utf16le'), 6),
  gzip: mostly('no', fc.constantFrom('yes', 'yes', 'cut'), 4),
  cut: mostly<number | null>(null, fc.double({ min: 0.8, max: 1, noNaN: true }), 8),
});
const dataset = fc.record({
  files: fc.tuple(fileOpts, fileOpts, fileOpts),
  fields: fc.array(fieldEdit, { maxLength: 8 }),
  rows: fc.array(rowEdit, { maxLength: 4 }),
  bytes: fc.oneof({ arbitrary: fc.constant([]), weight: 3 }, { arbitrary: fc.array(byteEdit, { minLength: 1, maxLength: 3 }), weight: 1 }),
  passEncoding: fc.boolean(),
  perm: fc.array(fc.nat(), { minLength: 11, maxLength: 11 }),
});
type Case = typeof dataset extends fc.Arbitrary<infer T> ? T : never;

function quoteField(v: string, mode: string): string {
  if (mode === 'raw') return v;
  if (mode === 'broken') return `"${v}`;
  if (mode === 'always' || /[",\n\r]/.test(v)) return `"${v.replace(/"/g, '""')}"`;
  return v;
}

function encode(text: string, enc: string): Buffer {
  if (enc === 'utf8-bom') return Buffer.from('\ufeff' + text, 'utf8');
  if (enc === 'latin1') return Buffer.from(text, 'latin1');
  if (enc === 'utf16le') return Buffer.from('\ufeff' + text, 'utf16le');
  if (enc === 'euc-kr') {
    const parts: Buffer[] = [];
    for (const piece of text.split(/(삼성전자|서울)/)) parts.push(EUC_KR[piece] ? Buffer.from(EUC_KR[piece]) : Buffer.from(piece.replace(/[^\x20-\x7e\n\r\t]/g, '?'), 'latin1'));
    return Buffer.concat(parts);
  }
  return Buffer.from(text, 'utf8');
}

/** Build the case's folder; returns the bytes of each file and the --encoding to pass (if any). */
function build(c: Case, dir: string): { files: Map<string, { name: string; bytes: Buffer; gz: boolean }>; encoding?: string } {
  const tables = NAMES.map((n) => structuredClone(BASE[n]!));
  for (const e of c.fields) {
    const t = tables[e.table % tables.length]!;
    const row = t.rows[e.row % Math.max(1, t.rows.length)];
    if (row) row[e.col % row.length] = `\ue000${e.quote}\ue000${e.value}`; // marked: quoted by its own mode
  }
  const lineExtras = new Map<string, Set<number>>(); // blank lines to add before row i
  for (const e of c.rows) {
    const name = NAMES[e.table % NAMES.length]!;
    const t = tables[e.table % tables.length]!;
    const i = e.row % Math.max(1, t.rows.length);
    if (!t.rows.length) continue;
    if (e.op === 'duplicate') t.rows.splice(i, 0, [...t.rows[i]!]);
    else if (e.op === 'delete') t.rows.splice(i, 1);
    else if (e.op === 'extra-field') t.rows[i]!.push('surplus');
    else if (e.op === 'drop-field') t.rows[i]!.pop();
    else if (e.op === 'empty-row') t.rows[i] = t.rows[i]!.map(() => '');
    else lineExtras.set(name, (lineExtras.get(name) ?? new Set()).add(i));
  }
  const out = new Map<string, { name: string; bytes: Buffer; gz: boolean }>();
  let usedEncoding: string | undefined;
  NAMES.forEach((name, ti) => {
    const o = c.files[ti]!;
    if (!o.include && name === 'individual_user') return;
    const t = tables[ti]!;
    let order = t.header.map((_, i) => i);
    if (o.permute) order = order.map((i, k) => [i, c.perm[k % c.perm.length]!] as const).sort((a, b) => a[1] - b[1] || a[0] - b[0]).map((x) => x[0]);
    if (o.dropColumn !== null) order.splice(o.dropColumn % order.length, 1);
    const head = order.map((i) => (o.caseMangle && i % 2 ? t.header[i]!.toUpperCase() : t.header[i]!));
    const cell = (v: string | undefined) => {
      if (v === undefined) return '';
      const m = /^\ue000(\w+)\ue000([\s\S]*)$/.exec(v);
      return m ? quoteField(m[2]!, m[1]!) : quoteField(v, 'auto');
    };
    const lines = [head.join(',')];
    t.rows.forEach((r, i) => {
      if (lineExtras.get(name)?.has(i)) lines.push('');
      const cells = order.map((k) => cell(r[k]));
      for (let k = t.header.length; k < r.length; k++) cells.push(cell(r[k])); // surplus fields
      if (r.length < t.header.length) cells.splice(r.length); // dropped fields
      lines.push(cells.join(','));
    });
    const end = (k: number) =>
      o.lineEnd === 'lf' ? '\n' : o.lineEnd === 'crlf' ? '\r\n' : o.lineEnd === 'mixed' ? (k % 3 ? '\n' : '\r\n') : k === 7 ? '\r' : k % 2 ? '\n' : '\r\n';
    const text = lines.map((l, k) => l + (k < lines.length - 1 || o.finalEnd ? end(k) : '')).join('');
    let bytes = encode(text, o.encoding);
    for (const b of c.bytes) {
      if (b.table % NAMES.length !== ti || !bytes.length) continue;
      const p = b.pos % bytes.length;
      if (b.op === 'insert') bytes = Buffer.concat([bytes.subarray(0, p), Buffer.from([b.byte]), bytes.subarray(p)]);
      else if (b.op === 'delete') bytes = Buffer.concat([bytes.subarray(0, p), bytes.subarray(p + 1)]);
      else bytes = Buffer.from(bytes.map((x, k) => (k === p ? b.byte : x)));
    }
    if (o.cut !== null) bytes = bytes.subarray(0, Math.floor(o.cut * bytes.length));
    if (c.passEncoding && (o.encoding === 'euc-kr' || o.encoding === 'utf16le' || o.encoding === 'latin1')) usedEncoding ??= o.encoding === 'latin1' ? 'windows-1252' : o.encoding === 'utf16le' ? 'utf-16le' : o.encoding;
    const plain = bytes;
    let gz = false;
    let fileName = `${name}.csv`;
    if (o.gzip !== 'no') {
      const z = gzipSync(bytes);
      bytes = o.gzip === 'cut' ? z.subarray(0, Math.max(10, z.length - 12)) : z;
      gz = true;
      fileName += '.gz';
    }
    writeFileSync(join(dir, fileName), bytes);
    out.set(name, { name: fileName, bytes: gz ? bytes : plain, gz });
  });
  return { files: out, ...(usedEncoding ? { encoding: usedEncoding } : {}) };
}

/** Data lines of a file as the reading rules define them: non-blank lines after the header. */
function dataLines(f: { bytes: Buffer; gz: boolean }, encoding: string | undefined): number {
  let b = f.gz ? gunzipSync(f.bytes, { finishFlush: zc.Z_SYNC_FLUSH }) : f.bytes;
  if (encoding) b = Buffer.from(new TextDecoder(encoding).decode(b), 'utf8');
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  const segs = b.toString('latin1').split('\n');
  if (segs.at(-1) === '') segs.pop();
  return segs.slice(1).filter((s) => s !== '' && s !== '\r').length;
}

function namedError(e: unknown): boolean {
  return (
    e instanceof TalentflowError &&
    !(e instanceof QueryError) &&
    e.message.length > 0 &&
    !/sniff|sample_size|state machine|Possible fixes/i.test(e.message)
  );
}

let caseNo = 0;
test(`fuzz: mutated tiny datasets are read or refused with a named error; every line is read or a reject (${RUNS} cases)`, { timeout: 3_600_000 }, async (t) => {
  const outcomes = new Map<string, number>();
  const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
  const t0 = performance.now();
  const report = await fc.check(
    fc.asyncProperty(dataset, async (c) => {
      const dir = join(root, `c${caseNo++}`);
      mkdirSync(dir);
      const db = await Db.open(':memory:', { threads: 1 });
      try {
        const { files, encoding } = build(c, dir);
        let summary;
        try {
          summary = await ingest(db, dir, encoding ? { encoding } : {});
        } catch (e) {
          assert.ok(namedError(e), `not a named error: ${(e as Error).stack}`);
          count((e as Error).name);
          if (process.env.FUZZ_DEBUG) console.error((e as Error).message.slice(0, 300));
          return;
        }
        for (const [table, f] of files) {
          const expected = dataLines(f, encoding);
          assert.equal(summary.rowsRead[table], expected, `${f.name}: rows read = data lines`);
        }
        const pos = files.get('individual_positions')!;
        const kept = await db.scalar<number>('select count(*) from positions');
        const dropped = await db.scalar<number>(sql`select count(distinct line) from rejects where action = 'row_dropped' and file = ${pos.name}`);
        assert.equal((kept ?? 0) + (dropped ?? 0), dataLines(pos, encoding), 'every positions line kept or a dropped row');
        count(Object.values(summary.rejectedByReason).some((n) => n > 0) ? 'read with rejects' : 'read without rejects');
      } finally {
        db.close();
        if (!process.env.FUZZ_KEEP) rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH ? { path: PATH } : {}), endOnFailure: true },
  );
  if (report.failed) {
    const err = report.errorInstance as Error;
    assert.fail(`case failed (replay: FUZZ_SEED=${report.seed} FUZZ_PATH=${report.counterexamplePath}): ${err?.stack ?? String(err)}\ncase: ${fc.stringify(report.counterexample).slice(0, 4000)}`);
  }
  t.diagnostic(`${RUNS} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${[...outcomes].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

test(`fuzz: the line reader on random text — records + blank lines = lines after the header, rejects in line order (${RUNS * 4} cases)`, { timeout: 3_600_000 }, async () => {
  const path = join(root, 'lines.csv');
  const text = fc.string({ unit: fc.constantFrom('a', 'b', ',', ',', '"', '\n', '\n', '\r', ' ', 'é'), maxLength: 200 });
  await fc.assert(
    fc.asyncProperty(text, fc.boolean(), async (body, multiline) => {
      writeFileSync(path, 'x,y,z\n' + body);
      const s = await scanCsv(path, { multiline });
      assert.equal(s.good + s.rejects.length, s.records);
      const lines = s.rejects.map((r) => r.line);
      assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
      assert.equal(new Set(lines).size, lines.length);
      if (!multiline) {
        const segs = body.split('\n');
        if (segs.at(-1) === '') segs.pop();
        assert.equal(s.records + s.blankLines, segs.length);
        assert.ok(lines.every((l) => l >= 2 && l <= segs.length + 1));
      }
    }),
    { numRuns: RUNS * 4, ...(SEED === undefined ? {} : { seed: SEED }) },
  );
});
