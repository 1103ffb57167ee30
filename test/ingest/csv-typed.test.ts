/**
 * CSV columns read typed (src/ingest/read.ts CSV_CHECKS: the line reader checks that every
 * value of a column has a form whose text its type gives back, and DuckDB then reads that
 * column as BIGINT, DOUBLE or DATE) must give the same tables and the same rejects — file,
 * line, column, reason, value and action — as the same files read as text
 * (`csvTypes: false`). Checked on values at the edges of both the checks and the text
 * rules, in columns that pass (read typed) and columns where one value fails (read as
 * text), with quoted fields, CRLF line ends and rejected lines among them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { Db } from '../../src/db/index.ts';
import { ingest } from '../../src/ingest/index.ts';
import { discoverFiles, stageTable } from '../../src/ingest/read.ts';
import { TABLES as DEFS } from '../../src/ingest/schema.ts';
import { rng } from '../helpers/rng.ts';

const TABLES = ['user_keys', 'positions', 'users', 'education', 'skills', 'companies', 'rejects', 'columns_present', 'ingest_stats'];

/** Values each column draws from: `ok` pass the column's check, `odd` fail it (the text rules still read most of them). */
const POOLS: Record<string, { ok: string[]; odd: string[] }> = {
  key: { ok: ['1', '2', '3', '-3', '0', '17', '999999999999999999', '40', ''], odd: ['007', '+5', ' 5', '5 ', '-0', '1234567890123456789012', 'abc', '5.0', '-'] },
  int: { ok: ['1', '2', '7', '0', '9', '-1', '', '2147483647', '2147483646', '123456789012345678'], odd: ['5.0', '1e1', '+3', '03', ' 3', '2.5', '1_000', '-0'] },
  salary: { ok: ['45000', '0', '-5', '', '1', '999999999999999999'], odd: ['45000.50', '-1.5', '0.0', '1e3', 'nan', 'inf', '45_000', '1234567890123456789012'] },
  weight: { ok: ['1.5', '0.001', '1', '9999999999.5', '0009999999999.25', '00.5', '3.250', ''], odd: ['0', '-1.5', '0.0', '1e-3', '.5', '5.', `1${'0'.repeat(45)}`, '-2', '12345678901234567890.5', '10000000000.5'] },
  date: {
    ok: ['2016-02-29', '1899-12-31', '2101-01-01', '1900-01-01', '2100-12-31', '1000-01-01', '9999-12-31', '2015-03-01', '2001-01-01', ''],
    odd: ['2019-02-29', '2020-1-05', '0999-01-01', '2020-01', '2020-01-05 10:00', '2020-13-01', ' 2020-01-05', '2020-04-31'],
  },
};

const FILES: Record<string, [string, string][]> = {
  individual_positions: [['user_id', 'key'], ['position_id', 'key'], ['position_number', 'int'], ['startdate', 'date'], ['enddate', 'date'],
    ['country', 'country'], ['company', 'company'], ['seniority', 'int'], ['salary', 'salary'], ['weight', 'weight']],
  individual_user: [['user_id', 'key'], ['user_country', 'country']],
  individual_user_education: [['user_id', 'key'], ['education_number', 'int'], ['startdate', 'date'], ['enddate', 'date'], ['university_country', 'country']],
  individual_user_skills: [['user_id', 'key'], ['skill_raw', 'skill'], ['first_reported', 'date']],
};

/** Write a dataset folder: each checked column has `ok` values and the `odd` one `oddOf` picks, if any. */
function writeWorld(dir: string, seed: number, oddOf: (file: string, col: string, odd: string[]) => string | null): void {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  for (const [file, cols] of Object.entries(FILES)) {
    const eol = r() < 0.3 ? '\r\n' : '\n';
    const odd = new Map<string, string | null>();
    const lines = [cols.map(([c]) => c).join(',')];
    const n = file === 'individual_positions' ? 80 : 40;
    for (let i = 0; i < n; i++) {
      const row = cols.map(([c, kind]) => {
        let v: string;
        if (kind === 'country') v = pick(['KR', 'South Korea', 'US', 'Atlantis', '']);
        else if (kind === 'company') v = pick(['Acme', '"Acme, Inc."', '']);
        else if (kind === 'skill') v = pick(['Machine Learning', 'Python', '']);
        else if (c === 'position_id' && r() < 0.7) v = String(1000 + i);
        else {
          const pool = POOLS[kind]!;
          // a column with an odd value has it in a few rows
          if (!odd.has(c)) odd.set(c, oddOf(file, c, pool.odd));
          v = odd.get(c) !== null && r() < 0.15 ? odd.get(c)! : pick(pool.ok);
        }
        // a quoted value (read through the slow path of the line reader)
        return r() < 0.1 && !v.startsWith('"') ? `"${v}"` : v;
      });
      lines.push(row.join(','));
      if (i === 5) lines.push(`${row.join(',')},extra`); // a line with a field too many: a line reject
    }
    writeFileSync(join(dir, `${file}.csv`), lines.join(eol) + eol);
  }
}

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = await db.all(`SELECT * FROM ${t} ORDER BY ALL`);
  return out;
}

