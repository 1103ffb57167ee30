// The generator's fast paths (written for speed) agree with their plain definitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvBytes, csvLine, renderPerson, TEXT_COLUMNS } from './render.ts';
import { firstOfMonth, monthDay, parseDay } from './dates.ts';
import { generatePerson } from './model.ts';
import { TruthAccumulator } from './truth.ts';

const MS_PER_DAY = 86_400_000;

/** The plain definition of parseDay (a regular expression and Date.UTC). */
function parseDayPlain(s: string): number | null {
  if (s === '') return null;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1) / MS_PER_DAY;
}

test('CsvBytes writes exactly the UTF-8 bytes of csvLine (quoting, non-ASCII, surrogates, growth)', () => {
  const out = new CsvBytes();
  const texts = ['', 'plain', 'Korea, Republic of', 'say "hi"', 'a\nb', 'a\rb', 'Türkiye', '머신러닝', '😀', '\ud83d', 'x\ude00y', '한,"국'];
  for (const a of texts) {
    for (const b of texts) {
      const cells = [a, b, '2024-01-31'];
      out.line(cells, [0, 1]);
      assert.deepEqual(Buffer.from(out.take()), Buffer.from(csvLine(cells), 'utf8'), JSON.stringify(cells));
    }
  }
  // Several lines in one take, and a line far larger than the initial buffer.
  const big = ['x'.repeat(200_000), `${'é'.repeat(50_000)},`];
  out.line(['1', 'a,b'], [1]);
  out.line(big, [0, 1]);
  assert.deepEqual(Buffer.from(out.take()), Buffer.from(csvLine(['1', 'a,b']) + csvLine(big), 'utf8'));
  assert.equal(out.take().length, 0, 'take starts again');
});

test('rendered rows need quoting only in their text columns', () => {
  const special = /[",\n\r]/;
  let quotedText = 0;
  for (let i = 0; i < 3000; i++) {
    const w = renderPerson(generatePerson(13, i), { KR: 1.7, US: 2.3 });
    const tables: [string[][], readonly number[]][] = [
      [w.positions, TEXT_COLUMNS.positions], [w.education, TEXT_COLUMNS.education], [w.skills, TEXT_COLUMNS.skills],
      [w.user ? [w.user] : [], TEXT_COLUMNS.user],
    ];
    for (const [rows, text] of tables) {
      for (const r of rows) {
        r.forEach((v, j) => {
          if (!text.includes(j)) assert.ok(!special.test(v), `column ${j}: ${v}`);
          else if (special.test(v)) quotedText++;
        });
      }
    }
  }
  assert.ok(quotedText > 0, 'some text cells do need quoting');
});

test('parseDay, firstOfMonth and monthDay agree with their Date-based definitions', () => {
  for (let day = -30_000; day <= 60_000; day++) {
    const d = new Date(day * MS_PER_DAY);
    const iso = d.toISOString().slice(0, 10);
    assert.equal(parseDay(iso), parseDayPlain(iso), iso);
    assert.equal(parseDay(iso.slice(0, 7)), parseDayPlain(iso.slice(0, 7)), iso);
    assert.deepEqual(monthDay(day), { month: d.getUTCMonth() + 1, dom: d.getUTCDate() });
    assert.equal(firstOfMonth(day), Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / MS_PER_DAY);
  }
  const odd = ['', '2023-02-29', '2024-02-30', '2024-13-01', '2024-00-10', '2024-01-00', '1899-12-31', '2101-01-01', '0050-06-15',
    '2024-1-01', '2024-01-1', '2024/01/01', '2024-01-01 ', '２０２４-01-01', 'abcd-ef-gh', '2024-01-01-'];
  for (const s of odd) assert.ok(Object.is(parseDay(s), parseDayPlain(s)), s);
});

test('TruthAccumulator.take hands over the non-zero sums and starts again', () => {
  const acc = new TruthAccumulator(1985, 2024);
  for (let i = 0; i < 200; i++) acc.add(renderPerson(generatePerson(5, i), {}));
  const a = acc.take();
  assert.ok(a.cells.length > 0 && a.cells.length === a.values.length);
  assert.ok(a.values.every((v) => v !== 0));
  assert.ok(a.cells.every((c, i) => i === 0 || c > a.cells[i - 1]!), 'cells ascending');
  assert.equal(a.users.total, a.users.ai + a.users.non_ai);
  const empty = acc.take();
  assert.equal(empty.cells.length, 0);
  assert.deepEqual(empty.users, { total: 0, ai: 0, non_ai: 0 });
  // The same people again give the same part.
  for (let i = 0; i < 200; i++) acc.add(renderPerson(generatePerson(5, i), {}));
  const b = acc.take();
  assert.deepEqual([...b.cells], [...a.cells]);
  assert.deepEqual([...b.values], [...a.values]);
  assert.deepEqual(b.rowCounts, a.rowCounts);
});
