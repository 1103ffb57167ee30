import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { scanCsv, splitRecord, guessEncoding, type CsvScan, type ScanOptions } from './lines.ts';
import { NotUtf8Error, UnknownEncodingError } from './errors.ts';
import { loadCsvFile } from './read.ts';
import { Db } from '../db/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tf-lines-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function scan(content: string | Buffer, opts: ScanOptions = {}, ext = '.csv'): Promise<CsvScan> {
  const path = join(dir, `f${n++}${ext}`);
  writeFileSync(path, content);
  return scanCsv(path, opts);
}

/** Line of good record k from the scan's shifts. */
function lineOf(s: CsvScan, k: number): number {
  let shift = 0;
  for (const [th, sh] of s.shifts) if (th <= k) shift = sh;
  return k + 2 + shift;
}

const brief = (s: CsvScan) => s.rejects.map((r) => [r.line, r.reason]);

test('a clean LF file is read as it is; a clean CRLF file too, with its line end', async () => {
  const a = await scan('a,b,c\n1,2,3\n4,"x,y",6\n');
  assert.deepEqual([a.header, a.good, a.records, a.clean, a.newLine, a.shifts], [['a', 'b', 'c'], 2, 2, true, '\n', []]);
  const b = await scan('a,b,c\r\n1,2,3\r\n4,5,6');
  assert.deepEqual([b.good, b.clean, b.newLine], [2, true, '\r\n']);
});

test('mixed CRLF and LF line ends are read (the file is copied with LF ends)', async () => {
  const s = await scan('a,b\r\n1,2\n3,4\r\n5,6\n');
  assert.deepEqual([s.good, s.rejects.length, s.clean], [3, 0, false]);
});

test('an unbalanced quote, text after a closing quote, too many and too few fields, a stray CR: one reject each, with its line', async () => {
  const s = await scan(
    'a,b,c\n' +
      '1,2,3\n' +
      '10,"United States,US-1,Company "US-1,12\n' + // line 3
      '4,"ab"c,6\n' + // line 4
      '5,6,7,8\n' + // line 5
      '9,10\n' + // line 6
      '11,x\ry,13\n' + // line 7
      '14,a"b,16\n' + // a quote inside an unquoted field is text
      '17,"q""r",18\n',
  );
  assert.deepEqual(brief(s), [[3, 'bad_quoting'], [4, 'bad_quoting'], [5, 'wrong_field_count'], [6, 'wrong_field_count'], [7, 'bad_line_end']]);
  assert.equal(s.good, 3);
  assert.deepEqual([0, 1, 2].map((k) => lineOf(s, k)), [2, 8, 9]);
  assert.equal(s.rejects[0]!.value, '10,"United States,US-1,Company "US-1,12');
});

test('blanks before an opening quote: one space opens a quoted field (as DuckDB reads it), more blanks or a tab are bad quoting', async () => {
  const s = await scan('a,b,c\n1, "x,y",3\n2,  "x,y",3\n3,\t"x",3\n4,x "y",5\n');
  assert.deepEqual(brief(s), [[3, 'bad_quoting'], [4, 'bad_quoting']]);
  assert.equal(s.good, 2);
  assert.deepEqual(splitRecord('a, "b,c"'), ['a', 'b,c']);
});

test('a cut last line is a cut_last_line reject; a complete last line without a line end is read', async () => {
  assert.deepEqual(brief(await scan('a,b,c\n1,2,3\n4,5')), [[3, 'cut_last_line']]);
  assert.deepEqual(brief(await scan('a,b,c\n1,2,3\n4,5,"six')), [[3, 'cut_last_line']]);
  assert.deepEqual(brief(await scan('a,b,c\n1,2,3\n4,5\n')), [[3, 'wrong_field_count']]);
  const ok = await scan('a,b,c\n1,2,3\n4,5,6');
  assert.deepEqual([ok.good, ok.rejects.length], [2, 0]);
});

test('blank lines are skipped and shift the lines after them', async () => {
  const s = await scan('a,b\n1,2\n\n\r\n3,4\n');
  assert.deepEqual([s.good, s.records, s.blankLines, s.rejects.length], [2, 2, 2, 0]);
  assert.equal(lineOf(s, 1), 5);
});

