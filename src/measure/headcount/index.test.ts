import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNeeds, makeDb, makeCtx, type PositionRow } from '../../../test/helpers/fixture-db.ts';
import { measureHeadcount } from './index.ts';
import { HEADCOUNT, columnNames } from '../../contract/index.ts';

const positions: PositionRow[] = [
  { uid: 1, startdate: '2019-01-01', country: 'KR', weight: 2 }, // open-ended
  { uid: 2, startdate: '2020-05-01', enddate: '2020-12-31', country: 'KR', weight: null }, // active at 2020 only, weight 1
  { uid: 3, startdate: '2020-01-01', enddate: '2020-12-30', country: 'KR', weight: 7 }, // never active at a year end
  { uid: 4, startdate: '2018-01-01', country: 'US', weight: 0.5 },
];
const users_ai = [{ uid: 1, grp: 'ai' as const }, { uid: 2, grp: 'ai' as const }];

async function run(minCell: number) {
  const db = await makeDb({ positions, users_ai });
  const ctx = makeCtx(db, [2020, 2021], { minCell });
  await buildNeeds(ctx, 'headcount');
  const [t] = await measureHeadcount(ctx);
  db.close();
  return t!;
}

test('headcount: persons and weighted persons by country, year and group, zero rows included', async () => {
  const t = await run(0);
  assert.equal(t.name, 'headcount');
  assert.deepEqual(t.columns, columnNames(HEADCOUNT));
  const got = t.rows.map((r) => [r.country, r.year, r.group, r.persons, r.persons_weighted, r.suppressed]);
  assert.deepEqual(got, [
    ['KR', 2020, 'ai', 2, 2 + 1, false],
    ['KR', 2020, 'non_ai', 0, 0, false],
    ['KR', 2021, 'ai', 1, 2, false],
    ['KR', 2021, 'non_ai', 0, 0, false],
    ['US', 2020, 'ai', 0, 0, false],
    ['US', 2020, 'non_ai', 1, 0.5, false],
    ['US', 2021, 'ai', 0, 0, false],
    ['US', 2021, 'non_ai', 1, 0.5, false],
  ]);
});

test('headcount: cells of 1 … min_cell−1 persons are blanked and flagged; zeros are not', async () => {
  const t = await run(2);
  const got = t.rows.map((r) => [r.country, r.year, r.group, r.persons, r.persons_weighted, r.suppressed]);
  assert.deepEqual(got, [
    ['KR', 2020, 'ai', 2, 3, false],
    ['KR', 2020, 'non_ai', 0, 0, false],
    ['KR', 2021, 'ai', null, null, true],
    ['KR', 2021, 'non_ai', 0, 0, false],
    ['US', 2020, 'ai', 0, 0, false],
    ['US', 2020, 'non_ai', null, null, true],
    ['US', 2021, 'ai', 0, 0, false],
    ['US', 2021, 'non_ai', null, null, true],
  ]);
});
