import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Db, ident, sql } from '../../db/index.ts';
import { studyOptions, type StudyOptions } from '../../study/options.ts';
import type { StudyContext } from '../../study/context.ts';
import type { Cell, OutputTable } from '../../output/table.ts';
import { feols } from '../../engine/index.ts';
import { engineConnection } from '../../db/engine.ts';
import {
  PREMIUM_CELLS, absorbedCells, absorbedSharedCells, buildPremiumSample, buildSkillDesign, countryRanges, decompositionGroups, fitFamiliesTogether, fitFamily, measurePremium, premiumLevels, type Family, type FamilyCell,
} from './index.ts';
import { PREMIUM, PREMIUM_BY_SENIORITY, columnNames } from '../../contract/index.ts';
import { createPanel, randomPanel, type PanelRow, type SkillRow } from '../../../test/helpers/premium/fixture.ts';
import { referenceOls } from '../../../test/helpers/premium/reference-ols.ts';
import { simulatePanel } from '../../../test/helpers/premium/simulate.ts';

const rel = (a: unknown, b: number, tol = 1e-6) =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(1e-8, Math.abs(b)), `${String(a)} ≠ ${b}`);

function ctxOf(db: Db, years: number[], o: Partial<StudyOptions> = {}): StudyContext {
  return { db, options: studyOptions({ minCell: 0, ...o }), years };
}

const find = (t: OutputTable | undefined, where: Record<string, Cell>) =>
  t?.rows.find((r) => Object.entries(where).every(([k, v]) => r[k] === v));

/** A row with every control at one level, so only the FE under test varies. */
function row(uid: number, role: string, ai: boolean, salary: number, extra: Partial<PanelRow> = {}): PanelRow {
  return {
    uid, year: 2020, country: 'AA', rcid: `f${uid % 4}`, role, industry: 'i', seniority: 3, salary,
    exp_years: 5, start_year: 2019, is_ai: ai, highest_degree: 'Bachelor', ...extra,
  };
}

// With only the AI dummy and one FE (role), OLS gives β = Σ_g v_g d_g / Σ_g v_g where
// d_g is the AI − non-AI gap of mean log salary within role g and v_g = n_g p_g (1 − p_g).
test('premium equals the closed-form within-role gap when only role varies', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [
    row(1, 'r1', true, 120), row(2, 'r1', false, 100), row(3, 'r1', false, 90), row(4, 'r1', true, 130),
    row(5, 'r2', true, 300), row(6, 'r2', false, 200), row(7, 'r2', false, 210), row(8, 'r2', false, 190),
    row(9, 'r3', false, 50), row(10, 'r3', false, 55), // no AI user: contributes nothing
    row(11, 'r1', true, 0), row(12, 'r2', false, -5), // salary ≤ 0: out of the sample
  ];
  await createPanel(db, rows);
  const ln = Math.log;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const d1 = mean([ln(120), ln(130)]) - mean([ln(100), ln(90)]);
  const d2 = ln(300) - mean([ln(200), ln(210), ln(190)]);
  const v1 = 4 * 0.5 * 0.5;
  const v2 = 4 * 0.25 * 0.75;
  const beta = (v1 * d1 + v2 * d2) / (v1 + v2);

  const sample = await buildPremiumSample(db, [2020], false);
  assert.equal(await db.scalar<number>(sql`select count(*) from ${ident(sample)}`), 10);
  const fit = await feols({ y: 'ln_salary', x: ['ai'], fe: ['role'], vcov: 'iid' }).fit(engineConnection(db), { table: sample });
  rel(fit.coef().ai, beta, 1e-9);

  const [premium] = await measurePremium(ctxOf(db, [2020], { vcov: 'iid' }));
  const all = find(premium, { country: 'AA', year: 2020, skill: 'all' });
  assert.ok(all);
  rel(all.estimate, beta, 1e-9); // exp and exp² are constant here and drop out
  rel(all.premium_pct, 100 * (Math.exp(beta) - 1), 1e-9);
  assert.equal(all.n, 10);
  assert.equal(all.n_ai, 3);
  assert.equal(all.vcov, 'iid');
  db.close();
});

