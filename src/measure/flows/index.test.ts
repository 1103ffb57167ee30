import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNeeds, makeDb, makeCtx, type PositionRow } from '../../../test/helpers/fixture-db.ts';
import { measureFlows } from './index.ts';
import { BILATERAL_FLOWS, FLOWS, columnNames } from '../../contract/index.ts';

const positions: PositionRow[] = [
  // uid 1 (ai): leaves KR in 2019 and returns home in 2021: two moves.
  { uid: 1, pid_rank: 1, startdate: '2015-01-01', enddate: '2019-02-28', country: 'KR', weight: 5 },
  { uid: 1, pid_rank: 2, startdate: '2019-03-01', enddate: '2021-05-31', country: 'US', weight: 3 },
  { uid: 1, pid_rank: 3, startdate: '2021-06-01', country: 'KR', weight: 2 },
  // uid 2 (non_ai): a domestic change (no move), then two jobs starting the same day, ordered by pid_rank.
  { uid: 2, pid_rank: 4, startdate: '2010-01-01', country: 'KR' },
  { uid: 2, pid_rank: 5, startdate: '2010-06-01', country: 'JP' }, // a 2010 move: outside the study years
  { uid: 2, pid_rank: 6, startdate: '2019-01-01', country: 'JP' },
  { uid: 2, pid_rank: 8, startdate: '2020-01-01', country: 'CN' },
  { uid: 2, pid_rank: 7, startdate: '2020-01-01', country: 'KR' },
  // uid 3 (non_ai): a move into KR with a missing weight (counts 1).
  { uid: 3, pid_rank: 9, startdate: '2019-05-01', enddate: '2019-06-30', country: 'US' },
  { uid: 3, pid_rank: 10, startdate: '2019-07-01', country: 'KR', weight: null },
];
// Moves in 2019–2021 (from the definitions):
//   ai:     KR→US 2019 (left w 5, taken w 3), US→KR 2021 (left w 3, taken w 2)
//   non_ai: JP→KR 2020 (pid 7 before 8), KR→CN 2020, US→KR 2019 (w 1)

async function run(minCell: number) {
  const db = await makeDb({ positions, users_ai: [{ uid: 1, grp: 'ai' }] });
  const ctx = makeCtx(db, [2019, 2020, 2021], { minCell });
  await buildNeeds(ctx, 'flows');
  const tables = await measureFlows(ctx);
  db.close();
  return Object.fromEntries(tables.map((t) => [t.name, t]));
}

test('flows: inflow, outflow, net (raw and weighted on the country\'s side), every country × year × group', async () => {
  const { flows } = await run(0);
  assert.deepEqual(flows!.columns, columnNames(FLOWS));
  assert.equal(flows!.rows.length, 4 * 3 * 2); // CN JP KR US × 2019–2021 × ai/non_ai
  const key = (r: Record<string, unknown>) => `${r.country} ${r.year} ${r.group}`;
  const nz = flows!.rows
    .filter((r) => r.inflow !== 0 || r.outflow !== 0)
    .map((r) => [key(r), r.inflow, r.outflow, r.net, r.inflow_weighted, r.outflow_weighted, r.net_weighted]);
  assert.deepEqual(nz, [
    ['CN 2020 non_ai', 1, 0, 1, 1, 0, 1],
    ['JP 2020 non_ai', 0, 1, -1, 0, 1, -1],
    ['KR 2019 ai', 0, 1, -1, 0, 5, -5], // the outflow weighs the position left in KR (5), not the one taken abroad (3)
    ['KR 2019 non_ai', 1, 0, 1, 1, 0, 1],
    ['KR 2020 non_ai', 1, 1, 0, 1, 1, 0],
    ['KR 2021 ai', 1, 0, 1, 2, 0, 2],
    ['US 2019 ai', 1, 0, 1, 3, 0, 3],
    ['US 2019 non_ai', 0, 1, -1, 0, 1, -1],
    ['US 2021 ai', 0, 1, -1, 0, 3, -3],
  ]);
  assert.ok(flows!.rows.every((r) => r.suppressed === false));
});

test('flows: bilateral moves weighted by the origin and by the destination position, only pairs with a move', async () => {
  const { bilateral_flows: b } = await run(0);
  assert.deepEqual(b!.columns, columnNames(BILATERAL_FLOWS));
  assert.deepEqual(
    b!.rows.map((r) => [r.origin, r.destination, r.year, r.group, r.moves, r.moves_weighted_origin, r.moves_weighted_destination, r.suppressed]),
    [
      ['JP', 'KR', 2020, 'non_ai', 1, 1, 1, false],
      ['KR', 'CN', 2020, 'non_ai', 1, 1, 1, false],
      ['KR', 'US', 2019, 'ai', 1, 5, 3, false],
      ['US', 'KR', 2019, 'non_ai', 1, 1, 1, false],
      ['US', 'KR', 2021, 'ai', 1, 3, 2, false],
    ],
  );
});

test('flows: a small inflow or outflow blanks the whole row (net would reveal it)', async () => {
  const { flows, bilateral_flows: b } = await run(2);
  const kr2020 = flows!.rows.find((r) => r.country === 'KR' && r.year === 2020 && r.group === 'non_ai')!;
  assert.deepEqual(
    [kr2020.inflow, kr2020.outflow, kr2020.net, kr2020.inflow_weighted, kr2020.outflow_weighted, kr2020.net_weighted, kr2020.suppressed],
    [null, null, null, null, null, null, true],
  );
  const zero = flows!.rows.find((r) => r.country === 'CN' && r.year === 2019 && r.group === 'ai')!;
  assert.deepEqual([zero.inflow, zero.outflow, zero.net, zero.suppressed], [0, 0, 0, false]);
  assert.ok(b!.rows.every((r) => r.moves === null && r.moves_weighted_origin === null && r.moves_weighted_destination === null && r.suppressed === true));
});

test('flows: a country\'s weighted outflow sums the origin weights of its bilateral rows, its inflow the destination weights', async () => {
  const { flows, bilateral_flows: b } = await run(0);
  const sum = (col: string, side: string) => {
    const m = new Map<string, number>();
    for (const r of b!.rows) {
      const k = `${r[side]} ${r.year} ${r.group}`;
      m.set(k, (m.get(k) ?? 0) + (r[col] as number));
    }
    return m;
  };
  const out = sum('moves_weighted_origin', 'origin');
  const inn = sum('moves_weighted_destination', 'destination');
  for (const r of flows!.rows) {
    const k = `${r.country} ${r.year} ${r.group}`;
    assert.equal(r.outflow_weighted, out.get(k) ?? 0, k);
    assert.equal(r.inflow_weighted, inn.get(k) ?? 0, k);
  }
});
