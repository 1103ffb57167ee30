import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNeeds, makeDb, makeCtx, type PositionRow } from '../../../test/helpers/fixture-db.ts';
import { measureMobility, MissingHqCountryError, UNKNOWN_HQ } from './index.ts';
import { MOBILITY, columnNames } from '../../contract/index.ts';

const positions: PositionRow[] = [
  // uid 1 (ai): a domestic change in 2020, a move to US in 2021.
  { uid: 1, startdate: '2018-01-01', enddate: '2020-02-29', country: 'KR' },
  { uid: 1, startdate: '2020-03-01', enddate: '2021-01-31', country: 'KR' },
  { uid: 1, startdate: '2021-02-01', country: 'US' },
  // uid 2 (ai): stays in one job.
  { uid: 2, startdate: '2019-01-01', country: 'KR' },
  // uid 3: ends 30 Dec 2019 (so not in KR's 2019 stock), then a job in JP in 2020: a foreign job change from KR.
  { uid: 3, startdate: '2019-06-01', enddate: '2019-12-30', country: 'KR' },
  { uid: 3, startdate: '2020-01-15', country: 'JP' },
  // uid 4: first job ever in 2020: not a job change, not in the 2019 stock.
  { uid: 4, startdate: '2020-05-01', country: 'KR' },
  // uid 5: an overlapping second job in KR in 2021 (the old one stays open).
  { uid: 5, startdate: '2015-01-01', country: 'KR' },
  { uid: 5, startdate: '2021-01-01', country: 'KR' },
];

async function run(minCell: number, years = [2020, 2021]) {
  const db = await makeDb({ positions, users_ai: [{ uid: 1, grp: 'ai' }, { uid: 2, grp: 'ai' }] });
  const ctx = makeCtx(db, years, { minCell });
  await buildNeeds(ctx, 'mobility');
  const [t] = await measureMobility(ctx);
  const leftover = await db.hasTable('panel_prev');
  db.close();
  return { t: t!, leftover };
}

const row = (rows: Record<string, unknown>[], c: string, y: number, g: string) =>
  rows.find((r) => r.country === c && r.year === y && r.group === g)!;
const rates = (r: Record<string, unknown>) => [r.turnover_rate, r.foreign_job_change_share, r.net_per_10k, r.suppressed];

test('mobility: turnover, foreign job-change share and net per 10,000 from the definitions', async () => {
  const { t, leftover } = await run(0);
  assert.deepEqual(t.columns, columnNames(MOBILITY));
  assert.equal(leftover, false);
  assert.equal(t.rows.length, 3 * 2 * 2);
  // Stocks: 2019 KR = {1, 2, 5}; 2020 KR = {1, 2, 4, 5}, JP = {3}; 2021 KR = {2, 4, 5}, JP = {3}, US = {1}.
  // KR 2020 ai: base {1, 2} (2019, built for the year before the first), mover 1; one job change from KR (domestic).
  assert.deepEqual(rates(row(t.rows, 'KR', 2020, 'ai')), [1 / 2, 0, 0, false]);
  // KR 2020 non_ai: base {5}, no mover; the change KR→JP is foreign; net −1 over 4 KR users.
  assert.deepEqual(rates(row(t.rows, 'KR', 2020, 'non_ai')), [0, 1, (-1 / 4) * 10000, false]);
  // KR 2021 ai: base {1, 2}, mover 1 (to US); the change is foreign; net −1 over 3.
  assert.deepEqual(rates(row(t.rows, 'KR', 2021, 'ai')), [1 / 2, 1, (-1 / 3) * 10000, false]);
  // KR 2021 non_ai: base {4, 5}, mover 5 (an overlapping new job counts); domestic change.
  assert.deepEqual(rates(row(t.rows, 'KR', 2021, 'non_ai')), [1 / 2, 0, 0, false]);
  // JP: no base in 2020; in 2021 uid 3 stays. No job changes from JP. Net +1 over 1 user in 2020.
  assert.deepEqual(rates(row(t.rows, 'JP', 2020, 'non_ai')), [null, null, 10000, false]);
  assert.deepEqual(rates(row(t.rows, 'JP', 2021, 'non_ai')), [0, null, 0, false]);
  // US: nobody at 2020 (net undefined), the ai inflow in 2021.
  assert.deepEqual(rates(row(t.rows, 'US', 2020, 'ai')), [null, null, null, false]);
  assert.deepEqual(rates(row(t.rows, 'US', 2021, 'ai')), [null, null, 10000, false]);
});