/** The sample rules of docs/premium.md, written independently of query.sql. */
function prepare(rows: readonly PanelRow[], skills: readonly SkillRow[] = []) {
  const u = (v: string | number | null | undefined) => (v === null || v === undefined || String(v).trim() === '' ? 'unknown' : String(v));
  const held = new Map<number, Set<string>>();
  for (const s of skills) held.set(s.uid, (held.get(s.uid) ?? new Set()).add(s.skill));
  return rows
    .filter((r) => (r.salary ?? 0) > 0)
    .map((r) => ({
      country: r.country, year: r.year, uid: r.uid, held: held.get(r.uid) ?? new Set<string>(),
      ln_salary: Math.log(r.salary!), ai: r.is_ai ? 1 : 0, exp: r.exp_years, exp2: r.exp_years ** 2,
      seniority: u(r.seniority), role: u(r.role), industry: u(r.industry), highest_degree: u(r.highest_degree),
      start_year: u(r.start_year), year_fe: String(r.year), w: r.weight ?? 1,
      cluster: r.rcid ?? `unknown:${r.position_id}`,
    }));
}
const FE = ['seniority', 'role', 'industry', 'highest_degree', 'start_year'];

test('full model matches a dense reference OLS: yearly, pooled (year FE), skills, seniority, all vcov types', async () => {
  const db = await Db.open();
  const { rows, skills } = randomPanel(7, ['AA', 'BB'], [2020, 2021], 70);
  await createPanel(db, rows, skills);
  const data = prepare(rows, skills);
  for (const [vcov, weighted] of [['cluster', false], ['hetero', true], ['iid', false]] as const) {
    const ref = (sub: typeof data, fe: string[], x = 'ai') =>
      referenceOls(sub, {
        y: 'ln_salary', x: [x, 'exp', 'exp2'], fe, ...(weighted ? { weights: 'w' } : {}),
        vcov: vcov === 'cluster' ? { cluster: 'cluster' } : vcov,
      });
    const [premium, bySen] = await measurePremium(ctxOf(db, [2020, 2021], { vcov, weighted }));
    assert.deepEqual(premium!.columns, columnNames(PREMIUM));
    assert.deepEqual(bySen!.columns, columnNames(PREMIUM_BY_SENIORITY));

    const cell = data.filter((d) => d.country === 'BB' && d.year === 2021);
    const r = ref(cell, FE);
    const got = find(premium, { country: 'BB', year: 2021, skill: 'all' });
    rel(got?.estimate, r.coef.ai!);
    rel(got?.se, r.se.ai!);
    assert.equal(got?.n, cell.length);
    assert.equal(got?.vcov, vcov);

    const pooledRows = data.filter((d) => d.country === 'AA');
    const rp = ref(pooledRows, [...FE, 'year_fe']);
    const gp = find(premium, { country: 'AA', year: 'pooled', skill: 'all' });
    rel(gp?.estimate, rp.coef.ai!);
    rel(gp?.se, rp.se.ai!);
    // the pooled model is not the stacked model without year FE
    const noYear = ref(pooledRows, FE);
    assert.ok(Math.abs(noYear.coef.ai! - rp.coef.ai!) > 1e-8);

    // skill premium: non-AI users plus holders of the skill, regressor 1[holds k]
    const k = 'deep learning';
    const ks = cell.filter((d) => d.ai === 0 || d.held.has(k)).map((d) => ({ ...d, holds: d.held.has(k) ? 1 : 0 }));
    const rk = ref(ks, FE, 'holds');
    const gk = find(premium, { country: 'BB', year: 2021, skill: k });
    rel(gk?.estimate, rk.coef.holds!);
    rel(gk?.se, rk.se.holds!);
    assert.equal(gk?.n, ks.length);
    assert.equal(gk?.n_ai, ks.filter((d) => d.holds === 1).length);
    const kp = data.filter((d) => d.country === 'AA' && (d.ai === 0 || d.held.has(k))).map((d) => ({ ...d, holds: d.held.has(k) ? 1 : 0 }));
    rel(find(premium, { country: 'AA', year: 'pooled', skill: k })?.estimate, ref(kp, [...FE, 'year_fe'], 'holds').coef.holds!);

    // by seniority: the users of one level, seniority FE dropped
    const s2 = cell.filter((d) => d.seniority === '2');
    const rs = ref(s2, FE.filter((f) => f !== 'seniority'));
    const gs = find(bySen, { country: 'BB', year: 2021, seniority: 2 });
    rel(gs?.estimate, rs.coef.ai!);
    rel(gs?.se, rs.se.ai!);
    assert.equal(gs?.n, s2.length);
    const su = data.filter((d) => d.country === 'AA' && d.seniority === 'unknown');
    rel(find(bySen, { country: 'AA', year: 'pooled', seniority: 'unknown' })?.estimate, ref(su, ['role', 'industry', 'highest_degree', 'start_year', 'year_fe']).coef.ai!);
  }
  // no temporary tables are left behind
  assert.equal(await db.hasTable('tf_premium_sample'), false);
  db.close();
});

