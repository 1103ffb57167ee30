import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Db, sql } from '../../db/index.ts';
import { studyOptions, type StudyOptions } from '../../study/options.ts';
import type { StudyContext } from '../../study/context.ts';
import { buildAbroadGapSample, measureAbroadGap, rawGapPp, uidRanges } from './index.ts';
import { ABROAD_GAP, columnNames } from '../../contract/index.ts';
import { addPositionsFromPanel, createPanel, randomPanel, type PanelRow } from '../../../test/helpers/premium/fixture.ts';
import { referenceOls } from '../../../test/helpers/premium/reference-ols.ts';
import { simulatePanel } from '../../../test/helpers/premium/simulate.ts';
import { buildNeeds, makeCtx, makeDb, type PositionRow } from '../../../test/helpers/fixture-db.ts';

const rel = (a: unknown, b: number, tol = 1e-6) =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(1e-8, Math.abs(b)), `${String(a)} ≠ ${b}`);
const ctxOf = (db: Db, years: number[], o: Partial<StudyOptions> = {}): StudyContext => ({
  db, options: studyOptions({ minCell: 0, ...o }), years,
});

/** `panel` from rows, with the `positions` and `panel_codes` the abroad-gap sample reads beside it. */
async function createPanelWithPositions(db: Db, rows: readonly PanelRow[]): Promise<void> {
  await createPanel(db, rows);
  await addPositionsFromPanel(db);
}

function person(uid: number, seniority: number, ai: boolean, abroad: boolean, extra: Partial<PanelRow> = {}): PanelRow {
  return {
    uid, year: 2020, origin: 'KR', country: abroad ? 'US' : 'KR', rcid: 'f', role: 'r', industry: 'i', seniority,
    salary: 1, exp_years: 3, start_year: 2019, is_ai: ai, highest_degree: 'Master', ...extra,
  };
}

test('abroad gap recovers a known γ: AI users are 50 points more likely abroad within each seniority', async () => {
  const db = await Db.open();
  // seniority 1: AI 3/4 abroad, non-AI 1/4; seniority 2: AI 2/4, non-AI 0/4 → γ = 0.5 exactly
  const flags: [number, boolean, boolean[]][] = [
    [1, true, [true, true, true, false]], [1, false, [true, false, false, false]],
    [2, true, [true, true, false, false]], [2, false, [false, false, false, false]],
  ];
  const rows: PanelRow[] = [];
  let uid = 0;
  for (const [sen, ai, abroad] of flags) for (const a of abroad) rows.push(person(uid++, sen, ai, a));
  rows.push(person(uid++, 1, true, true, { origin: null })); // no origin: out of the sample
  rows.push(person(uid++, 1, true, true, { origin: 'JP', country: 'US' })); // JP has no non-AI user: no row
  await createPanelWithPositions(db, rows);
  const [gap] = await measureAbroadGap(ctxOf(db, [2020]));
  assert.deepEqual(gap!.columns, columnNames(ABROAD_GAP));
  assert.equal(gap!.rows.length, 1);
  const r = gap!.rows[0]!;
  assert.equal(r.origin, 'KR');
  assert.equal(r.year, 2020);
  rel(r.estimate_pp, 50, 1e-9);
  // raw gap by hand: AI 5 of 8 abroad, non-AI 1 of 8 (weights all 1)
  rel(r.raw_gap_pp, 100 * (5 / 8 - 1 / 8), 1e-12);
  rel(r.raw_gap_weighted_pp, 100 * (5 / 8 - 1 / 8), 1e-12);
  assert.equal(r.note, null);
  assert.equal(r.n, 16);
  assert.equal(r.n_ai, 8);
  assert.ok((r.ci_low as number) < 50 && 50 < (r.ci_high as number));
  db.close();
});

test('abroad gap is blank when AI is absorbed by a fixed effect (no seniority level mixes the groups)', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  for (let i = 0; i < 12; i++) rows.push(person(i, i < 5 ? 1 : 2, i < 5, i % 3 === 0, { exp_years: i % 4 }));
  await createPanelWithPositions(db, rows);
  const [gap] = await measureAbroadGap(ctxOf(db, [2020]));
  assert.deepEqual([gap!.rows[0]?.estimate_pp, gap!.rows[0]?.n, gap!.rows[0]?.n_ai, gap!.rows[0]?.note], [null, 12, 5, 'absorbed_by:seniority']);
  // one AI user in seniority 2 makes a mixed level: γ is identified again
  rows[11] = person(11, 2, true, true, { exp_years: 3 });
  await createPanelWithPositions(db, rows);
  const [again] = await measureAbroadGap(ctxOf(db, [2020]));
  assert.equal(typeof again!.rows[0]?.estimate_pp, 'number');
  assert.equal(again!.rows[0]?.note, null);
  db.close();
});

