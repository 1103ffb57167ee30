import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNeeds, makeDb, makeCtx, type EducationRow, type PositionRow } from '../../../test/helpers/fixture-db.ts';
import { COMPOSITION, columnNames } from '../../contract/index.ts';
import { measureComposition } from './index.ts';

const positions: PositionRow[] = [
  { uid: 1, startdate: '2019-01-01', country: 'KR', rics_k50: 'tech', role_k150: 'eng', seniority: 3, weight: 2 },
  { uid: 2, startdate: '2019-01-01', country: 'KR', rics_k50: 'tech', role_k150: 'eng', seniority: null, weight: 1 },
  { uid: 3, startdate: '2019-01-01', country: 'KR', rics_k50: 'fin', role_k150: 'analyst', seniority: 3 },
  { uid: 4, startdate: '2019-01-01', country: 'US', rics_k50: 'tech', role_k150: 'eng', seniority: 5 },
];
const education: EducationRow[] = [
  { uid: 1, education_number: 1, field: 'Computer Science', startdate: '2010-03-01' },
  { uid: 1, education_number: 2, field: 'Artificial Intelligence', startdate: '2014-03-01' },
  { uid: 1, education_number: 3, field: 'Art', startdate: null }, // undated: after every dated record
  { uid: 1, education_number: 4, field: null, startdate: '2016-03-01' }, // no field
  { uid: 2, education_number: 1, field: 'Mathematics' }, // undated only: the larger education_number
  { uid: 2, education_number: 2, field: 'Physics' },
];

async function run(minCell: number) {
  const db = await makeDb({
    positions,
    education,
    users: [{ uid: 1, highest_degree: 'Master' }, { uid: 2 }, { uid: 3, highest_degree: 'Bachelor' }, { uid: 4 }],
    ai_skills: [
      { uid: 1, skill: 'machine learning' }, { uid: 1, skill: 'deep learning' },
      { uid: 2, skill: 'machine learning' }, { uid: 4, skill: 'robotics' },
    ],
  });
  const ctx = makeCtx(db, [2020], { minCell });
  await buildNeeds(ctx, 'composition');
  const [t] = await measureComposition(ctx);
  db.close();
  return t!;
}

const pick = (rows: Record<string, unknown>[], c: string, g: string) =>
  rows
    .filter((r) => r.country === c && r.group === g)
    .map((r) => [r.dimension, r.category, r.persons, r.share, r.persons_weighted, r.share_weighted]);

test('composition: shares of each category among the group, raw and weighted', async () => {
  const t = await run(0);
  assert.deepEqual(t.columns, columnNames(COMPOSITION));
  // KR ai = uid 1 (w 2) and uid 2 (w 1): total 2 persons, 3 weighted.
  assert.deepEqual(pick(t.rows, 'KR', 'ai'), [
    ['degree', 'Master', 1, 1 / 2, 2, 2 / 3],
    ['degree', 'unknown', 1, 1 / 2, 1, 1 / 3],
    ['field', 'Artificial Intelligence', 1, 1 / 2, 2, 2 / 3],
    ['field', 'Physics', 1, 1 / 2, 1, 1 / 3],
    ['industry', 'tech', 2, 1, 3, 1],
    ['role', 'eng', 2, 1, 3, 1],
    ['seniority', '3', 1, 1 / 2, 2, 2 / 3],
    ['seniority', 'unknown', 1, 1 / 2, 1, 1 / 3],
    ['skill', 'deep learning', 1, 1 / 2, 2, 2 / 3],
    ['skill', 'machine learning', 2, 1, 3, 1],
  ]);
  // No education: field unknown; no skill rows for non_ai.
  assert.deepEqual(pick(t.rows, 'KR', 'non_ai'), [
    ['degree', 'Bachelor', 1, 1, 1, 1],
    ['field', 'unknown', 1, 1, 1, 1],
    ['industry', 'fin', 1, 1, 1, 1],
    ['role', 'analyst', 1, 1, 1, 1],
    ['seniority', '3', 1, 1, 1, 1],
  ]);
  const skillShares = t.rows.filter((r) => r.country === 'KR' && r.dimension === 'skill').map((r) => r.share as number);
  assert.equal(skillShares.reduce((a, b) => a + b, 0), 1.5, 'skill shares do not sum to one');
});

test('composition: small categories blanked, others kept', async () => {
  const t = await run(2);
  const ai = t.rows.filter((r) => r.country === 'KR' && r.group === 'ai');
  const tech = ai.find((r) => r.dimension === 'industry')!;
  assert.deepEqual([tech.persons, tech.share, tech.suppressed], [2, 1, false]);
  const master = ai.find((r) => r.category === 'Master')!;
  assert.deepEqual([master.persons, master.share, master.persons_weighted, master.share_weighted, master.suppressed], [null, null, null, null, true]);
});