test('a sample of some countries (SampleVariant.countries) holds their rows only and fits them as the full sample does', async () => {
  const db = await Db.open();
  const years = [2020, 2021];
  const { rows } = randomPanel(17, ['AA', 'BB', 'CC'], years, 70);
  await createPanel(db, rows);
  const full = await buildPremiumSample(db, years, false);
  const some = await buildPremiumSample(db, years, false, { target: 'tf_premium_bb', countries: ['BB'] });
  const none = await buildPremiumSample(db, years, false, { target: 'tf_premium_none', countries: [] });
  const count = (t: string, where = sql`true`) => db.scalar<number>(sql`select count(*) from ${ident(t)} where ${where}`);
  const nBB = Number(await count(full, sql`country = 'BB'`));
  assert.ok(nBB > 0);
  assert.equal(Number(await count(some)), nBB);
  assert.equal(Number(await count(some, sql`country <> 'BB'`)), 0);
  assert.equal(Number(await count(none)), 0);
  const model = feols({ y: 'ln_salary', x: ['ai', 'exp', 'exp2'], fe: FE, vcov: { cluster: 'cluster' } });
  const a = await model.fit(engineConnection(db), { query: `select * from ${full} where country = 'BB' and ykey = '2021'` });
  const b = await model.fit(engineConnection(db), { query: `select * from tf_premium_bb where ykey = '2021'` });
  rel(b.coef().ai, a.coef().ai!, 1e-12);
  rel(b.se().ai, a.se().ai!, 1e-12);
  db.close();
});

test('pooled models cluster two ways (firm and person) with --vcov cluster; --ssc and percent intervals pass through', async () => {
  const db = await Db.open();
  // each person of a country appears in all three years (randomPanel gives every row its own uid)
  const years = [2020, 2021, 2022];
  const per = 60;
  const { rows } = randomPanel(13, ['AA'], years, per);
  const panel = rows.map((r) => ({ ...r, uid: r.uid % per }));
  await createPanel(db, panel);
  const fe = [...FE, 'year_fe'];
  for (const ssc of ['stata', 'nested'] as const) {
    const [premium, bySen] = await measurePremium(ctxOf(db, years, { ssc }), { skills: 'none' });
    const sample = await buildPremiumSample(db, years, false);
    const spec = { y: 'ln_salary', x: ['ai', 'exp', 'exp2'], fe, ssc, keep: { vcov: [{ cluster: 'cluster' }] } } as const;
    const two = await feols({ ...spec, vcov: { cluster: ['cluster', 'uid'] } }).fit(engineConnection(db), { table: sample });
    const gp = find(premium, { country: 'AA', year: 'pooled', skill: 'all' });
    assert.deepEqual([gp?.vcov, gp?.ssc, gp?.df], ['cluster2', ssc, two.df]);
    rel(gp?.estimate, two.coef().ai!);
    rel(gp?.se, two.se().ai!);
    // not the one-way (firm) se: persons repeat over the years
    assert.ok(Math.abs(two.vcov({ cluster: 'cluster' }).se().ai! - two.se().ai!) > 1e-6);
    const [lo, hi] = two.confint(0.95).ai!;
    rel(gp?.premium_pct_ci_low, 100 * (Math.exp(lo) - 1));
    rel(gp?.premium_pct_ci_high, 100 * (Math.exp(hi) - 1));
    // yearly rows stay one-way by firm
    const gy = find(premium, { country: 'AA', year: 2021, skill: 'all' });
    assert.deepEqual([gy?.vcov, gy?.ssc], ['cluster', ssc]);
    const ps = find(bySen, { country: 'AA', year: 'pooled', seniority: 2 });
    assert.deepEqual([ps?.vcov, ps?.ssc], ['cluster2', ssc]);
    rel(ps?.premium_pct_ci_low, 100 * (Math.exp(ps!.ci_low as number) - 1));
    await db.run(sql`drop table ${ident(sample)}`);
  }
  db.close();
});

