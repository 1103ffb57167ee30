import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeDb, makeCtx, type EducationRow, type PositionRow } from '../../../test/helpers/fixture-db.ts';
import { buildPanel } from '../panel/index.ts';
import { measureComposition, COMPOSITION_COLUMNS } from './index.ts';

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
  await buildPanel(ctx);
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
  assert.deepEqual(t.columns, COMPOSITION_COLUMNS);
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