test('composition: a category of 1 … minCell − 1 persons is blanked, the others published as at --min-cell 0', async () => {
  const open = await run(0);
  const blanked = await run(2);
  assert.ok(blanked.rows.some((r) => r.suppressed) && blanked.rows.some((r) => !r.suppressed));
  const want = open.rows.map((r) =>
    r.persons === 1
      ? { ...r, persons: null, share: null, persons_weighted: null, share_weighted: null, suppressed: true }
      : { ...r, suppressed: false },
  );
  assert.deepEqual(blanked.rows, want);
});

test('composition: integer strata and codes decode to the panel view\'s own GROUP BY (countries, gapped years, groups)', async () => {
  // Several countries and years, a literal `unknown` industry next to a missing one, the
  // industry column chosen by option, a study that skips 2020.
  const pos: PositionRow[] = [
    { uid: 1, startdate: '2018-01-01', enddate: '2020-06-30', country: 'KR', rics_k50: 'tech', naics_code: 'n1', role_k150: 'eng', seniority: 2, weight: 1.5 },
    { uid: 1, startdate: '2020-07-01', country: 'US', rics_k50: 'unknown', naics_code: null, role_k150: 'eng', seniority: 3, weight: 0.25 },
    { uid: 2, startdate: '2019-05-01', country: 'US', rics_k50: null, naics_code: 'unknown', role_k150: null, seniority: 1, weight: 2 },
    { uid: 3, startdate: '2017-01-01', country: 'DE', rics_k50: 'fin', naics_code: 'n2', role_k150: 'analyst', weight: 3 },
    { uid: 3, startdate: '2021-02-01', country: 'KR', rics_k50: 'fin', naics_code: 'n2', role_k150: 'eng', seniority: 4 },
    { uid: 4, startdate: '2016-01-01', country: 'KR', rics_k50: 'tech', naics_code: 'n1', role_k150: 'eng', seniority: 4, weight: 0.5 },
  ];
  const db = await makeDb({
    positions: pos,
    users: [{ uid: 1, highest_degree: 'Master' }, { uid: 2, highest_degree: 'unknown' }, { uid: 3 }, { uid: 4, highest_degree: 'Master' }],
    ai_skills: [{ uid: 1, skill: 'machine learning' }, { uid: 3, skill: 'robotics' }],
  });
  const ctx = makeCtx(db, [2019, 2021, 2022], { minCell: 0, industryColumn: 'naics_code' });
  await buildNeeds(ctx, 'composition');
  const [t] = await measureComposition(ctx);
  const expected = await db.all<Record<string, unknown>>(`
    WITH pan AS (SELECT * FROM panel WHERE year IN (2019, 2021, 2022)),
    tot AS (SELECT country, year, grp, count(*) AS n, sum(weight) AS w FROM pan GROUP BY ALL),
    cats AS (
      SELECT country, year, grp, 'degree' AS dimension, coalesce(highest_degree, 'unknown') AS category, weight FROM pan
      UNION ALL SELECT country, year, grp, 'industry', coalesce(industry, 'unknown'), weight FROM pan
      UNION ALL SELECT country, year, grp, 'role', coalesce(role, 'unknown'), weight FROM pan
      UNION ALL SELECT country, year, grp, 'seniority', coalesce(seniority::VARCHAR, 'unknown'), weight FROM pan)
    SELECT c.country, c.year, c.grp AS "group", c.dimension, c.category, count(*)::INTEGER AS persons,
           count(*) / any_value(t.n) AS share, sum(c.weight) AS persons_weighted, sum(c.weight) / any_value(t.w) AS share_weighted
    FROM cats c JOIN tot t USING (country, year, grp)
    GROUP BY ALL ORDER BY ALL`);
  db.close();
  const got = t!.rows
    .filter((r) => ['degree', 'industry', 'role', 'seniority'].includes(r.dimension as string))
    .map(({ suppressed: _, ...r }) => r)
    .sort((a, b) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b))));
  const want = expected.sort((a, b) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b))));
  assert.ok(want.length > 20 && new Set(want.map((r) => r.country)).size === 3 && new Set(want.map((r) => r.year)).size === 3);
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    assert.deepEqual([g.country, g.year, g.group, g.dimension, g.category, g.persons], [w.country, w.year, w.group, w.dimension, w.category, w.persons]);
    for (const k of ['share', 'persons_weighted', 'share_weighted'] as const)
      assert.ok(Math.abs((g[k] as number) - (w[k] as number)) < 1e-12, `${k} of ${JSON.stringify(g)}`);
  }
  assert.ok(t!.rows.some((r) => r.dimension === 'industry' && r.category === 'unknown'), 'literal and missing unknown merged');
});