test('--controls: a subset of the fixed effects gives the reference OLS with those effects only', async () => {
  const db = await Db.open();
  const { rows, skills } = randomPanel(11, ['AA'], [2020, 2021], 80);
  await createPanel(db, rows, skills);
  const data = prepare(rows, skills);
  const [premium, bySen] = await measurePremium(ctxOf(db, [2020, 2021], { premiumControls: ['role', 'seniority'] }));
  const cell = data.filter((d) => d.year === 2021);
  const r = referenceOls(cell, { y: 'ln_salary', x: ['ai', 'exp', 'exp2'], fe: ['seniority', 'role'], vcov: { cluster: 'cluster' } });
  const got = find(premium, { country: 'AA', year: 2021, skill: 'all' });
  rel(got?.estimate, r.coef.ai!);
  rel(got?.se, r.se.ai!);
  // the full model differs, so the option is not a no-op
  const full = referenceOls(cell, { y: 'ln_salary', x: ['ai', 'exp', 'exp2'], fe: FE, vcov: { cluster: 'cluster' } });
  assert.ok(Math.abs(full.coef.ai! - r.coef.ai!) > 1e-8);
  // by seniority: seniority dropped from the controls, role kept
  const s2 = cell.filter((d) => d.seniority === '2');
  rel(find(bySen, { country: 'AA', year: 2021, seniority: 2 })?.estimate, referenceOls(s2, { y: 'ln_salary', x: ['ai', 'exp', 'exp2'], fe: ['role'], vcov: { cluster: 'cluster' } }).coef.ai!);
  db.close();
});

test('rows: one per country × year, pooled and skill; no row without both groups; blank when not estimable', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  let uid = 0;
  // AA 2020: regular. AA 2021: no AI user → no row. BB 2020: AI only in role r9, which has
  // no non-AI user → AI is absorbed by the role FE → row with blank estimate.
  for (let i = 0; i < 12; i++) rows.push(row(uid++, `r${i % 3}`, i % 4 === 0, 100 + 7 * i, { exp_years: i }));
  for (let i = 0; i < 12; i++) rows.push(row(uid++, `r${i % 3}`, false, 100 + 5 * i, { year: 2021, exp_years: i }));
  for (let i = 0; i < 12; i++) rows.push(row(uid++, i < 4 ? 'r9' : `r${i % 3}`, i < 4, 100 + 3 * i, { country: 'BB', exp_years: i }));
  await createPanel(db, rows, [{ uid: 0, skill: 'robotics' }]);
  const [premium] = await measurePremium(ctxOf(db, [2020, 2021], { vcov: 'hetero' }));
  const keys = premium!.rows.map((r) => `${r.country}|${r.year}|${r.skill}`);
  assert.deepEqual(keys, ['AA|2020|all', 'AA|2020|robotics', 'AA|pooled|all', 'AA|pooled|robotics', 'BB|2020|all', 'BB|pooled|all']);
  const bb = find(premium, { country: 'BB', year: 2020, skill: 'all' });
  assert.equal(bb?.estimate, null);
  assert.equal(bb?.premium_pct, null);
  assert.equal(bb?.n, 12);
  assert.equal(bb?.n_ai, 4);
  assert.equal(bb?.suppressed, false);
  assert.equal(bb?.note, 'absorbed_by:role');
  assert.equal(typeof find(premium, { country: 'AA', year: 2020, skill: 'all' })?.estimate, 'number');
  db.close();
});

test('AI absorbed by the missing role level: only AI users have no role, every role only non-AI users → blank', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  let uid = 0;
  // the NULL role level holds only AI users, r1 and r2 only non-AI users: AI is the NULL
  // role's dummy, not identified (count(distinct role) would skip the NULL level).
  for (let i = 0; i < 4; i++) rows.push(row(uid++, null as unknown as string, true, 200 + 9 * i, { exp_years: i, seniority: 1 + (i % 2) }));
  for (let i = 0; i < 8; i++) rows.push(row(uid++, `r${1 + (i % 2)}`, false, 100 + 5 * i, { exp_years: i, seniority: 1 + (i % 2) }));
  await createPanel(db, rows);
  const [premium, bySen] = await measurePremium(ctxOf(db, [2020], { vcov: 'hetero' }));
  for (const [t, where] of [[premium, { year: 2020, skill: 'all' }], [premium, { year: 'pooled', skill: 'all' }], [bySen, { year: 2020, seniority: 1 }], [bySen, { year: 'pooled', seniority: 2 }]] as const) {
    const c = find(t, { country: 'AA', ...where });
    assert.ok(c, JSON.stringify(where));
    assert.deepEqual([c.estimate, c.se, c.premium_pct, c.suppressed], [null, null, null, false], JSON.stringify(where));
    // the blank cell says why (the NULL role level is the AI dummy)
    assert.equal(c.note, 'absorbed_by:role', JSON.stringify(where));
  }
  // one non-AI user without a role mixes the NULL level: AI is identified again
  rows.push(row(uid++, null as unknown as string, false, 150, { exp_years: 2, seniority: 1 }));
  await createPanel(db, rows);
  const [again] = await measurePremium(ctxOf(db, [2020], { vcov: 'hetero' }));
  assert.equal(typeof find(again, { country: 'AA', year: 2020, skill: 'all' })?.estimate, 'number');
  assert.equal(find(again, { country: 'AA', year: 2020, skill: 'all' })?.note, null);
  db.close();
});