test('abroad gap is blank when AI is absorbed by the missing role level (NULL role only AI, other roles only non-AI)', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  for (let i = 0; i < 12; i++) rows.push(person(i, 1 + (i % 2), i < 4, i % 3 === 0, { role: i < 4 ? null : `r${i % 2}`, exp_years: i % 5 }));
  await createPanelWithPositions(db, rows);
  const [gap] = await measureAbroadGap(ctxOf(db, [2020]));
  assert.deepEqual([gap!.rows[0]?.estimate_pp, gap!.rows[0]?.se, gap!.rows[0]?.n, gap!.rows[0]?.n_ai, gap!.rows[0]?.note], [null, null, 12, 4, 'absorbed_by:role']);
  // one non-AI user without a role mixes the NULL level: γ is identified again
  rows[11] = person(11, 2, false, true, { role: null, exp_years: 3 });
  await createPanelWithPositions(db, rows);
  const [again] = await measureAbroadGap(ctxOf(db, [2020]));
  assert.equal(typeof again!.rows[0]?.estimate_pp, 'number');
  assert.equal(again!.rows[0]?.note, null);
  db.close();
});

test('abroad gap matches a dense reference LPM with HC1 errors; suppression on small cells', async () => {
  const db = await Db.open();
  const { rows } = randomPanel(3, ['AA', 'BB'], [2020, 2021], 80);
  await createPanelWithPositions(db, rows);
  const u = (v: string | number | null) => (v === null || String(v).trim() === '' ? 'unknown' : String(v));
  const data = rows
    .filter((r) => r.origin === 'BB' && r.year === 2021)
    .map((r) => ({
      abroad: r.country !== r.origin ? 1 : 0, ai: r.is_ai ? 1 : 0, exp: r.exp_years, exp2: r.exp_years ** 2,
      seniority: u(r.seniority), role: u(r.role), highest_degree: u(r.highest_degree),
    }));
  const ref = referenceOls(data, { y: 'abroad', x: ['ai', 'exp', 'exp2'], fe: ['seniority', 'role', 'highest_degree'], vcov: 'hetero' });
  const [gap] = await measureAbroadGap(ctxOf(db, [2020, 2021]));
  const got = gap!.rows.find((r) => r.origin === 'BB' && r.year === 2021);
  rel(got?.estimate_pp, 100 * ref.coef.ai!);
  rel(got?.se, 100 * ref.se.ai!);
  assert.equal(got?.n, data.length);
  assert.deepEqual(gap!.rows.map((r) => `${r.origin}|${r.year}`), ['AA|2020', 'AA|2021', 'BB|2020', 'BB|2021']);

  const nAi = data.filter((d) => d.ai === 1).length;
  const [small] = await measureAbroadGap(ctxOf(db, [2021], { minCell: nAi + 1 }));
  const s = small!.rows.find((r) => r.origin === 'BB');
  assert.deepEqual([s?.estimate_pp, s?.se, s?.n, s?.n_ai, s?.suppressed], [null, null, null, null, true]);
  assert.equal(await db.hasTable('tf_abroad_gap_sample'), false);
  db.close();
});

test('abroad gap: seeded simulated panel with γ = 20 points is recovered within 3 SE', async () => {
  const db = await Db.open();
  await simulatePanel(db, { countries: ['AA', 'BB', 'CC'], betas: [0.1, 0.1, 0.1], users: 15000, year0: 2020, years: 1, pAi: 0.2, gamma: 0.2, seed: 5 });
  await addPositionsFromPanel(db);
  const [gap] = await measureAbroadGap(ctxOf(db, [2020], { minCell: 10 }));
  assert.equal(gap!.rows.length, 3);
  for (const r of gap!.rows) {
    assert.ok(typeof r.estimate_pp === 'number' && typeof r.se === 'number');
    assert.ok(Math.abs(r.estimate_pp - 20) < 3 * r.se, `${r.origin}: ${r.estimate_pp} (se ${r.se})`);
  }
  db.close();
});

