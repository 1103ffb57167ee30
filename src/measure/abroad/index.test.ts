import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNeeds, makeDb, makeCtx, type EducationRow, type PositionRow } from '../../../test/helpers/fixture-db.ts';
import { measureAbroad } from './index.ts';
import { ABROAD, ABROAD_SHARE, columnNames } from '../../contract/index.ts';

const positions: PositionRow[] = [
  { uid: 1, startdate: '2015-01-01', country: 'US', weight: 2 }, // origin KR (education), abroad in US
  { uid: 2, startdate: '2016-01-01', country: 'KR' }, // no education: origin = first position KR, at home
  { uid: 3, startdate: '2017-01-01', country: 'JP', weight: null }, // origin KR (education), abroad in JP, weight 1
  { uid: 4, startdate: '2015-01-01', country: 'US' }, // origin US, at home
  { uid: 5, startdate: '2015-01-01', enddate: '2019-06-30', country: 'US' }, // origin KR, no position at 2020
];
const education: EducationRow[] = [
  { uid: 1, university_country: 'KR', startdate: '2008-03-01' },
  { uid: 3, university_country: 'KR', startdate: null },
  { uid: 4, university_country: 'US', startdate: '2010-09-01' },
  { uid: 5, university_country: 'KR', startdate: '2008-03-01' },
];

async function run(minCell: number) {
  const db = await makeDb({ positions, education, users_ai: [{ uid: 1, grp: 'ai' }, { uid: 2, grp: 'ai' }] });
  const ctx = makeCtx(db, [2020], { minCell });
  await buildNeeds(ctx, 'abroad');
  const tables = await measureAbroad(ctx);
  db.close();
  return Object.fromEntries(tables.map((t) => [t.name, t]));
}

test('abroad: users of origin o whose primary position is in d ≠ o', async () => {
  const { abroad } = await run(0);
  assert.deepEqual(abroad!.columns, columnNames(ABROAD));
  assert.deepEqual(
    abroad!.rows.map((r) => [r.origin, r.destination, r.year, r.group, r.persons, r.persons_weighted, r.suppressed]),
    [
      ['KR', 'JP', 2020, 'non_ai', 1, 1, false],
      ['KR', 'US', 2020, 'ai', 1, 2, false],
    ],
  );
});

test('abroad share: abroad / users of the origin with a primary position at t, raw and weighted', async () => {
  const { abroad_share: s } = await run(0);
  assert.deepEqual(s!.columns, columnNames(ABROAD_SHARE));
  const row = (o: string, g: string) => s!.rows.find((r) => r.origin === o && r.group === g)!;
  const pick = (r: Record<string, unknown>) => [
    r.persons, r.persons_abroad, r.share_abroad, r.persons_weighted, r.persons_abroad_weighted, r.share_abroad_weighted,
  ];
  // KR ai: uid 1 (US, w 2) and uid 2 (home, w 1); uid 5 has no primary position at 2020.
  assert.deepEqual(pick(row('KR', 'ai')), [2, 1, 1 / 2, 3, 2, 2 / 3]);
  assert.deepEqual(pick(row('KR', 'non_ai')), [1, 1, 1, 1, 1, 1]);
  assert.deepEqual(pick(row('US', 'non_ai')), [1, 0, 0, 1, 0, 0]);
  assert.deepEqual(pick(row('US', 'ai')), [0, 0, null, 0, 0, null]);
  assert.deepEqual(s!.rows.map((r) => r.origin), ['JP', 'JP', 'KR', 'KR', 'US', 'US']);
});

test('abroad share: a small denominator or numerator blanks the row', async () => {
  const { abroad, abroad_share: s } = await run(2);
  assert.ok(abroad!.rows.every((r) => r.persons === null && r.suppressed === true));
  const kr = s!.rows.find((r) => r.origin === 'KR' && r.group === 'ai')!;
  assert.deepEqual([kr.persons, kr.persons_abroad, kr.share_abroad, kr.share_abroad_weighted, kr.suppressed], [null, null, null, null, true]);
  const us = s!.rows.find((r) => r.origin === 'US' && r.group === 'ai')!;
  assert.equal(us.suppressed, false);
});