/** Ingest `dir` typed and as text; the tables, rejects and summaries must be equal. Returns the typed dump. */
async function same(dir: string): Promise<Record<string, unknown[]>> {
  const a = await Db.open();
  const b = await Db.open();
  try {
    const sa = await ingest(a, dir);
    const sb = await ingest(b, dir, { csvTypes: false });
    const da = await dump(a);
    const dbb = await dump(b);
    for (const t of TABLES) assert.deepEqual(da[t], dbb[t], t);
    assert.deepEqual(sa, sb);
    return da;
  } finally {
    a.close();
    b.close();
  }
}

test('CSV columns whose values all pass their check are read typed, with the tables and rejects of the text', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tf-csv-typed-'));
  try {
    const reasons = new Set<string>();
    for (const seed of [1, 2, 3]) {
      const dir = join(root, String(seed));
      mkdirSync(dir);
      writeWorld(dir, seed, () => null);
      const probe = await Db.open();
      await probe.run(readFileSync(new URL('../../src/ingest/sql/rejects-table.sql', import.meta.url), 'utf8'));
      const def = DEFS.find((d) => d.target === 'positions')!;
      const st = await stageTable(probe, def, discoverFiles(dir).get(def.name)!);
      assert.deepEqual(st.kinds, { user_id: 'integer', position_id: 'integer', startdate: 'date', enddate: 'date', salary: 'integer', weight: 'double', seniority: 'integer', position_number: 'integer' });
      const sx = await stageTable(probe, def, discoverFiles(dir).get(def.name)!, { csvTypes: false });
      assert.deepEqual(sx.kinds, {});
      probe.close();
      const d = await same(dir);
      for (const r of d.rejects as { reason: string; column: string }[]) reasons.add(`${r.reason}/${r.column}`);
    }
    // the edges were met: values and rows of every kind rejected
    for (const r of ['non_positive_salary/salary', 'invalid_seniority/seniority', 'unparseable_date/startdate', 'unparseable_date/enddate', 'end_before_start/enddate',
      'missing_key/user_id', 'duplicate_position_id/position_id', 'missing_value/startdate', 'unknown_country/country', 'orphan_user_id/user_id',
      'unparseable_date/first_reported', 'unparseable_number/education_number', 'unparseable_number/position_number', 'wrong_field_count/']) {
      assert.ok(reasons.has(r), `no ${r} reject: the data no longer meet that edge`);
    }
  } finally {
    if (!process.env.CSV_TYPED_DEBUG) rmSync(root, { recursive: true, force: true });
  }
});

test('a column with one value that fails its check is read as text: each such value, the same tables and rejects', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tf-csv-odd-'));
  try {
    const most = Math.max(...Object.values(POOLS).map((p) => p.odd.length));
    for (let j = 0; j < most; j++) {
      const dir = join(root, String(j));
      mkdirSync(dir);
      // every checked column has the j-th odd value of its pool
      writeWorld(dir, 100 + j, (_file, _col, odd) => odd[j % odd.length]!);
      const probe = await Db.open();
      await probe.run(readFileSync(new URL('../../src/ingest/sql/rejects-table.sql', import.meta.url), 'utf8'));
      const def = DEFS.find((d) => d.target === 'positions')!;
      const st = await stageTable(probe, def, discoverFiles(dir).get(def.name)!);
      probe.close();
      // keys and dates with an odd value are text; numbers may still be typed by another check
      for (const c of ['user_id', 'position_id', 'startdate', 'enddate']) assert.equal(st.kinds[c], undefined, `${c} typed with ${POOLS[c.endsWith('id') ? 'key' : 'date']!.odd[j % 8]}`);
      await same(dir);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('columns with and without an odd value, typed or not: the same tables and rejects (property)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tf-csv-mixed-'));
  let n = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed, mask) => {
        const dir = join(root, String(n++));
        mkdirSync(dir);
        let bit = 0;
        const bits = new Map<string, boolean>();
        writeWorld(dir, seed, (file, col, odd) => {
          const k = `${file}.${col}`;
          if (!bits.has(k)) bits.set(k, ((mask >>> bit++ % 31) & 1) === 1);
          return bits.get(k)! ? odd[(seed + bit) % odd.length]! : null;
        });
        try {
          await same(dir);
        } catch (e) {
          if (process.env.CSV_TYPED_DEBUG) console.log(seed, mask, dir, (e as Error).message.slice(0, 3000));
          throw e;
        }
        if (!process.env.CSV_TYPED_DEBUG) rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: Number(process.env.CSV_TYPED_RUNS ?? 6), seed: 20251205 },
    );
  } finally {
    if (!process.env.CSV_TYPED_DEBUG) rmSync(root, { recursive: true, force: true });
  }
});