test('suppression: fewer than min_cell persons (all, AI or non-AI) blanks the cell', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  let uid = 0;
  for (let i = 0; i < 30; i++) rows.push(row(uid++, `r${i % 2}`, i % 5 === 0, 100 + i, { exp_years: i % 7 })); // 6 AI
  for (let i = 0; i < 40; i++) rows.push(row(uid++, `r${i % 2}`, i % 4 < 2, 100 + i, { country: 'BB', exp_years: i % 7 })); // 20 AI
  await createPanel(db, rows);
  const [premium, bySen] = await measurePremium(ctxOf(db, [2020], { minCell: 10, vcov: 'hetero' }));
  const aa = find(premium, { country: 'AA', year: 2020, skill: 'all' });
  assert.deepEqual(
    [aa?.estimate, aa?.se, aa?.ci_low, aa?.ci_high, aa?.premium_pct, aa?.n, aa?.n_ai, aa?.note, aa?.suppressed],
    [null, null, null, null, null, null, null, null, true],
  );
  const bb = find(premium, { country: 'BB', year: 2020, skill: 'all' });
  assert.equal(bb?.suppressed, false);
  assert.equal(typeof bb?.estimate, 'number');
  assert.equal(bb?.n, 40);
  assert.ok(!('persons' in (bb ?? {})));
  assert.equal(find(bySen, { country: 'BB', year: 2020, seniority: 3 })?.suppressed, false);
  db.close();
});

test('suppression of a pooled cell counts distinct persons, not person-years', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  // 4 AI persons and 30 non-AI persons, each present in 2018–2020: 12 AI person-years.
  for (let p = 0; p < 34; p++)
    for (const year of [2018, 2019, 2020])
      rows.push(row(p, `r${p % 2}`, p < 4, 100 + p + year - 2018, { year, exp_years: (p % 5) + year - 2018 }));
  await createPanel(db, rows);
  const [premium] = await measurePremium(ctxOf(db, [2018, 2019, 2020], { minCell: 10, vcov: 'hetero' }), { skills: 'none', seniority: false });
  assert.equal(premium!.rows.length, 4);
  for (const r of premium!.rows) assert.equal(r.suppressed, true, `${r.year}`);
  const [open] = await measurePremium(ctxOf(db, [2018, 2019, 2020], { minCell: 4, vcov: 'hetero' }), { skills: 'none', seniority: false });
  const pooled = find(open, { country: 'AA', year: 'pooled', skill: 'all' });
  assert.deepEqual([pooled?.n, pooled?.n_ai, pooled?.suppressed], [102, 12, false]);
  db.close();
});

test('skill sample: non-AI users plus holders of k, whatever their group; other AI users left out', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  for (let i = 0; i < 20; i++) rows.push(row(i, `r${i % 2}`, i < 8, 100 + 3 * i, { exp_years: i % 6 }));
  // AI users 0–7: 0–3 hold robotics; 4–7 hold only vision. Non-AI user 8 holds robotics
  // (possible when min_ai_skills > 1) and counts as a holder.
  const skills: SkillRow[] = [0, 1, 2, 3, 8].map((uid) => ({ uid, skill: 'robotics' }));
  for (const uid of [4, 5, 6, 7]) skills.push({ uid, skill: 'vision' });
  await createPanel(db, rows, skills);
  const [premium] = await measurePremium(ctxOf(db, [2020], { vcov: 'iid' }), { skills: 'years', seniority: false });
  const robotics = find(premium, { country: 'AA', year: 2020, skill: 'robotics' });
  assert.deepEqual([robotics?.n, robotics?.n_ai], [5 + 11, 5]);
  const vision = find(premium, { country: 'AA', year: 2020, skill: 'vision' });
  // user 8 holds robotics, not vision: in vision's sample as a non-holder (all 12 non-AI users)
  assert.deepEqual([vision?.n, vision?.n_ai], [4 + 12, 4]);
  const data = prepare(rows, skills).map((d) => ({ ...d, holds: d.held.has('robotics') ? 1 : 0 }));
  const ref = referenceOls(data.filter((d) => d.ai === 0 || d.holds === 1), { y: 'ln_salary', x: ['holds', 'exp', 'exp2'], fe: FE, vcov: 'iid' });
  rel(robotics?.estimate, ref.coef.holds!);
  db.close();
});