test('multi-line quoted fields: one record when allowed, a rejected line otherwise', async () => {
  const text = 'a,b,c\n1,"two\nlines",3\n4,5,6\n';
  const on = await scan(text, { multiline: true });
  assert.deepEqual([on.good, on.rejects.length, lineOf(on, 1)], [2, 0, 4]);
  const off = await scan(text);
  assert.deepEqual(brief(off), [[2, 'bad_quoting'], [3, 'wrong_field_count']]); // `lines",3`: a quote inside an unquoted field is text
  assert.equal(off.good, 1);
});

test('multi-line mode: a stray quote rejects its own line only, the lines after it are read', async () => {
  const s = await scan('a,b,c\n1,"oops,3\n4,5,6\n7,8,9\n', { multiline: true });
  assert.deepEqual(brief(s), [[2, 'bad_quoting']]);
  assert.deepEqual([s.good, lineOf(s, 0), lineOf(s, 1)], [2, 3, 4]);
});

test('a UTF-8 byte-order mark is dropped from the header', async () => {
  assert.deepEqual((await scan('\ufeffUser_Id,b\n1,2\n')).header, ['User_Id', 'b']);
});

test('copyTo writes the header and the good lines with LF ends', async () => {
  const path = join(dir, 'src.csv');
  writeFileSync(path, 'a,b\r\n1,2\n3\r\n"x\r\ny",4\r\n5,6');
  const out = join(dir, 'copy.csv');
  const s = await scanCsv(path, { copyTo: out, multiline: true });
  assert.equal(readFileSync(out, 'utf8'), 'a,b\n1,2\n"x\r\ny",4\n5,6\n');
  assert.deepEqual(brief(s), [[3, 'wrong_field_count']]);
});

test('a gzip file cut short: what it holds is read, its cut last line rejected', async () => {
  let text = 'a,b,c\n';
  for (let i = 0; i < 5000; i++) text += `${i},${(i * 7919) % 100003},${(i * 104729).toString(36)}\n`;
  const gz = gzipSync(Buffer.from(text));
  const s = await scan(gz.subarray(0, gz.length - 20), {}, '.csv.gz');
  assert.equal(s.truncatedGzip, true);
  assert.equal(s.clean, false);
  assert.ok(s.good >= 4990 && s.good < 5000, `${s.good} rows`);
  assert.ok(s.rejects.length <= 1 && s.rejects.every((r) => r.reason === 'cut_last_line'));
});

test('a file that is not UTF-8 is refused with the --encoding it looks like; --encoding reads it', async () => {
  const kr = Buffer.concat([Buffer.from('user_id,company\n1,'), Buffer.from(new Uint8Array([0xbb, 0xef, 0xbc, 0xba, 0xc0, 0xfc, 0xc0, 0xda])), Buffer.from('\n')]); // 삼성전자 in EUC-KR
  await assert.rejects(scan(kr), (e: Error) => e instanceof NotUtf8Error && /line 2/.test(e.message) && /EUC-KR/.test(e.message) && /--encoding euc-kr/.test(e.message));
  const path = join(dir, 'kr.csv');
  writeFileSync(path, kr);
  const out = join(dir, 'kr-utf8.csv');
  const s = await scanCsv(path, { encoding: 'euc-kr', copyTo: out });
  assert.deepEqual([s.good, s.clean], [1, false]);
  assert.equal(readFileSync(out, 'utf8'), 'user_id,company\n1,삼성전자\n');
  await assert.rejects(scan(Buffer.from([0x61, 0x0a, 0x80, 0x0a]), { encoding: 'shift_jis' }), NotUtf8Error);
  await assert.rejects(scan('a\n1\n', { encoding: 'klingon' }), UnknownEncodingError);
  assert.equal(guessEncoding(Buffer.from('Cura\xe7ao, S\xe3o Paulo', 'latin1'))?.label, 'windows-1252');
  assert.equal(guessEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]))?.label, 'utf-16le');
});

test('an over-long line is one line_too_long reject; the next line is read', async () => {
  const s = await scan('a,b\n1,' + 'x'.repeat(10_500_000) + '\n2,3\n');
  assert.deepEqual([brief(s), s.good, lineOf(s, 0)], [[[2, 'line_too_long']], 1, 3]);
});

