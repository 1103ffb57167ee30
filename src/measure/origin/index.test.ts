import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeDb, makeCtx, type EducationRow, type PositionRow } from '../../../test/helpers/fixture-db.ts';
import { buildOrigins } from './index.ts';
import type { StudyOptions } from '../../study/options.ts';

async function origins(positions: PositionRow[], education: EducationRow[], rule: StudyOptions['originRule']) {
  const db = await makeDb({ positions, education });
  await buildOrigins(makeCtx(db, [2020], { originRule: rule }));
  const rows = await db.all<{ uid: number; origin: string }>('select uid, origin from origins order by uid');
  db.close();
  return Object.fromEntries(rows.map((r) => [r.uid, r.origin]));
}

// Each user's first position is in a country no education record names, so fallbacks show.
const pos: PositionRow[] = [
  { uid: 1, startdate: '2015-01-01', country: 'SG' },
  { uid: 2, startdate: '2015-01-01', country: 'SG' },
  { uid: 3, startdate: '2016-01-01', country: 'CA', pid_rank: 20 },
  { uid: 3, startdate: '2016-01-01', country: 'AU', pid_rank: 10 },
  { uid: 4, startdate: '2015-01-01', country: 'NZ' },
];

test('origin first-education: earliest dated record, undated after dated, then education_number; fallbacks', async () => {
  const edu: EducationRow[] = [
    { uid: 1, education_number: 1, university_country: 'US', startdate: null },
    { uid: 1, education_number: 3, university_country: 'KR', startdate: '2010-09-01' },
    { uid: 1, education_number: 2, university_country: 'JP', startdate: '2010-09-01' },
    { uid: 1, education_number: 0, university_country: null, startdate: '2001-09-01' }, // not usable
    { uid: 2, education_number: 2, university_country: 'GB' }, // undated only: by education_number
    { uid: 2, education_number: 1, university_country: 'FR' },
    { uid: 4, education_number: 1, university_country: null, startdate: '2010-01-01' },
  ];
  assert.deepEqual(await origins(pos, edu, 'first-education'), {
    1: 'JP', // 2010-09-01 tie broken by education_number 2 < 3; the undated US record comes after
    2: 'FR',
    3: 'AU', // no education: first position, startdate tie broken by the smaller pid_rank
    4: 'NZ', // only a record without country: first position
  });
});

test('origin first-position: first position by (startdate, pid_rank), ignoring education', async () => {
  const edu: EducationRow[] = [{ uid: 1, university_country: 'US', startdate: '2000-01-01' }];
  assert.deepEqual(await origins(pos, edu, 'first-position'), { 1: 'SG', 2: 'SG', 3: 'AU', 4: 'NZ' });
});

test('origin bachelor: the first Bachelor record by its degree text, else the first position', async () => {
  const edu: EducationRow[] = [
    { uid: 1, degree: 'MBA', university_country: 'DE', startdate: '2008-09-01' },
    { uid: 1, degree: 'B.Sc. Computer Science', university_country: 'CN', startdate: '2010-09-01' },
    { uid: 1, degree: "Bachelor's degree", university_country: 'IN', startdate: '2012-09-01' },
    { uid: 2, degree: '공학 학사', university_country: 'KR', startdate: null },
    { uid: 2, degree: 'Master of Science', university_country: 'US', startdate: '2005-09-01' },
    { uid: 3, degree: 'Abitur', university_country: 'DE', startdate: '2000-09-01' },
    { uid: 3, degree: 'MSc', university_country: 'NL', startdate: '2004-09-01' },
    { uid: 4, degree: 'BA/MA Economics', university_country: 'IT', startdate: '2004-09-01' },
  ];
  assert.deepEqual(await origins(pos, edu, 'bachelor'), { 1: 'CN', 2: 'KR', 3: 'AU', 4: 'IT' });
});

test('origin modal: most position-years (open-ended to the data snapshot), ties to the country entered first', async () => {
  const p: PositionRow[] = [
    // uid 1: KR 2000-2005 (1827 days), US 2005 → snapshot 2012-01-01 (2556 days)
    { uid: 1, startdate: '2000-01-01', enddate: '2005-01-01', country: 'KR' },
    { uid: 1, startdate: '2005-01-01', country: 'US' },
    // uid 2: GB 2 years + 2 years (two spells) beats DE 3 years
    { uid: 2, startdate: '2000-01-01', enddate: '2002-01-01', country: 'GB' },
    { uid: 2, startdate: '2002-01-01', enddate: '2005-01-01', country: 'DE' },
    { uid: 2, startdate: '2005-01-01', enddate: '2007-01-01', country: 'GB' },
    // uid 3: 59 days in FR and 59 in ES: FR was entered first
    { uid: 3, startdate: '2001-01-01', enddate: '2001-03-01', country: 'FR' },
    { uid: 3, startdate: '2001-03-01', enddate: '2001-04-29', country: 'ES' },
    { uid: 4, startdate: '2011-06-01', enddate: '2012-01-01', country: 'NZ' },
  ];
  assert.deepEqual(await origins(p, [], 'modal'), { 1: 'US', 2: 'GB', 3: 'FR', 4: 'NZ' });
});
