import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Db } from '../../db/index.ts';
import { studyOptions, type StudyOptions } from '../../study/options.ts';
import type { StudyContext } from '../../study/context.ts';
import type { Cell, OutputTable } from '../../contract/index.ts';
import { DECOMPOSITION, DECOMPOSITION_COMPONENTS, columnNames } from '../../contract/index.ts';
import { measurePremium } from '../premium/index.ts';
import { componentsOf, measureDecomposition } from './index.ts';
import type { FitResult } from '../../engine/index.ts';
import { createPanel, rng, type PanelRow } from '../../../test/helpers/premium/fixture.ts';

const rel = (a: unknown, b: number, tol = 1e-6, what = '') =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(1e-8, Math.abs(b)), `${what}: ${String(a)} ≠ ${b}`);

function ctxOf(db: Db, years: number[], o: Partial<StudyOptions> = {}): StudyContext {
  return { db, options: studyOptions({ minCell: 0, ...o }), years };
}

/** premium.csv (the AI premium only) then decomposition.csv, as the stages run them. */
async function decompose(ctx: StudyContext): Promise<{ premium: OutputTable; dec: OutputTable }> {
  const [premium] = await measurePremium(ctx, { skills: 'none', seniority: false });
  const [dec] = await measureDecomposition(ctx, premium!);
  return { premium: premium!, dec: dec! };
}

const cell = (t: OutputTable, country: string, year: number) => t.rows.filter((r) => r.country === country && r.year === year);
const comp = (rows: Record<string, Cell>[], c: string) => rows.find((r) => r.component === c);

