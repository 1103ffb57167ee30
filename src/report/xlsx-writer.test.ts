import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { columnName, writeXlsx, xmlText } from './xlsx-writer.ts';

// ExcelJS (a development dependency) reads what the writer wrote, as a spreadsheet program would.
async function read(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

test('columnName: A…Z, AA…AZ, BA, …, XFD', () => {
  assert.deepEqual([0, 1, 25, 26, 27, 51, 52, 701, 702, 16383].map(columnName), ['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
});

test('xmlText escapes markup, and control characters the way Excel does', () => {
  assert.equal(xmlText('plain KR 2010'), 'plain KR 2010');
  assert.equal(xmlText('a<b & "c">'), 'a&lt;b &amp; &quot;c&quot;&gt;');
  assert.equal(xmlText('bell\u0007 tab\tline\n'), 'bell_x0007_ tab\tline\n');
  assert.equal(xmlText('_x0041_'), '_x005F_x0041_');
});

test('writeXlsx: sheets, header, values of every type, blanks, widths, frozen header and filter', async () => {
  const bytes = writeXlsx(
    [
      { name: 'about', columns: [{ header: 'item', width: 32 }, { header: 'value', width: 80 }], rows: [['tool', 'talentflow'], ['count', 3]] },
      {
        name: 'a_table_name_longer_than_thirty_one_characters',
        columns: [{ header: 'country', width: 11 }, { header: 'n', width: 10 }, { header: 'ok', width: 10 }, { header: 'note', width: 10 }],
        rows: [
          ['KR', 12, true, ' padded <b> & ü 한국 '],
          ['US', null, false, undefined],
          ['JP', Number.NaN, null, 'x'],
          [null, 0.1 + 0.2, null, null],
        ],
        freezeHeader: true,
        autoFilter: true,
      },
    ],
    { creator: 'talentflow test', created: new Date('2025-12-05T00:00:00Z') },
  );
  const wb = await read(bytes);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['about', 'a_table_name_longer_than_thirty']);
  assert.equal(wb.creator, 'talentflow test');
  assert.equal(wb.created.toISOString(), '2025-12-05T00:00:00.000Z');
  const ws = wb.worksheets[1]!;
  const rows: unknown[] = [];
  ws.eachRow({ includeEmpty: true }, (row) => rows.push(Array.from((row.values as unknown[]).slice(1))));
  assert.deepEqual(rows, [
    ['country', 'n', 'ok', 'note'],
    ['KR', 12, true, ' padded <b> & ü 한국 '],
    ['US', undefined, false],
    ['JP', undefined, undefined, 'x'],
    // numbers are written with 12 significant digits (the output contract)
    [undefined, 0.3],
  ]);
  assert.deepEqual(ws.columns.map((c) => c.width), [11, 10, 10, 10]);
  assert.equal(ws.views[0]?.state, 'frozen');
  assert.equal(ws.autoFilter, 'A1:D1');
  assert.equal(wb.worksheets[0]!.getCell('B3').value, 3);
  // the same input gives the same bytes
  const again = writeXlsx([{ name: 's', columns: [{ header: 'a', width: 10 }], rows: [[1]] }], { created: new Date('2025-12-05T00:00:00Z') });
  assert.deepEqual(again, writeXlsx([{ name: 's', columns: [{ header: 'a', width: 10 }], rows: [[1]] }], { created: new Date('2025-12-05T00:00:00Z') }));
});