test('recovery: a known AI premium by country is found within 3 SE (seeded simulated panel)', async () => {
  const db = await Db.open();
  const countries = ['AA', 'BB', 'CC', 'DD'];
  const betas = [0.05, 0.15, 0.3, -0.04];
  await simulatePanel(db, { countries, betas, users: 16000, year0: 2019, years: 2, pAi: 0.15, seed: 11 });
  const [premium, bySen] = await measurePremium(ctxOf(db, [2019, 2020], { minCell: 10 }), { skills: 'none', seniority: false });
  assert.equal(bySen!.rows.length, 0);
  assert.ok(premium!.rows.every((r) => r.skill === 'all'));
  let checked = 0;
  for (const [i, c] of countries.entries())
    for (const year of [2019, 2020, 'pooled'] as const) {
      const r = find(premium, { country: c, year, skill: 'all' });
      assert.ok(r && typeof r.estimate === 'number' && typeof r.se === 'number', `${c} ${year}`);
      assert.ok(Math.abs(r.estimate - betas[i]!) < 3 * r.se, `${c} ${year}: ${r.estimate} vs ${betas[i]} (se ${r.se})`);
      assert.ok((r.ci_low as number) < r.estimate && r.estimate < (r.ci_high as number));
      checked++;
    }
  assert.equal(checked, 12);
  db.close();
});

test('small cells are not fitted: the published cells equal a run that fits every cell', async () => {
  const db = await Db.open();
  const { rows, skills } = randomPanel(5, ['AA', 'BB'], [2019, 2020], 60);
  // a rare skill, held by a handful of AI users per cell: its cells are suppressed at min_cell 10
  const rare = rows.filter((r) => r.is_ai).filter((_, i) => i % 9 === 0).map((r) => ({ uid: r.uid, skill: 'rare' }));
  await createPanel(db, rows, [...skills, ...rare]);
  const all = await measurePremium(ctxOf(db, [2019, 2020], { minCell: 0 }), { skills: 'years' });
  const some = await measurePremium(ctxOf(db, [2019, 2020], { minCell: 10 }), { skills: 'years' });
  let published = 0;
  let blanked = 0;
  for (const [t, table] of some.entries()) {
    assert.equal(table.rows.length, all[t]!.rows.length);
    for (const [i, r] of table.rows.entries()) {
      const full = all[t]!.rows[i]!;
      if (r.suppressed) {
        blanked++;
        assert.equal(r.estimate, null);
        continue;
      }
      if (typeof r.estimate !== 'number') continue;
      published++;
      rel(r.estimate, full.estimate as number, 1e-9);
      rel(r.se, full.se as number, 1e-9);
      assert.equal(r.n, full.n);
    }
  }
  assert.ok(published > 10 && blanked > 0, `${published} published, ${blanked} blanked`);
  db.close();
});

test('absorbed AI in the shared skill design: the unstacked check equals the check on the stacked design', async () => {
  const db = await Db.open();
  // Random small cells: few levels, so that in some (country, year, skill) cells every
  // holder's level has no non-holder (absorbed) and in others it has.
  let seed = 3;
  const u = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const vals: string[] = [];
  for (let i = 0; i < 240; i++) {
    const country = u() < 0.5 ? 'AA' : 'BB';
    const ykey = u() < 0.5 ? '2020' : '2021';
    const shared = u() < 0.5;
    const skill = shared ? null : ['k1', 'k2', 'k3'][Math.floor(u() * 3)]!;
    const holds = shared ? 0 : u() < 0.8 ? 1 : 0;
    // holders mostly in roles h0/h1, which non-holders rarely have
    const role = holds ? (u() < 0.8 ? `h${Math.floor(u() * 2)}` : 'r0') : u() < 0.03 ? 'h0' : `r${Math.floor(u() * 4)}`;
    const sen = `${Math.floor(u() * 2)}`;
    vals.push(`(${[country, ykey, skill, holds, role, sen].map((v) => (v === null ? 'NULL' : typeof v === 'number' ? v : `'${v}'`)).join(', ')})`);
  }
  await db.run(`create table shared_design (country VARCHAR, ykey VARCHAR, skill VARCHAR, holds DOUBLE, role VARCHAR, seniority VARCHAR);
    insert into shared_design values ${vals.join(', ')};
    alter table shared_design add column lv_role INTEGER; alter table shared_design add column lv_seniority INTEGER;
    update shared_design set lv_role = c.code from (select v, cast(row_number() over (order by v) - 1 as integer) as code from (select distinct role as v from shared_design)) c where c.v = role;
    update shared_design set lv_seniority = c.code from (select v, cast(row_number() over (order by v) - 1 as integer) as code from (select distinct seniority as v from shared_design)) c where c.v = seniority`);
  await db.run(`create table stacked as
    select * from shared_design where skill is not null
    union all by name
    select b.* exclude (skill), g.skill from shared_design b
    join (select distinct country, ykey, skill from shared_design where skill is not null) g using (country, ykey)
    where b.skill is null`);
  for (const [by, fe] of [
    [['country', 'ykey', 'skill'], ['role', 'seniority']],
    [['country', 'ykey', 'skill'], ['role']],
    [['country', 'skill'], ['role', 'seniority']],
  ] as const) {
    const want = await absorbedCells(db, 'stacked', by, fe, 'holds');
    const got = await absorbedSharedCells(db, 'shared_design', by, fe, 'holds');
    assert.deepEqual([...got].sort(), [...want].sort(), `${by.join('×')} / ${fe.join(', ')}`);
    // The effects read from their level codes (the skill design keeps only those): the same cells, named by the effects.
    const coded = await absorbedSharedCells(db, 'shared_design', by, fe, 'holds', fe.map((f) => `lv_${f}`));
    assert.deepEqual([...coded].sort(), [...want].sort(), `${by.join('×')} / ${fe.join(', ')}: level codes`);
    if (fe.length === 1) assert.ok(want.size > 0, 'the fixture has absorbed cells');
  }
  db.close();
});

