/**
 * Parquet columns staged with their type (BIGINT keys, DOUBLE and INTEGER numbers, DATE
 * dates: src/ingest/read.ts TYPED_COLUMNS) are validated by type, without their text. The
 * same values written as text Parquet columns (the text DuckDB prints for each value, as
 * the text path reads them) must give the same tables and the same rejects — file, line,
 * column, reason, value and action — on values chosen to sit on every edge of the text
 * rules: NaN, infinities, signed zero, exponents of two and three digits, integers at the
 * INTEGER bounds, dates on either side of 1900 and 2100, missing values, duplicates,
 * negative and huge ids.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Db, sql, ident, join as joinSql, type DuckDb } from '../../src/db/index.ts';
import { ingest } from '../../src/ingest/index.ts';
import { discoverFiles, stageTable } from '../../src/ingest/read.ts';
import { TABLES as DEFS } from '../../src/ingest/schema.ts';

const TABLES = ['user_keys', 'positions', 'users', 'education', 'skills', 'companies', 'rejects', 'columns_present', 'ingest_stats'];

const DOUBLES = [
  'NULL', "'nan'", "'inf'", "'-inf'", '0.0', "'-0.0'", '1.0', '-1.0', '0.5', '1e100', '9.999999999999999e99', '1e-99', '9.99e-100', '1e-100',
  '1e300', '5e-324', '2147483646.0', '2147483647.0', '-2147483647.0', '3.0', '3.5', '7.0', '8.0', '1e16', '123456.789', '1.5e-7', '45000.0',
];
const DATES = ["'2015-03-01'", "'1900-01-01'", "'1899-12-31'", "'2100-12-31'", "'2101-01-01'", "'0001-01-01'", "'2016-02-29'", 'NULL', "'9999-12-31'"];

/** The dataset with typed columns: positions of 40 users over every edge value, plus users, education, skills. */
async function writeTyped(db: DuckDb, dir: string): Promise<void> {
  const dbl = `[${DOUBLES.map((d) => `${d}::DOUBLE`).join(', ')}]`;
  const dates = `[${DATES.map((d) => `${d}::DATE`).join(', ')}]`;
  await db.run(`create or replace temp table pos as
    select case when i % 53 = 0 then NULL when i % 11 = 0 then -(i % 40) else i % 40 end::BIGINT as user_id,
           case when i % 47 = 0 then NULL when i in (30, 120, 210) then 5 when i = 7 then 9223372036854775807 else 1000 + i end::BIGINT as position_id,
           case when i % 17 = 3 then NULL else ${dates}[1 + i % ${DATES.length}] end as startdate,
           case when i % 5 = 0 then NULL when i % 13 = 0 then DATE '2001-01-01' else ${dates}[1 + (i * 2 + 2) % ${DATES.length}] end as enddate,
           case when i % 19 = 0 then 'Atlantis' when i % 23 = 0 then NULL else 'KR' end as country,
           (i % 7)::INTEGER + (i % 3) - 1 as seniority,
           ${dbl}[1 + i % ${DOUBLES.length}] as salary,
           ${dbl}[1 + (i * 5) % ${DOUBLES.length}] as weight,
           ${dbl}[1 + (i * 11) % ${DOUBLES.length}] as position_number,
           'Engineer' as role_k50, (900 + i % 5)::BIGINT as rcid
    from range(400) t(i)`);
  await db.run(sql`copy pos to ${join(dir, 'individual_positions.parquet')} (format parquet)`);
  await db.run(`create or replace temp table sk as
    select case when i % 31 = 0 then NULL else i % 45 end::BIGINT as user_id, 'Machine Learning' as skill_raw,
           ${dates}[1 + i % ${DATES.length}] as first_reported from range(200) t(i)`);
  await db.run(sql`copy sk to ${join(dir, 'individual_user_skills.parquet')} (format parquet)`);
  await db.run(`create or replace temp table us as
    select case when i = 3 then NULL else i % 42 end::BIGINT as user_id, 'KR' as user_country from range(45) t(i)`);
  await db.run(sql`copy us to ${join(dir, 'individual_user.parquet')} (format parquet)`);
  await db.run(`create or replace temp table ed as
    select (i % 44)::BIGINT as user_id, ${dbl}[1 + i % ${DOUBLES.length}] as education_number,
           ${dates}[1 + i % ${DATES.length}] as startdate, ${dates}[1 + (i * 3) % ${DATES.length}] as enddate, 'KR' as university_country
    from range(120) t(i)`);
  await db.run(sql`copy ed to ${join(dir, 'individual_user_education.parquet')} (format parquet)`);
}

/** The same files with every column as the text DuckDB prints for it. */
async function writeText(db: DuckDb, from: string, to: string): Promise<void> {
  for (const [t, f] of [['pos', 'individual_positions'], ['sk', 'individual_user_skills'], ['us', 'individual_user'], ['ed', 'individual_user_education']] as const) {
    const cols = (await db.all<{ column_name: string }>(`describe ${t}`)).map((r) => sql`CAST(${ident(r.column_name)} AS VARCHAR) AS ${ident(r.column_name)}`);
    await db.run(sql`copy (select ${joinSql(cols)} from read_parquet(${join(from, `${f}.parquet`)})) to ${join(to, `${f}.parquet`)} (format parquet)`);
  }
}

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = await db.all(`SELECT * FROM ${t} ORDER BY ALL`);
  return out;
}

test('typed Parquet columns give the same tables and rejects as their text', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tf-typed-'));
  try {
    const typed = join(root, 'typed');
    const text = join(root, 'text');
    mkdirSync(typed);
    mkdirSync(text);
    const conv = await Db.open();
    await writeTyped(conv, typed);
    await writeText(conv, typed, text);
    conv.close();

    // the typed dataset is staged typed, the text one as text
    const probe = await Db.open();
    const def = DEFS.find((d) => d.target === 'positions')!;
    const st = await stageTable(probe, def, discoverFiles(typed).get(def.name)!);
    assert.deepEqual(st.kinds, { user_id: 'integer', position_id: 'integer', startdate: 'date', enddate: 'date', salary: 'double', weight: 'double', seniority: 'integer', position_number: 'double' });
    const sx = await stageTable(probe, def, discoverFiles(text).get(def.name)!);
    assert.deepEqual(sx.kinds, {});
    probe.close();

    const a = await Db.open();
    const b = await Db.open();
    const sa = await ingest(a, typed);
    const sb = await ingest(b, text);
    const da = await dump(a);
    const dbb = await dump(b);
    for (const t of TABLES) assert.deepEqual(da[t], dbb[t], t);
    assert.deepEqual({ ...sa, files: [] }, { ...sb, files: [] });
    // the edges were met: values and rows of every kind rejected
    const reasons = new Set((da.rejects as { reason: string; column: string }[]).map((r) => `${r.reason}/${r.column}`));
    for (const r of ['unparseable_number/salary', 'non_positive_salary/salary', 'non_positive_weight/weight', 'unparseable_number/position_number',
      'invalid_seniority/seniority', 'unparseable_date/startdate', 'unparseable_date/enddate', 'end_before_start/enddate', 'missing_key/user_id',
      'missing_key/position_id', 'duplicate_position_id/position_id', 'missing_value/startdate', 'unknown_country/country', 'orphan_user_id/user_id',
      'unparseable_date/first_reported', 'unparseable_number/education_number', 'duplicate_key/user_id']) {
      assert.ok(reasons.has(r), `no ${r} reject: the data no longer meet that edge`);
    }
    a.close();
    b.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
