import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Db } from '../../db/index.ts';
import { studyOptions, type StudyOptions } from '../../study/options.ts';
import type { StudyContext } from '../../study/context.ts';
import type { Cell, OutputTable } from '../../output/table.ts';
import { PREMIUM_NEW_HIRES, columnNames } from '../../contract/index.ts';
import { NEW_HIRES_TABLE, measurePremium } from './index.ts';
import { measurePremiumNewHires } from './new-hires.ts';
import { createPanel, rng, type PanelRow } from '../../../test/helpers/premium/fixture.ts';

const ctxOf = (db: Db, years: number[], o: Partial<StudyOptions> = {}): StudyContext => ({ db, options: studyOptions({ minCell: 0, ...o }), years });
const find = (t: OutputTable | undefined, where: Record<string, Cell>) => t?.rows.find((r) => Object.entries(where).every(([k, v]) => r[k] === v));
const rel = (a: unknown, b: number, tol: number, what: string) =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(1e-8, Math.abs(b)), `${what}: ${String(a)} ≠ ${b}`);

const FIXTURE = new URL('../../../test/fixtures/r/', import.meta.url);

/** test/fixtures/r/new-hires.csv (written by premium-new-hires.R): no field holds a comma. */
function readFixturePanel(): PanelRow[] {
  const [head, ...lines] = readFileSync(new URL('new-hires.csv', FIXTURE), 'utf8').trim().split('\n');
  const cols = head!.split(',').map((c) => c.replace(/"/g, ''));
  return lines.map((line) => {
    const v = Object.fromEntries(line.split(',').map((x, i) => [cols[i]!, x.replace(/"/g, '')]));
    const text = (k: string) => (v[k] === '' ? null : v[k]!);
    const num = (k: string) => (v[k] === '' ? null : Number(v[k]));
    return {
      uid: Number(v.uid), year: Number(v.year), country: v.country!, position_id: v.position_id!, rcid: text('rcid'),
      role: text('role'), industry: text('industry'), seniority: num('seniority'), salary: num('salary'),
      exp_years: Number(v.exp_years), start_year: num('start_year'), is_ai: v.is_ai === 'TRUE', highest_degree: text('highest_degree'),
    };
  });
}

interface RRow { country: string; year: number | 'pooled'; estimate: number; se: number; ci_low: number; ci_high: number; n: number; n_ai: number; df: number }

test('new-hire premium equals estimatr/sandwich (yearly CR1 by firm, pooled two-way by firm and person) to 1e-6', async () => {
  const ref = JSON.parse(readFileSync(new URL('new-hires.json', FIXTURE), 'utf8')) as { results: RRow[] };
  const db = await Db.open();
  await createPanel(db, readFixturePanel());
  const [t] = await measurePremiumNewHires(ctxOf(db, [2019, 2020, 2021]));
  assert.ok(t);
  assert.deepEqual(t.columns, columnNames(PREMIUM_NEW_HIRES));
  assert.equal(t.rows.length, ref.results.length);
  for (const r of ref.results) {
    const row = find(t, { country: r.country, year: r.year });
    assert.ok(row, `${r.country} ${r.year}`);
    for (const k of ['estimate', 'se', 'ci_low', 'ci_high'] as const) rel(row[k], r[k], 1e-6, `${r.country} ${r.year} ${k}`);
    rel(row.premium_pct, 100 * Math.expm1(r.estimate), 1e-6, 'premium_pct');
    rel(row.premium_pct_ci_low, 100 * Math.expm1(r.ci_low), 1e-6, 'premium_pct_ci_low');
    rel(row.premium_pct_ci_high, 100 * Math.expm1(r.ci_high), 1e-6, 'premium_pct_ci_high');
    assert.equal(row.n, r.n);
    assert.equal(row.n_ai, r.n_ai);
    assert.equal(row.df, r.df);
    assert.equal(row.vcov, r.year === 'pooled' ? 'cluster2' : 'cluster');
    assert.equal(row.ssc, 'stata');
  }
  db.close();
});

/**
 * A seeded world where the pay of a position is set when it starts: AI hires of the year
 * earn β_new = 0.25 more, older positions β_old = 0.05. The new-hire premium recovers
 * β_new; the stock premium, a mix dominated by older positions, stays far below it.
 */
test('new-hire premium recovers the premium of the year’s hires where the stock premium lags', async () => {
  const u = rng(77);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const rows: PanelRow[] = [];
  const years = [2020, 2021, 2022];
  for (let uid = 0; uid < 6000; uid++) {
    const ai = u() < 0.3;
    let start = 2010 + Math.floor(u() * 10);
    const first = start - Math.floor(u() * 8);
    for (const year of years) {
      if (u() < 0.25) start = year;
      const exp = start - first + u();
      const sen = 1 + Math.floor(u() * 5);
      const beta = start === year ? 0.25 : 0.05;
      rows.push({
        uid, year, country: 'AA', position_id: `p${uid}-${year}`, rcid: `f${Math.floor(u() * 150)}`, role: `r${Math.floor(u() * 6)}`,
        industry: `i${Math.floor(u() * 4)}`, seniority: sen, salary: Math.exp(10 + beta * (ai ? 1 : 0) + 0.02 * exp + 0.1 * sen + 0.3 * normal()),
        exp_years: exp, start_year: start, is_ai: ai, highest_degree: 'Master',
      });
    }
  }
  // a second country so that the sample has more than one country
  for (const r of rows.slice(0, 600)) rows.push({ ...r, uid: r.uid + 100_000, country: 'BB', position_id: `b${r.position_id}` });
  const db = await Db.open();
  await createPanel(db, rows);
  const ctx = ctxOf(db, years);
  const [nh] = await measurePremiumNewHires(ctx);
  const [stock] = await measurePremium(ctx, { skills: 'none', seniority: false });
  for (const year of [...years, 'pooled'] as const) {
    const n = find(nh, { country: 'AA', year });
    const s = find(stock, { country: 'AA', year, skill: 'all' });
    assert.ok(n && s, String(year));
    const [lo, hi, est] = [n.ci_low as number, n.ci_high as number, n.estimate as number];
    assert.ok(lo <= 0.25 && 0.25 <= hi, `${year}: new-hire CI [${lo}, ${hi}] misses 0.25`);
    assert.ok((s.ci_high as number) < 0.2, `${year}: stock premium ${String(s.estimate)} should lag the hires' 0.25`);
    assert.ok(est - (s.estimate as number) > 0.1, `${year}: new-hire ${est} vs stock ${String(s.estimate)}`);
    // only the year's hires are in the sample
    assert.ok((n.n as number) < 0.35 * (s.n as number) && (n.n as number) > 0.15 * (s.n as number), `${year}: n ${String(n.n)} of ${String(s.n)}`);
  }
  db.close();
});

test('new-hire cells follow the premium disclosure rule and report the rule and variance', async () => {
  const db = await Db.open();
  const rows: PanelRow[] = [];
  for (let i = 0; i < 40; i++)
    rows.push({
      uid: i, year: 2020, country: 'AA', rcid: `f${i % 7}`, role: 'r', industry: 'i', seniority: 2, salary: 100 + i * (i % 3),
      exp_years: i % 9, start_year: i < 30 ? 2020 : 2015, is_ai: i % 5 === 0, highest_degree: 'Bachelor',
    });
  await createPanel(db, rows);
  const [t] = await measurePremiumNewHires(ctxOf(db, [2020], { minCell: 10, vcov: 'hetero', ssc: 'nested' }));
  const row = find(t, { country: 'AA', year: 2020 });
  assert.ok(row);
  // 30 new hires, 6 of them AI (< 10): blanked and flagged
  assert.equal(row.suppressed, true);
  assert.equal(row.estimate, null);
  assert.equal(row.n, null);
  assert.equal(row.vcov, 'hetero');
  assert.equal(row.ssc, 'nested');
  db.close();
});

test('the new-hire sample handed over by measurePremium gives the same table as one built from the panel; a stale one is not used', async () => {
  const db = await Db.open();
  await createPanel(db, readFixturePanel());
  const log: string[] = [];
  const ctx = (years: number[], o: Partial<StudyOptions> = {}): StudyContext => ({ ...ctxOf(db, years, o), log: (m) => log.push(m) });
  const years = [2019, 2020, 2021];
  const [built] = await measurePremiumNewHires(ctx(years));
  assert.ok(log.some((m) => /new-hire sample built/.test(m)));
  await measurePremium(ctx(years), { skills: 'none', seniority: false });
  assert.equal(await db.hasTable(NEW_HIRES_TABLE), true);
  log.length = 0;
  const [handed] = await measurePremiumNewHires(ctx(years));
  assert.ok(log.some((m) => /new-hire sample from the premium stage/.test(m)), log.join('\n'));
  assert.deepEqual(handed, built);
  assert.equal(await db.hasTable(NEW_HIRES_TABLE), false);
  // made for other years (or weighting): dropped, and the sample built from the panel
  await measurePremium(ctx([2020, 2021]), { skills: 'none', seniority: false });
  log.length = 0;
  const [again] = await measurePremiumNewHires(ctx(years));
  assert.ok(log.some((m) => /new-hire sample built/.test(m)), log.join('\n'));
  assert.deepEqual(again, built);
  db.close();
});