test('auto above the size guard: yearly skill premiums for the focus country only, pooled for all', async () => {
  const db = await Db.open();
  const { rows, skills } = randomPanel(8, ['AA', 'BB'], [2019, 2020], 80);
  await createPanel(db, rows, skills);
  const ctx = ctxOf(db, [2019, 2020], { focus: 'AA' });
  const [small] = await measurePremium(ctx, { skills: 'auto', maxStackedRows: 1, seniority: false });
  const [full] = await measurePremium(ctx, { skills: 'years', seniority: false });
  const yearly = (t: OutputTable | undefined, c: string) => t!.rows.filter((r) => r.country === c && r.skill !== 'all' && r.year !== 'pooled');
  const pooled = (t: OutputTable | undefined) => t!.rows.filter((r) => r.skill !== 'all' && r.year === 'pooled');
  assert.ok(yearly(full, 'BB').length > 0 && yearly(full, 'AA').length > 0);
  assert.equal(yearly(small, 'BB').length, 0);
  // the focus country's fits read its rows only: the same rows, to the last bit
  assert.deepEqual(yearly(small, 'AA'), yearly(full, 'AA'));
  assert.equal(pooled(small).length, pooled(full).length);
  for (const [i, r] of pooled(small).entries()) if (typeof r.estimate === 'number') rel(r.estimate, pooled(full)[i]!.estimate as number, 1e-9);
  db.close();
});

test('fitFamiliesTogether gives the records of fitFamily for the four families of the premium sample (1e-10)', async () => {
  const db = await Db.open();
  const years = [2020, 2021];
  const { rows } = randomPanel(29, ['AA', 'BB'], years, 90);
  await createPanel(db, rows);
  const ctx = ctxOf(db, years, { minCell: 3 });
  const sample = await buildPremiumSample(db, years, false);
  const levels = await premiumLevels(db, sample);
  const noSen = FE.filter((f) => f !== 'seniority');
  const fams: Family[] = [
    { source: sample, x: 'ai', fe: FE, by: ['country', 'ykey'], levels, decompose: decompositionGroups(FE) },
    { source: sample, x: 'ai', fe: [...FE, 'year_fe'], by: ['country'], levels },
    { source: sample, x: 'ai', fe: noSen, by: ['country', 'ykey', 'seniority'], levels },
    { source: sample, x: 'ai', fe: [...noSen, 'year_fe'], by: ['country', 'seniority'], levels },
  ];
  const together = await fitFamiliesTogether(ctx, fams, PREMIUM_CELLS);
  let compared = 0;
  // records in key order: a family's records come in the order of its counts query, which has none
  const byKey = (r: FamilyCell[]): FamilyCell[] => [...r].sort((a, b) => (a.keys.join('|') < b.keys.join('|') ? -1 : 1));
  for (const [i, fam] of fams.entries()) {
    const own = byKey(await fitFamily(ctx, fam));
    const tog = byKey(together[i]!);
    assert.deepEqual(tog.map((g) => g.keys), own.map((g) => g.keys), `family ${i + 1}: the cells`);
    for (const [j, g] of own.entries()) {
      const t = tog[j]!;
      assert.deepEqual(t.counts, g.counts);
      for (const [k, v] of Object.entries(g.cells)) {
        if (typeof v === 'number' && !Number.isInteger(v)) {
          rel(t.cells[k], v, 1e-10);
          compared++;
        } else assert.equal(t.cells[k], v, `family ${i + 1} ${g.keys.join('|')} ${k}`);
      }
    }
  }
  assert.ok(compared > 50, `${compared} estimates compared`);
  db.close();
});