test('mobility: a row is withheld whole when a count of one of its rates is small', async () => {
  const { t } = await run(2);
  // KR 2020 ai: turnover 1 of 2 and foreign 0 of 1 job change are small: the row goes, net (0 in, 0 out, 4 users) with it.
  assert.deepEqual(rates(row(t.rows, 'KR', 2020, 'ai')), [null, null, null, true]);
  // KR 2021 non_ai: turnover 1 of 2, 1 job change: withheld whole.
  assert.deepEqual(rates(row(t.rows, 'KR', 2021, 'non_ai')), [null, null, null, true]);
  // US 2020 ai: nothing to publish, nothing suppressed.
  assert.deepEqual(rates(row(t.rows, 'US', 2020, 'ai')), [null, null, null, false]);
  // min_cell 0 never suppresses.
  const { t: t0 } = await run(0);
  assert.ok(t0.rows.every((r) => r.suppressed === false));
});

test('mobility: a study year after a gap takes its t − 1 stock from a panel built for that year', async () => {
  const { t } = await run(0, [2019, 2021]);
  // KR 2021 as with contiguous years: base at 2020 {1, 2} (ai) and {4, 5} (non_ai).
  assert.deepEqual(rates(row(t.rows, 'KR', 2021, 'ai')), [1 / 2, 1, (-1 / 3) * 10000, false]);
  assert.deepEqual(rates(row(t.rows, 'KR', 2021, 'non_ai')), [1 / 2, 0, 0, false]);
});

// --foreign-by employer: the same careers, with employers. uid 1's 2020 change stays in KR
// but joins a US-headquartered firm (u1); its 2021 move joins another (u2). uid 3's move to
// JP joins a Korean firm's office there (k2). uid 5's second job is at a firm missing from
// company_mapping (x9), uid 4's at one without a headquarters (n1): unknown.
const RCID = ['k1', 'u1', 'u2', 'k1', 'k1', 'k2', 'n1', 'k1', 'x9'];
const withFirms: PositionRow[] = positions.map((p, i) => ({ ...p, rcid: RCID[i]! }));
const companies = [
  { rcid: 'k1', hq_country: 'KR' }, { rcid: 'k2', hq_country: 'KR' }, { rcid: 'u1', hq_country: 'US' },
  { rcid: 'u2', hq_country: 'US' }, { rcid: 'n1', hq_country: null },
];

async function runEmployer(foreignBy: 'location' | 'employer', comp: Record<string, string | null>[] = companies) {
  const db = await makeDb({ positions: withFirms, companies: comp, users_ai: [{ uid: 1, grp: 'ai' }, { uid: 2, grp: 'ai' }] });
  const ctx = { ...makeCtx(db, [2020, 2021], { minCell: 0, foreignBy }), counts: {} as Record<string, number> };
  try {
    await buildNeeds(ctx, 'mobility');
    const [t] = await measureMobility(ctx);
    return { t: t!, counts: ctx.counts };
  } finally {
    db.close();
  }
}

test('mobility --foreign-by employer: foreign = the new employer is headquartered abroad; unknown headquarters counted apart', async () => {
  const loc = await runEmployer('location');
  const emp = await runEmployer('employer');
  const share = (t: typeof emp.t, c: string, y: number, g: string) => row(t.rows, c, y, g).foreign_job_change_share;
  // location (today's rule): KR 2020 ai domestic, non_ai to JP foreign; 2021 ai to US foreign, non_ai domestic.
  assert.deepEqual([share(loc.t, 'KR', 2020, 'ai'), share(loc.t, 'KR', 2020, 'non_ai'), share(loc.t, 'KR', 2021, 'ai'), share(loc.t, 'KR', 2021, 'non_ai')], [0, 1, 1, 0]);
  assert.deepEqual(loc.counts, {}, 'nothing is counted apart under location');
  // employer: KR 2020 ai joins u1 (US): foreign; non_ai joins k2 (KR) in JP: domestic; 2021 ai joins u2 (US): foreign;
  // 2021 non_ai joins x9 (not in company_mapping): left out, so no share.
  assert.deepEqual([share(emp.t, 'KR', 2020, 'ai'), share(emp.t, 'KR', 2020, 'non_ai'), share(emp.t, 'KR', 2021, 'ai'), share(emp.t, 'KR', 2021, 'non_ai')], [1, 0, 1, null]);
  // uid 4's first job (n1, no headquarters) is not a job change; x9 is the one unknown change.
  assert.deepEqual(emp.counts, { [UNKNOWN_HQ]: 1 });
  // The other rates keep their location meaning.
  for (const k of ['turnover_rate', 'net_per_10k'])
    assert.deepEqual(emp.t.rows.map((r) => r[k]), loc.t.rows.map((r) => r[k]), k);
});

test('mobility --foreign-by employer without company_mapping or its hq_country: a usage error naming the column', async () => {
  await assert.rejects(runEmployer('employer', []), (e: Error) => e instanceof MissingHqCountryError && /company_mapping/.test(e.message) && /hq_country/.test(e.message));
  await assert.rejects(runEmployer('employer', [{ rcid: 'k1' }]), (e: Error) => e instanceof MissingHqCountryError && /hq_country/.test(e.message) && /lacks/.test(e.message));
  // location does not need it.
  assert.ok((await runEmployer('location', [])).t.rows.length > 0);
});