test('raw gaps by hand (unweighted and weighted); disclosure blanks the raw gaps when a group has few persons abroad', async () => {
  const db = await Db.open();
  // AI: abroad [1, 1, 0, 0] with weights [1, 3, 1, 1]; non-AI: abroad [1, 0, 0, 0] with weights [2, 1, 1, 2]
  const ai: [boolean, number][] = [[true, 1], [true, 3], [false, 1], [false, 1]];
  const non: [boolean, number][] = [[true, 2], [false, 1], [false, 1], [false, 2]];
  const rows: PanelRow[] = [];
  let uid = 0;
  for (const [abroad, weight] of ai) rows.push(person(uid++, 1 + (uid % 2), true, abroad, { weight, exp_years: uid % 3 }));
  for (const [abroad, weight] of non) rows.push(person(uid++, 1 + (uid % 2), false, abroad, { weight, exp_years: uid % 3 }));
  await createPanelWithPositions(db, rows);
  const [gap] = await measureAbroadGap(ctxOf(db, [2020]));
  const r = gap!.rows[0]!;
  rel(r.raw_gap_pp, 100 * (2 / 4 - 1 / 4), 1e-12);
  rel(r.raw_gap_weighted_pp, 100 * (4 / 6 - 2 / 6), 1e-12);
  // min-cell 3: every group has 4 persons, but 2 AI and 1 non-AI abroad → the raw gaps would
  // reveal those small counts: the row is withheld (a rule that fires withholds the whole row)
  const [small] = await measureAbroadGap(ctxOf(db, [2020], { minCell: 3 }));
  const s = small!.rows[0]!;
  assert.deepEqual([s.raw_gap_pp, s.raw_gap_weighted_pp, s.estimate_pp, s.n, s.n_ai, s.suppressed], [null, null, null, null, null, true]);
  // at min-cell 1 no count is small: published
  const [two] = await measureAbroadGap(ctxOf(db, [2020], { minCell: 1 }));
  assert.equal(two!.rows[0]!.estimate_pp, r.estimate_pp);
  db.close();
});

/** The constructed world of test/fixtures/r/abroad-gap.R: CSV rows as objects (no quoted commas in it). */
function readCsv(name: string): Record<string, string>[] {
  const text = readFileSync(new URL(`../../../test/fixtures/r/abroad-gap/${name}`, import.meta.url), 'utf8').trim();
  const [head, ...lines] = text.split('\n').map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
  return lines.map((cells) => Object.fromEntries(head!.map((h, i) => [h, cells[i] ?? ''])));
}

test('abroad gap: controls from the last home-country position, as R computes (lm + sandwich HC1) on a constructed world', async () => {
  const ref = JSON.parse(readFileSync(new URL('../../../test/fixtures/r/abroad-gap/results.json', import.meta.url), 'utf8')) as {
    n: number; n_ai: number; home: { estimate: number; se: number; df: number }; home_weighted: { estimate: number; se: number; df: number };
    current: { estimate: number; se: number }; raw_gap: number; raw_gap_weighted: number;
  };
  const v = (x: string | undefined) => (x === undefined || x === '' ? null : x);
  const positions: PositionRow[] = readCsv('positions.csv').map((r) => ({
    uid: Number(r.uid), position_id: r.position_id!, pid_rank: Number(r.pid_rank), startdate: r.startdate!, enddate: v(r.enddate),
    country: r.country!, role_k150: v(r.role_k150), seniority: r.seniority ? Number(r.seniority) : null, weight: Number(r.weight),
  }));
  const users = readCsv('users.csv').map((r) => ({ uid: Number(r.uid), highest_degree: v(r.highest_degree) }));
  const education = readCsv('education.csv').map((r) => ({
    uid: Number(r.uid), university_country: r.university_country!, degree: r.degree!, startdate: r.startdate!, enddate: r.enddate!,
  }));
  const usersAi = readCsv('ai.csv').map((r) => ({ uid: Number(r.uid), is_ai: r.is_ai === 'TRUE' }));
  const db = await makeDb({ positions, users, education, users_ai: usersAi });
  const ctx = makeCtx(db, [2020], { minCell: 0 });
  await buildNeeds(ctx, 'abroad_gap');
  // the world is built so that the current job's controls give another γ than the home ones
  assert.ok(Math.abs(ref.home.estimate - ref.current.estimate) > 0.02);

  const [gap] = await measureAbroadGap(ctx);
  const kr = gap!.rows.find((r) => r.origin === 'KR' && r.year === 2020);
  assert.ok(kr);
  assert.deepEqual([kr.n, kr.n_ai], [ref.n, ref.n_ai]);
  rel(kr.estimate_pp, 100 * ref.home.estimate);
  rel(kr.se, 100 * ref.home.se);
  assert.equal(kr.df, ref.home.df);
  rel(kr.raw_gap_pp, ref.raw_gap);
  rel(kr.raw_gap_weighted_pp, ref.raw_gap_weighted);

  // --weighted weights the model by the primary position's weight; the raw gaps stay the same
  const [w] = await measureAbroadGap({ ...ctx, options: { ...ctx.options, weighted: true } });
  const kw = w!.rows.find((r) => r.origin === 'KR' && r.year === 2020)!;
  rel(kw.estimate_pp, 100 * ref.home_weighted.estimate);
  rel(kw.se, 100 * ref.home_weighted.se);
  assert.equal(kw.raw_gap_pp, kr.raw_gap_pp);
  db.close();
});