test('premium sample: padded, blank and missing firms, degrees and seniorities get the codes and labels of their trimmed values', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  const firms = [' f1', 'f1', 'f1 ', '', null, 'f2'];
  const degrees = [' Master', 'Master', '', null, 'unknown', 'Bachelor'];
  for (let i = 0; i < 12; i++)
    rows.push(row(i, `r${i % 2}`, i % 3 === 0, 100 + i, { rcid: firms[i % 6]!, highest_degree: degrees[i % 6]!, seniority: i % 4 === 0 ? null : 1 + (i % 3), position_id: `p${i}` }));
  await createPanel(db, rows);
  const s = await buildPremiumSample(db, [2020], false);
  const got = await db.all<{ uid: number; cluster: number; highest_degree: string; lv_highest_degree: number; seniority: string; lv_seniority: number }>(
    sql`select uid, cluster, highest_degree, lv_highest_degree, seniority, lv_seniority from ${ident(s)} order by uid`,
  );
  assert.equal(got.length, 12);
  for (const g of got) {
    const f = firms[g.uid % 6]?.trim();
    // firms ranked by their trimmed text: f1 → 1, f2 → 2; blank or missing: the position's own cluster (−pid_rank)
    assert.equal(Number(g.cluster), f === 'f1' ? 1 : f === 'f2' ? 2 : -g.uid);
    const d = degrees[g.uid % 6]?.trim() || 'unknown';
    assert.equal(g.highest_degree, d);
    assert.equal(g.lv_highest_degree, ['Bachelor', 'Master', 'unknown'].indexOf(d));
    const sen = g.uid % 4 === 0 ? 'unknown' : String(1 + (g.uid % 3));
    assert.equal(g.seniority, sen);
    assert.equal(g.lv_seniority, ['1', '2', '3', 'unknown'].indexOf(sen));
  }
  db.close();
});

test('countryRanges: consecutive countries in about equal runs, a large country a run of its own', () => {
  const c = (country: string, n: number) => ({ country, n });
  assert.deepEqual(countryRanges([c('A', 1), c('B', 1), c('C', 1), c('D', 1)], 2), [['A', 'B'], ['C', 'D']]);
  assert.deepEqual(countryRanges([c('A', 1), c('B', 10), c('C', 1)], 3), [['A', 'A'], ['B', 'B'], ['C', 'C']]);
  assert.deepEqual(countryRanges([c('A', 5), c('B', 5)], 1), [['A', 'B']]);
  assert.deepEqual(countryRanges([], 4), []);
});

test('the skill design built in runs of countries holds the rows of one build of the whole design, sorted the same way', async () => {
  for (const dated of [false, true]) {
    const db = await Db.open();
    const years = [2020, 2021];
    const { rows, skills } = randomPanel(29, ['AA', 'BB', 'CC', 'DD'], years, 40);
    // dated: some skills reported only from 2021; a non-AI holder (min_ai_skills > 1) is copied per skill it lacks
    const dates = skills.map((k, i) => ({ ...k, ...(dated && i % 3 === 0 ? { since: '2021-06-01' } : {}) }));
    const nonAi = rows.find((r) => !r.is_ai)!;
    await createPanel(db, rows, [...dates, { uid: nonAi.uid, skill: 'robotics' }]);
    const s = await buildPremiumSample(db, years, false);
    await buildSkillDesign(db, s, 'one', dated, 1);
    await buildSkillDesign(db, s, 'runs', dated, 100);
    // the same rows (rows of equal country, year and skill come in no set order)
    const all = (t: string) => db.all(sql`select * from ${ident(t)} order by all`);
    const one = await all('one');
    assert.ok(one.length > rows.length / 2);
    assert.ok(one.some((r) => r.skill !== null && Number(r.holds) === 0), 'a copied non-holder row');
    assert.deepEqual(await all('runs'), one);
    for (const t of ['one', 'runs']) {
      const keys = (await db.all<{ k: string }>(sql`select country || '|' || ykey || '|' || coalesce(skill, '') as k from ${ident(t)} order by rowid`)).map((r) => r.k);
      assert.deepEqual(keys, [...keys].sort(), `${t}: sorted by country, year, skill (NULL first)`);
    }
    db.close();
  }
});