/** The fixture panel of test/fixtures/r/decomposition.R (a plain CSV: no commas inside values). */
function fixturePanel(): PanelRow[] {
  const url = new URL('../../../test/fixtures/r/decomposition-panel.csv', import.meta.url);
  const [head, ...lines] = readFileSync(url, 'utf8').trim().split('\n');
  const cols = head!.split(',').map((c) => c.replace(/"/g, ''));
  return lines.map((line) => {
    const v = Object.fromEntries(line.split(',').map((x, i) => [cols[i]!, x.replace(/"/g, '')]));
    const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
    const text = (s: string | undefined) => (s === undefined || s === '' ? null : s);
    return {
      uid: Number(v.uid), year: Number(v.year), country: v.country!, rcid: text(v.rcid), role: text(v.role), industry: text(v.industry),
      seniority: num(v.seniority), salary: num(v.salary), exp_years: Number(v.exp_years), start_year: num(v.start_year),
      is_ai: v.is_ai === 'TRUE', highest_degree: text(v.highest_degree),
    };
  });
}

interface RComponent {
  estimate: number;
  se: number;
  ci_low: number;
  ci_high: number;
}
interface RCell {
  country: string;
  year: number;
  n: number;
  n_ai: number;
  df: number;
  raw_gap: number;
  components: Record<string, RComponent>;
}

test('decomposition equals the R reference (lm with explicit dummies, vcovCL CR1) to 1e-6', async () => {
  const ref = JSON.parse(readFileSync(new URL('../../../test/fixtures/r/decomposition.json', import.meta.url), 'utf8')) as { results: RCell[] };
  const db = await Db.open();
  await createPanel(db, fixturePanel());
  const { premium, dec } = await decompose(ctxOf(db, [2021, 2022]));
  assert.deepEqual(dec.columns, columnNames(DECOMPOSITION));
  assert.equal(ref.results.length, 3);
  assert.equal(dec.rows.length, 3 * DECOMPOSITION_COMPONENTS.length);
  for (const r of ref.results) {
    const rows = cell(dec, r.country, r.year);
    assert.deepEqual(rows.map((x) => x.component), [...DECOMPOSITION_COMPONENTS], `${r.country} ${r.year}: components in order`);
    for (const [name, c] of Object.entries(r.components)) {
      const got = comp(rows, name);
      assert.ok(got, `${r.country} ${r.year} ${name}`);
      const what = `${r.country} ${r.year} ${name}`;
      rel(got.estimate, c.estimate, 1e-6, `${what} estimate`);
      rel(got.se, c.se, 1e-6, `${what} se`);
      rel(got.ci_low, c.ci_low, 1e-6, `${what} ci_low`);
      rel(got.ci_high, c.ci_high, 1e-6, `${what} ci_high`);
      assert.equal(got.df, r.df);
      assert.equal(got.n, r.n);
      assert.equal(got.n_ai, r.n_ai);
      assert.equal(got.suppressed, false);
    }
    rel(comp(rows, 'total')!.estimate, r.raw_gap, 1e-9, 'total = raw gap');
    // unexplained is the published premium itself
    const p = premium.rows.find((x) => x.country === r.country && x.year === r.year && x.skill === 'all')!;
    assert.equal(comp(rows, 'unexplained')!.estimate, p.estimate);
    assert.equal(comp(rows, 'unexplained')!.se, p.se);
  }
  db.close();
});

test('the components add up: groups sum to explained, explained + unexplained = total', async () => {
  const db = await Db.open();
  await createPanel(db, fixturePanel());
  const { dec } = await decompose(ctxOf(db, [2021, 2022], { vcov: 'hetero' }));
  for (const [country, year] of [['KR', 2021], ['KR', 2022], ['US', 2021]] as const) {
    const rows = cell(dec, country, year);
    const v = (c: string) => comp(rows, c)!.estimate as number;
    const groups = DECOMPOSITION_COMPONENTS.slice(3).reduce((s, c) => s + v(c), 0);
    assert.ok(Math.abs(groups - v('explained')) < 1e-12, `${country} ${year}: Σ groups ${groups} ≠ explained ${v('explained')}`);
    assert.ok(Math.abs(v('explained') + v('unexplained') - v('total')) < 1e-12, `${country} ${year}: explained + unexplained ≠ total`);
  }
  db.close();
});

test('the premium stage\'s kept fits and a refit give the same table; other options refit', async () => {
  const db = await Db.open();
  await createPanel(db, fixturePanel());
  const logs: string[] = [];
  const ctx: StudyContext = { ...ctxOf(db, [2021, 2022]), log: (m) => logs.push(m) };
  const [premium] = await measurePremium(ctx, { skills: 'none', seniority: false });
  const [kept] = await measureDecomposition(ctx, premium!);
  assert.ok(logs.some((m) => m.includes("premium stage's fits")), 'the first call reuses the premium fits');
  // the fits are handed over once: a second call refits
  const [again] = await measureDecomposition(ctx, premium!);
  assert.ok(logs.some((m) => m.includes('refitted')), 'the second call refits');
  assert.ok(kept!.rows.length > 0);
  assert.deepEqual(again!.rows, kept!.rows);
  // fits made under other options are not used
  await measurePremium(ctx, { skills: 'none', seniority: false });
  logs.length = 0;
  const [hc] = await measureDecomposition({ ...ctx, options: { ...ctx.options, vcov: 'hetero' } }, premium!);
  assert.ok(logs.some((m) => m.includes('refitted')));
  assert.notDeepEqual(hc!.rows.map((r) => r.se), kept!.rows.map((r) => r.se));
  db.close();
});

test('decomposition follows the premium table: unpublished cells and controls left out have no rows', async () => {
  const db = await Db.open();
  const panel = fixturePanel();
  await createPanel(db, panel);
  // min-cell 90: KR 2021 (88 AI rows) and KR 2022 (86) are withheld from premium.csv, US 2021 (101) is not
  const { premium, dec } = await decompose(ctxOf(db, [2021, 2022], { minCell: 90 }));
  assert.equal(premium.rows.find((r) => r.country === 'KR' && r.year === 2021)?.estimate, null);
  assert.deepEqual([...new Set(dec.rows.map((r) => `${String(r.country)} ${String(r.year)}`))], ['US 2021']);
  // --controls without role and industry: no row for those groups; the rest still add up
  const { dec: few } = await decompose(ctxOf(db, [2021], { premiumControls: ['seniority', 'highest_degree', 'start_year'] }));
  const us = cell(few, 'US', 2021);
  assert.deepEqual(us.map((r) => r.component), ['total', 'explained', 'unexplained', 'seniority', 'degree', 'experience', 'start_year']);
  const sum = us.slice(3).reduce((s, r) => s + (r.estimate as number), 0);
  assert.ok(Math.abs(sum - (comp(us, 'explained')!.estimate as number)) < 1e-12);
  db.close();
});

// A simulated world with a known truth: AI workers are more senior, each seniority level
// pays 0.15 log points, the true premium is 0.05 and nothing else differs between groups.
// The explained part is then the seniority composition effect, 0.15 × (mean seniority of AI
// − of non-AI), and the unexplained part the true premium.
test('simulated: the explained part recovers the seniority composition effect, the unexplained the true premium', async () => {
  const u = rng(20261204);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const beta = 0.05;
  const step = 0.15;
  const rows: PanelRow[] = [];
  const firmEffect = Array.from({ length: 200 }, () => 0.1 * normal());
  for (let uid = 0; uid < 8000; uid++) {
    const ai = u() < 0.3;
    const sen = Math.min(7, 1 + Math.floor(u() * 4) + (ai ? 2 : 0));
    const firm = Math.floor(u() * 200);
    const exp = 20 * u();
    rows.push({
      uid, year: 2021, country: 'KR', rcid: `f${firm}`, role: `r${Math.floor(u() * 5)}`, industry: `i${Math.floor(u() * 4)}`, seniority: sen,
      salary: Math.exp(10 + beta * (ai ? 1 : 0) + step * sen + 0.01 * exp + firmEffect[firm]! + 0.3 * normal()),
      exp_years: exp, start_year: 2015 + Math.floor(u() * 6), is_ai: ai, highest_degree: u() < 0.5 ? 'Bachelor' : 'Master',
    });
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const composition = step * (mean(rows.filter((r) => r.is_ai).map((r) => r.seniority!)) - mean(rows.filter((r) => !r.is_ai).map((r) => r.seniority!)));
  assert.ok(composition > 0.25, 'the simulated AI workers are more senior');
  const db = await Db.open();
  await createPanel(db, rows);
  const { dec } = await decompose(ctxOf(db, [2021]));
  const kr = cell(dec, 'KR', 2021);
  const within = (c: string, truth: number) => {
    const r = comp(kr, c)!;
    const [est, se] = [r.estimate as number, r.se as number];
    // within 4 standard errors and close in absolute terms
    assert.ok(Math.abs(est - truth) < 4 * se && Math.abs(est - truth) < 0.03, `${c}: ${est} (se ${se}) vs truth ${truth}`);
    assert.ok((r.ci_low as number) < est && est < (r.ci_high as number));
  };
  within('unexplained', beta);
  within('seniority', composition);
  within('explained', composition);
  for (const c of ['role', 'industry', 'degree', 'start_year']) within(c, 0);
  db.close();
});

test('a component whose estimate or standard error is not finite is blank (not estimable), the others published', () => {
  // A fit of a degenerate cell: the premium is published, one part's variance rounded below zero (se NaN).
  const row = (component: string, estimate: number, se: number) => ({ component, estimate, se, df: 4, ci_low: estimate - 2 * se, ci_high: estimate + 2 * se });
  const fit = {
    dropped: [], df: 4, nobs: 12,
    coef: () => ({ ai: 0.1 }), se: () => ({ ai: 0.02 }), confint: () => ({ ai: [0.05, 0.15] }),
    decomposition: () => [row('total', 0.3, 0.05), row('explained', 0.2, Number.NaN), row('unexplained', 0.1, 0.02), row('role', Number.NaN, 0.01), row('seniority', 0.2, 0.03)],
  } as unknown as FitResult;
  const premium = { estimate: 0.1, se: 0.02, ci_low: 0.05, ci_high: 0.15, df: 4 };
  const out = componentsOf(fit, premium);
  const blank = { estimate: null, se: null, ci_low: null, ci_high: null, df: null };
  assert.deepEqual(out, [
    { component: 'total', estimate: 0.3, se: 0.05, ci_low: 0.3 - 0.1, ci_high: 0.3 + 0.1, df: 4 },
    { component: 'explained', ...blank },
    { component: 'unexplained', ...premium },
    { component: 'role', ...blank },
    { component: 'seniority', estimate: 0.2, se: 0.03, ci_low: 0.2 - 0.06, ci_high: 0.2 + 0.06, df: 4 },
  ]);
  for (const r of out) for (const v of Object.values(r)) assert.ok(typeof v !== 'number' || Number.isFinite(v), JSON.stringify(r));
});