test('records and rejects cross the 1 MB read chunks intact', async () => {
  // 60,000 lines (about 2.5 MB): every 997th has a field too many, every 1009th a multi-line field.
  let text = 'id,name,value\n';
  let bad = 0;
  let good = 0;
  const badLines: number[] = [];
  let line = 2;
  for (let i = 0; i < 60000; i++) {
    if (i % 997 === 0) {
      text += `${i},x,y,z\n`;
      badLines.push(line);
      bad++;
      line++;
    } else if (i % 1009 === 0) {
      text += `${i},"two\nlines",${i}\n`;
      good++;
      line += 2;
    } else {
      text += `${i},"name ${i}",${i * 2}\n`;
      good++;
      line++;
    }
  }
  const s = await scan(text, { multiline: true });
  assert.deepEqual([s.good, s.rejects.length], [good, bad]);
  assert.deepEqual(s.rejects.map((r) => r.line), badLines);
  assert.equal(lineOf(s, s.good - 1), line - 1);
});

test('splitRecord unquotes the header fields', () => {
  assert.deepEqual(splitRecord('a,"b,c","d""e",,f'), ['a', 'b,c', 'd"e', '', 'f']);
});

test('loadCsvFile: DuckDB reads exactly the good lines, with their line numbers; odd header names get usable ones', async () => {
  const path = join(dir, 'load.csv');
  writeFileSync(path, 'column1,,x\0y\r\n1,2,3\n\n6,"7\r\n8",9\r\n10,11,12');
  const db = await Db.open();
  try {
    const { columns, scan: s, src } = await loadCsvFile(db, path, 't', { multiline: true });
    assert.deepEqual(columns, ['column1', 'column1_', 'x\ufffdy']);
    assert.deepEqual([s.good, s.rejects.length, s.blankLines], [3, 0, 1]);
    const rows = await db.all<{ a: string; b: string; line: number }>(`select r.column1 as a, r.column1_ as b, ${src.line.text} as line from ${src.from.text} order by line`);
    assert.deepEqual(rows, [{ a: '1', b: '2', line: 2 }, { a: '6', b: '7\r\n8', line: 4 }, { a: '10', b: '11', line: 6 }]);
  } finally {
    db.close();
  }
});

test('typeChecks: a column is typed when every value of its good records passes its check', async () => {
  const typeChecks = { id: 'integer', amount: 'positive', w: 'positive', day: 'date', other: 'integer' } as const;
  const kinds = async (rows: string[], eol = '\n') => (await scan(['ID,amount,w,day,other,text', ...rows].join(eol) + eol, { typeChecks })).kinds;
  // fast path, CRLF, a quoted value (slow path), an empty value, a rejected line (not checked)
  assert.deepEqual(
    await kinds(['1,45000,1.5,2016-02-29,-3,x', '-17,0,00.25,1000-01-01,0,"a,b"', '"999999999999999999",,3,,,y', '007,1,1,bad,1'], '\r\n'),
    ['integer', 'integer', 'double', 'date', 'integer', null],
  );
  // one value of another form each: the column is not typed (a positive decimal keeps `double`)
  for (const [row, want] of [
    ['+1,1,1,2016-01-01,1,x', [null, 'integer', 'integer', 'date', 'integer', null]],
    ['1,1.0,1,2016-01-01,1,x', ['integer', 'double', 'integer', 'date', 'integer', null]],
    ['1,0.0,1,2016-01-01,1,x', ['integer', null, 'integer', 'date', 'integer', null]],
    ['1,-1.5,1e3,2016-01-01,-0,x', ['integer', null, null, 'date', null, null]],
    ['1,1,.5,2019-02-29,01,x', ['integer', 'integer', null, null, null, null]],
    ['1234567890123456789,1234567890123456789,1,0999-12-31,1,x', [null, null, 'integer', null, 'integer', null]],
    // a positive decimal is below 10¹⁰: at most 10 digits before the point, leading zeros aside
    ['1,9999999999.5,0009999999999,2016-01-01,1,x', ['integer', 'double', 'double', 'date', 'integer', null]],
    ['1,10000000000.5,1,2016-01-01,1,x', ['integer', null, 'integer', 'date', 'integer', null]],
    ['" 1",1,1,"2016-01-01 ",1,x', [null, 'integer', 'integer', null, 'integer', null]],
  ] as const) {
    assert.deepEqual(await kinds(['1,2,3,2016-01-01,4,x', row]), want, row);
  }
  // no checks asked: no kinds
  assert.deepEqual((await scan('a,b\n1,2\n')).kinds, [null, null]);
});
