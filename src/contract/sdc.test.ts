import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTable, findSchema, protectTables, type OutputTable, type Row } from './index.ts';
import { COMPOSITION, DECOMPOSITION, HEADCOUNT, MOBILITY, PREMIUM, PREMIUM_BY_SENIORITY } from './tables.ts';

const hc = (country: string, group: string, persons: number): Row => ({
  country, year: 2020, group, persons, persons_weighted: persons * 2, persons_weighted_ci_low: persons * 1.8, persons_weighted_ci_high: persons * 2.2,
});
const comp = (country: string, dimension: string, category: string, persons: number, total: number): Row => ({
  country, year: 2020, group: 'ai', dimension, category, persons, share: persons / total, persons_weighted: persons * 2, share_weighted: persons / total,
});
const tablesOf = (...ts: OutputTable[]): Map<string, OutputTable> => new Map(ts.map((t) => [t.name, t]));
const suppressedKeys = (t: OutputTable, key: string): string[] => t.rows.filter((r) => r.suppressed === true).map((r) => String(r[key]));

test('a lone small category gets a complementary cell: the smallest published one; the headcount stays', () => {
  const minCell = 5;
  const tables = tablesOf(
    buildTable(HEADCOUNT, [hc('AA', 'ai', 40)], minCell),
    buildTable(COMPOSITION, [comp('AA', 'degree', 'Bachelor', 20, 40), comp('AA', 'degree', 'Doctor', 3, 40), comp('AA', 'degree', 'Master', 9, 40), comp('AA', 'degree', 'PhD2', 8, 40)], minCell),
  );
  const { tables: out, summary } = protectTables(tables, findSchema, { minCell });
  const c = out.get('composition')!;
  assert.deepEqual(suppressedKeys(c, 'category'), ['Doctor', 'PhD2']);
  const phd2 = c.rows.find((r) => r.category === 'PhD2')!;
  assert.deepEqual([phd2.persons, phd2.share, phd2.persons_weighted, phd2.share_weighted], [null, null, null, null]);
  assert.equal(out.get('headcount')!.rows[0]!.suppressed, false);
  assert.deepEqual([summary.primaryRows, summary.secondaryRows, summary.tables.composition!.secondaryCells], [1, 1, 4]);
  // primary only: nothing added
  const p = protectTables(tables, findSchema, { minCell, mode: 'primary' });
  assert.deepEqual(suppressedKeys(p.tables.get('composition')!, 'category'), ['Doctor']);
  assert.equal(p.summary.secondaryRows, 0);
});

test('two small categories whose sum the bounds pin (1 + 1) get a third', () => {
  const minCell = 5;
  const tables = tablesOf(
    buildTable(HEADCOUNT, [hc('AA', 'ai', 30)], minCell),
    buildTable(COMPOSITION, [comp('AA', 'degree', 'A', 1, 30), comp('AA', 'degree', 'B', 1, 30), comp('AA', 'degree', 'C', 12, 30), comp('AA', 'degree', 'D', 16, 30)], minCell),
  );
  const { tables: out } = protectTables(tables, findSchema, { minCell });
  assert.deepEqual(suppressedKeys(out.get('composition')!, 'category'), ['A', 'B', 'C']);
});

test('the focus country\'s cells cost more: the complement is taken elsewhere when there is a choice', () => {
  const minCell = 5;
  const premium = (country: string, year: number | string, n: number, nAi: number): Row => ({
    country, year, skill: 'all', estimate: 0.1, se: 0.01, ci_low: 0.08, ci_high: 0.12, premium_pct: 10.5, premium_pct_ci_low: 8.3, premium_pct_ci_high: 12.7,
    n, n_ai: nAi, vcov: 'cluster', ssc: 'stata', df: 10, note: null, suppressed: false, persons: n, persons_ai: nAi, persons_non_ai: n - nAi,
  });
  const rows = [premium('KR', 2019, 50, 20), premium('KR', 2020, 30, 3), premium('KR', 2021, 40, 12), premium('KR', 'pooled', 120, 35)];
  const tables = tablesOf(buildTable(PREMIUM, rows, minCell));
  const focusKr = protectTables(tables, findSchema, { minCell, focus: 'KR' }).tables.get('premium')!;
  // the pooled row and the years are all the focus country's: the smallest other year (2021, 40) is the complement
  assert.deepEqual(suppressedKeys(focusKr, 'year'), ['2020', '2021']);
  const bySen = tablesOf(
    buildTable(PREMIUM, [premium('KR', 2020, 60, 20)], minCell),
    buildTable(PREMIUM_BY_SENIORITY, [1, 2, 3].map((s) => ({ ...premium('KR', 2020, s === 1 ? 4 : 28, s === 1 ? 2 : 9), seniority: s, skill: undefined }))
      .map(({ skill: _s, ...r }) => r), minCell),
  );
  const out = protectTables(bySen, findSchema, { minCell, focus: 'KR' }).tables;
  // the country's premium row is kept; a seniority level is the complement
  assert.equal(out.get('premium')!.rows[0]!.suppressed, false);
  assert.deepEqual(suppressedKeys(out.get('premium_by_seniority')!, 'seniority'), ['1', '2']);
});

