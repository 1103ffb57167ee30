import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStages, makeDb, makeCtx, type PositionRow } from '../../../test/helpers/fixture-db.ts';
import { StaleTableError } from '../../study/graph.ts';
import { defaultYears, UnknownColumnError } from './index.ts';

const days = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 86_400_000;

const positions: PositionRow[] = [
  // uid 1: p1 ends on 31 Dec 2020 (still active at 2020); p2 and p3 start the same day (p3 has the larger pid_rank);
  // p3 ends on 30 Dec 2020 (not active at 2020); p2 is open-ended.
  { uid: 1, position_id: 'a1', pid_rank: 1, startdate: '2018-03-01', enddate: '2020-12-31', country: 'KR', role_k50: 'eng', role_k1500: 'ml eng', naics_code: '5415', weight: null, seniority: 2, salary: 50000 },
  { uid: 1, position_id: 'a2', pid_rank: 2, startdate: '2019-06-01', enddate: null, country: 'US', role_k50: 'sci', naics_code: '5417', weight: 2.5 },
  { uid: 1, position_id: 'a3', pid_rank: 3, startdate: '2019-06-01', enddate: '2020-12-30', country: 'SG', role_k50: 'mgr', weight: 4 },
  // uid 2: ends 31 Dec 2019 (active at 2019); the 2020 job ends 30 Dec 2020 (absent at 2020); back at work in 2021.
  { uid: 2, position_id: 'b1', pid_rank: 4, startdate: '2015-01-01', enddate: '2019-12-31', country: 'GB' },
  { uid: 2, position_id: 'b2', pid_rank: 5, startdate: '2020-02-01', enddate: '2020-12-30', country: 'DE' },
  { uid: 2, position_id: 'b3', pid_rank: 6, startdate: '2021-01-01', country: 'FR' },
  // uid 3: a short later job overlapping an old open-ended one; the old one is primary again afterwards.
  { uid: 3, position_id: 'c1', pid_rank: 7, startdate: '2010-01-01', country: 'JP' },
  { uid: 3, position_id: 'c2', pid_rank: 8, startdate: '2019-05-01', enddate: '2019-12-31', country: 'CN' },
];

const panelDb = () =>
  makeDb({
    positions,
    users: [{ uid: 1, highest_degree: 'Master' }, { uid: 2 }, { uid: 3, highest_degree: 'Bachelor' }],
    education: [{ uid: 3, university_country: 'KR', startdate: '2005-09-01' }],
    ai_skills: [{ uid: 1, skill: 'machine learning' }],
  });

async function panelRows(years: number[], opts = {}) {
  const db = await panelDb();
  const ctx = makeCtx(db, years, opts);
  await buildStages(ctx, ['panel']);
  const rows = await db.all<Record<string, unknown>>('select * from panel order by uid, year');
  return { db, ctx, rows };
}

test('panel: primary position at each year end (ties, 31 vs 30 December, overlaps, open-ended)', async () => {
  const { db, rows } = await panelRows([2018, 2019, 2020, 2021]);
  const got = rows.map((r) => `${r.uid}:${r.year}:${r.position_id}`);
  assert.deepEqual(got, [
    '1:2018:a1', '1:2019:a3', '1:2020:a2', '1:2021:a2',
    '2:2018:b1', '2:2019:b1', '2:2021:b3',
    '3:2018:c1', '3:2019:c2', '3:2020:c1', '3:2021:c1',
  ]);
  db.close();
});

test('panel: exactly the contract columns, attributes of the primary position', async () => {
  const { db, rows } = await panelRows([2018, 2019]);
  assert.deepEqual(Object.keys(rows[0]!), [
    'uid', 'year', 'country', 'position_id', 'pid_rank', 'startdate', 'enddate', 'rcid', 'role', 'industry', 'role_code', 'industry_code',
    'seniority', 'salary', 'weight', 'exp_years', 'start_year', 'grp', 'is_ai', 'origin', 'highest_degree',
  ]);
  const r18 = rows.find((r) => r.uid === 1 && r.year === 2018)!;
  assert.equal(r18.weight, 1, 'missing weight counts as 1');
  assert.equal(r18.role, 'eng', 'role_k50 is the first role column present (role_k150 absent)');
  assert.equal(r18.industry, '5415', 'naics_code when rics_k50 is absent');
  // role_code / industry_code: one code per value, in the values' sort order; NULL when missing
  for (const [col, code] of [['role', 'role_code'], ['industry', 'industry_code']] as const) {
    const pairs = [...new Map(rows.map((r) => [r[col] as string | null, r[code] as number | null])).entries()];
    for (const [v, c] of pairs) assert.equal(v === null, c === null, `${code} is NULL exactly when ${col} is`);
    const known = pairs.filter(([v]) => v !== null).sort(([a], [b]) => (a! < b! ? -1 : 1));
    assert.ok(known.length >= (col === 'role' ? 2 : 1), `the fixture has ${col} values`);
    for (let i = 1; i < known.length; i++) assert.ok(known[i]![1]! > known[i - 1]![1]!, `${code} follows the sort order of ${col}`);
  }
  assert.equal(r18.exp_years, 0);
  assert.equal(r18.grp, 'ai');
  assert.equal(r18.is_ai, true);
  assert.equal(r18.origin, 'KR', 'no education: country of the first position');
  assert.equal(r18.highest_degree, 'Master');
  assert.equal(r18.seniority, 2);
  assert.equal(r18.salary, 50000);
  const r19 = rows.find((r) => r.uid === 1 && r.year === 2019)!;
  assert.equal(r19.country, 'SG');
  assert.equal(r19.weight, 4);
  assert.ok(Math.abs((r19.exp_years as number) - days('2018-03-01', '2019-06-01') / 365.25) < 1e-12);
  assert.equal(r19.start_year, 2019);
  const u3 = rows.find((r) => r.uid === 3 && r.year === 2019)!;
  assert.equal(u3.grp, 'non_ai');
  assert.equal(u3.origin, 'KR', 'origin from the first education record');
  assert.ok(Math.abs((u3.exp_years as number) - days('2010-01-01', '2019-05-01') / 365.25) < 1e-12);
  db.close();
});

test('panel: role and industry options', async () => {
  const { db, rows } = await panelRows([2018], { roleColumn: 'role_k1500', industryColumn: 'naics_code' });
  assert.equal(rows.find((r) => r.uid === 1)!.role, 'ml eng');
  // This database's panel was built for other options: not silently reused, not rebuilt.
  await assert.rejects(buildStages(makeCtx(db, [2018], { roleColumn: 'role_nope' }), ['panel']), StaleTableError);
  await assert.rejects(buildStages(makeCtx(db, [2019], { roleColumn: 'role_k1500', industryColumn: 'naics_code' }), ['panel']), StaleTableError);
  db.close();
  const fresh = await panelDb();
  await assert.rejects(buildStages(makeCtx(fresh, [2018], { roleColumn: 'role_nope' }), ['panel']), UnknownColumnError);
  fresh.close();
});

test('panel: a year before any start has no rows, open-ended positions run on; defaultYears spans the data', async () => {
  const { db, ctx, rows } = await panelRows([2005, 2030]);
  assert.deepEqual(rows.map((r) => `${r.uid}:${r.year}:${r.position_id}`), ['1:2030:a2', '2:2030:b3', '3:2030:c1']);
  assert.deepEqual(await defaultYears(db), Array.from({ length: 2021 - 2010 + 1 }, (_, i) => 2010 + i));
  assert.deepEqual(await defaultYears(db, { yearFrom: 2019, yearTo: 2025 }), [2019, 2020, 2021]);
  void ctx;
  db.close();
});