test('rawGapPp: the share difference in points, null without persons in a group', () => {
  assert.equal(rawGapPp(3, 4, 1, 4), 50);
  assert.equal(rawGapPp(0, 0, 1, 4), null);
  assert.equal(rawGapPp(1, 4, 0, 0), null);
});

test('abroad-gap sample: the home position is the last one in the origin started by the year end, else the first position (NULLs kept)', async () => {
  const db = await makeDb({
    positions: [
      // 1: studied in KR, never worked there: the first position's missing role and seniority
      { uid: 1, startdate: '2015-01-01', enddate: '2017-12-31', country: 'US', role_k150: null, seniority: null },
      { uid: 1, startdate: '2018-01-01', country: 'US', role_k150: 'r2', seniority: 5 },
      // 2: KR job, then abroad, back home in 2021 (after t = 2020)
      { uid: 2, startdate: '2012-01-01', enddate: '2016-12-31', country: 'KR', role_k150: 'r1', seniority: 2 },
      { uid: 2, startdate: '2017-01-01', enddate: '2021-02-28', country: 'US', role_k150: 'r4', seniority: 6 },
      { uid: 2, startdate: '2021-03-01', country: 'KR', role_k150: 'r3', seniority: 7 },
      // 3: two home positions starting the same day: the larger pid_rank is the last
      { uid: 3, startdate: '2014-01-01', country: 'KR', role_k150: 'r1', seniority: 1 },
      { uid: 3, startdate: '2014-01-01', country: 'KR', role_k150: 'r3', seniority: 3 },
    ],
    education: [{ uid: 1, university_country: 'KR', degree: 'Bachelor', startdate: '2010-03-01', enddate: '2014-02-28' }],
  });
  const ctx = makeCtx(db, [2020]);
  await buildNeeds(ctx, 'abroad_gap');
  const { table, levels, origins } = await buildAbroadGapSample(db, [2020], sql`p.role_k150`);
  // the codes back to values: a role's label is its panel code (NA when missing)
  const names = new Map((await db.all<{ code: number; v: string }>(`select code, v from panel_codes where dim = 'role'`)).map((r) => [String(r.code), r.v]));
  // the sample holds no uid: a user's row is told by its experience at 2020 (the primary
  // position's start − the first start: 3 years for user 1, 5 for user 2, 0 for user 3)
  const rows = (await db.all<{ oc: number; year: number; exp: number; abroad: number; lv_role: number; lv_seniority: number; lv_highest_degree: number }>(
    `select oc, year, exp, abroad, lv_role, lv_seniority, lv_highest_degree from ${table} order by exp`,
  )).map((r) => ({
    ...r, origin: origins[r.oc], role: names.get(levels.role.labels[r.lv_role]!) ?? null, seniority: levels.seniority.labels[r.lv_seniority],
    degree: levels.highest_degree.labels[r.lv_highest_degree],
  }));
  assert.deepEqual(rows.map((r) => [Math.round(r.exp), r.origin, r.year, r.abroad, r.role, r.seniority, r.degree]), [
    [0, 'KR', 2020, 0, 'r3', '3', 'unknown'],
    [3, 'KR', 2020, 1, null, 'unknown', 'unknown'],
    [5, 'KR', 2020, 1, 'r1', '2', 'unknown'],
  ]);
  db.close();
});

test('uidRanges: consecutive ranges of about equal uids that cover the bounds', () => {
  assert.deepEqual(uidRanges(1, 10, 4), [[1, 3], [4, 6], [7, 9], [10, 10]]);
  assert.deepEqual(uidRanges(5, 6, 4), [[5, 5], [6, 6]]);
  assert.deepEqual(uidRanges(1, 8, 1), [[1, 8]]);
  assert.deepEqual(uidRanges(null, null, 4), []);
});

test('the abroad-gap sample built in ranges of users holds the rows and codes of one range', async () => {
  const db = await Db.open();
  const years = [2019, 2020];
  const { rows } = randomPanel(37, ['KR', 'US', 'JP'], years, 30);
  await createPanelWithPositions(db, rows.map((r, i) => ({ ...r, origin: i % 7 === 0 ? null : ['KR', 'US', 'JP'][r.uid % 3]! })));
  const build = async (parts: number) => {
    const s = await buildAbroadGapSample(db, years, sql`p.role_k150`, parts);
    const all = await db.all(sql`select * from tf_abroad_gap_sample order by all`);
    return { all, levels: s.levels, origins: s.origins };
  };
  const one = await build(1);
  assert.ok(one.all.length > rows.length / 2);
  assert.deepEqual(await build(100), one);
  db.close();
});
