import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Db } from '../../db/index.ts';
import { studyOptions, type StudyOptions } from '../../study/options.ts';
import type { StudyContext } from '../../study/context.ts';
import { measureAbroadGap } from './index.ts';
import { ABROAD_GAP, columnNames } from '../../contract/index.ts';
import { createPanel, randomPanel, type PanelRow } from '../../../test/helpers/premium/fixture.ts';
import { referenceOls } from '../../../test/helpers/premium/reference-ols.ts';
import { simulatePanel } from '../../../test/helpers/premium/simulate.ts';

const rel = (a: unknown, b: number, tol = 1e-6) =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(1e-8, Math.abs(b)), `${String(a)} ≠ ${b}`);
const ctxOf = (db: Db, years: number[], o: Partial<StudyOptions> = {}): StudyContext => ({
  db, options: studyOptions({ minCell: 0, ...o }), years,
});

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
  await createPanel(db, rows);
  const [gap] = await measureAbroadGap(ctxOf(db, [2020]));
  assert.deepEqual(gap!.columns, columnNames(ABROAD_GAP));
  assert.equal(gap!.rows.length, 1);
  const r = gap!.rows[0]!;
  assert.equal(r.origin, 'KR');
  assert.equal(r.year, 2020);
  rel(r.estimate_pp, 50, 1e-9);
  assert.equal(r.n, 16);
  assert.equal(r.n_ai, 8);
  assert.ok((r.ci_low as number) < 50 && 50 < (r.ci_high as number));
  db.close();
});

test('abroad gap is blank when AI is absorbed by a fixed effect (no seniority level mixes the groups)', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  for (let i = 0; i < 12; i++) rows.push(person(i, i < 5 ? 1 : 2, i < 5, i % 3 === 0, { exp_years: i % 4 }));
  await createPanel(db, rows);
  const [gap] = await measureAbroadGap(ctxOf(db, [2020]));
  assert.deepEqual([gap!.rows[0]?.estimate_pp, gap!.rows[0]?.n, gap!.rows[0]?.n_ai], [null, 12, 5]);
  // one AI user in seniority 2 makes a mixed level: γ is identified again
  rows[11] = person(11, 2, true, true, { exp_years: 3 });
  await createPanel(db, rows);
  const [again] = await measureAbroadGap(ctxOf(db, [2020]));
  assert.equal(typeof again!.rows[0]?.estimate_pp, 'number');
  db.close();
});

test('abroad gap is blank when AI is absorbed by the missing role level (NULL role only AI, other roles only non-AI)', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  for (let i = 0; i < 12; i++) rows.push(person(i, 1 + (i % 2), i < 4, i % 3 === 0, { role: i < 4 ? null : `r${i % 2}`, exp_years: i % 5 }));
  await createPanel(db, rows);
  const [gap] = await measureAbroadGap(ctxOf(db, [2020]));
  assert.deepEqual([gap!.rows[0]?.estimate_pp, gap!.rows[0]?.se, gap!.rows[0]?.n, gap!.rows[0]?.n_ai], [null, null, 12, 4]);
  // one non-AI user without a role mixes the NULL level: γ is identified again
  rows[11] = person(11, 2, false, true, { role: null, exp_years: 3 });
  await createPanel(db, rows);
  const [again] = await measureAbroadGap(ctxOf(db, [2020]));
  assert.equal(typeof again!.rows[0]?.estimate_pp, 'number');
  db.close();
});

test('abroad gap matches a dense reference LPM with HC1 errors; suppression on small cells', async () => {
  const db = await Db.open();
  const { rows } = randomPanel(3, ['AA', 'BB'], [2020, 2021], 80);
  await createPanel(db, rows);
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
  const [gap] = await measureAbroadGap(ctxOf(db, [2020], { minCell: 10 }));
  assert.equal(gap!.rows.length, 3);
  for (const r of gap!.rows) {
    assert.ok(typeof r.estimate_pp === 'number' && typeof r.se === 'number');
    assert.ok(Math.abs(r.estimate_pp - 20) < 3 * r.se, `${r.origin}: ${r.estimate_pp} (se ${r.se})`);
  }
  db.close();
});