test('mobility follows flows and headcount: a rate beside a withheld count is withheld', () => {
  const minCell = 5;
  const mob = (country: string, group: string): Row => ({ country, year: 2020, group, turnover_rate: 0.1, foreign_job_change_share: 0.2, net_per_10k: 3,
    t_base: 100, t_movers: 10, jc_all: 50, jc_foreign: 20, n_in: 30, n_out: 40, hc_all: 1000 });
  const tables = tablesOf(
    buildTable(HEADCOUNT, [hc('AA', 'ai', 3), hc('AA', 'non_ai', 300), hc('BB', 'ai', 30), hc('BB', 'non_ai', 300)], minCell),
    buildTable(MOBILITY, [mob('AA', 'ai'), mob('AA', 'non_ai'), mob('BB', 'ai')], minCell),
  );
  const m = protectTables(tables, findSchema, { minCell }).tables.get('mobility')!;
  assert.deepEqual(m.rows.map((r) => [r.country, r.group, r.turnover_rate, r.suppressed]), [['AA', 'ai', null, true], ['AA', 'non_ai', null, true], ['BB', 'ai', 0.1, false]]);
});

test('a withheld total whose parts are all withheld: the parts that pin it by existing are left out', () => {
  const minCell = 5;
  const tables = tablesOf(
    buildTable(HEADCOUNT, [hc('AA', 'ai', 4)], minCell),
    buildTable(COMPOSITION, [...[1, 2, 3, 4].map((i) => comp('AA', 'role', `r${i}`, 1, 4)), comp('AA', 'degree', 'd1', 4, 4)], minCell),
  );
  const { tables: out, summary } = protectTables(tables, findSchema, { minCell });
  // four roles of at least 1 in a headcount below 5 pin it to 4 (and the one degree with it): the parts go
  assert.deepEqual(out.get('composition')!.rows, []);
  assert.equal(summary.omittedRows, 5);
  // three roles leave the headcount 3 or 4: nothing is left out
  const three = tablesOf(
    buildTable(HEADCOUNT, [hc('AA', 'ai', 3)], minCell),
    buildTable(COMPOSITION, [...[1, 2, 3].map((i) => comp('AA', 'role', `r${i}`, 1, 3)), comp('AA', 'degree', 'd1', 3, 3)], minCell),
  );
  assert.equal(protectTables(three, findSchema, { minCell }).tables.get('composition')!.rows.length, 4);
  assert.equal(out.get('headcount')!.rows[0]!.persons, null);
});

test('--min-cell 0: nothing withheld', () => {
  const tables = tablesOf(buildTable(HEADCOUNT, [hc('AA', 'ai', 3)], 0), buildTable(COMPOSITION, [comp('AA', 'role', 'r1', 3, 3)], 0));
  const { tables: out, summary } = protectTables(tables, findSchema, { minCell: 0 });
  assert.equal(out.get('headcount')!.rows[0]!.persons, 3);
  assert.equal(summary.primaryRows + summary.secondaryRows, 0);
});

test('decomposition follows the premium row of skill `all`: a withheld premium withholds its decomposition, a withheld skill row does not', () => {
  const minCell = 5;
  const premium = (country: string, skill: string, nAi: number): Row => ({
    country, year: 2020, skill, estimate: 0.1, se: 0.01, ci_low: 0.08, ci_high: 0.12, premium_pct: 10.5, premium_pct_ci_low: 8.3, premium_pct_ci_high: 12.7,
    n: 60, n_ai: nAi, vcov: 'cluster', ssc: 'stata', df: 10, note: null, suppressed: false, persons: 60, persons_ai: nAi, persons_non_ai: 60 - nAi,
  });
  const part = (country: string, component: string): Row => ({
    country, year: 2020, component, estimate: 0.05, se: 0.01, ci_low: 0.03, ci_high: 0.07, df: 10, n: 60, n_ai: 20, suppressed: false, persons: 60, persons_ai: 20, persons_non_ai: 40,
  });
  const tables = tablesOf(
    buildTable(PREMIUM, [premium('AA', 'all', 3), premium('BB', 'all', 20), premium('BB', 'machine learning', 2)], minCell),
    buildTable(DECOMPOSITION, [part('AA', 'total'), part('AA', 'unexplained'), part('BB', 'total'), part('BB', 'unexplained')], minCell),
  );
  const d = protectTables(tables, findSchema, { minCell }).tables.get('decomposition')!;
  assert.deepEqual(d.rows.map((r) => [r.country, r.component, r.suppressed, r.estimate]), [
    ['AA', 'total', true, null], ['AA', 'unexplained', true, null], ['BB', 'total', false, 0.05], ['BB', 'unexplained', false, 0.05],
  ]);
});
