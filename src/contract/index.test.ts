import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  ContractViolation, HEADCOUNT, MOBILITY, PREMIUM, STUDY_TABLES, allSchemas, buildTable, columnNames, enforce, protect,
  registerSchemas, typeCell, wouldSuppress, CellTypeError, type TableSchema,
} from './index.ts';

const hc = (persons: number, extra: Record<string, unknown> = {}) => ({
  country: 'KR', year: 2024, group: 'ai', persons, persons_weighted: persons * 1.5, persons_weighted_ci_low: persons, persons_weighted_ci_high: persons * 2, ...extra,
});

test('buildTable: a row with a column the schema lacks, or without one it declares, is a ContractViolation', () => {
  assert.throws(() => buildTable(HEADCOUNT, [hc(20, { note: 'x' })], 10), (e: Error) => e instanceof ContractViolation && /"note", which the schema does not declare/.test(e.message));
  const { persons_weighted: _, ...missing } = hc(20);
  assert.throws(() => buildTable(HEADCOUNT, [missing], 10), (e: Error) => e instanceof ContractViolation && /lacks column "persons_weighted"/.test(e.message));
  assert.throws(() => buildTable(HEADCOUNT, [hc(20, { year: '2024' })], 10), /column "year": expected a year/);
  assert.throws(() => buildTable(HEADCOUNT, [hc(25.5)], 10), /column "persons": expected an integer/);
  const ok = buildTable(HEADCOUNT, [hc(20), hc(3), hc(0)], 10);
  assert.deepEqual(ok.columns, ['country', 'year', 'group', 'persons', 'persons_weighted', 'persons_weighted_ci_low', 'persons_weighted_ci_high', 'suppressed']);
  assert.deepEqual(ok.rows.map((r) => [r.persons, r.persons_weighted, r.suppressed]), [[20, 30, false], [null, null, true], [0, 0, false]]);
});

test('protect: any rule withholds the whole row (no rate left in a suppressed row); internal counts decide and are dropped; --min-cell 0 turns it off', () => {
  const row = { country: 'KR', year: 2024, group: 'ai', turnover_rate: 0.1, foreign_job_change_share: 0.2, net_per_10k: 3,
    t_base: 100, t_movers: 10, jc_all: 50, jc_foreign: 4, n_in: 30, n_out: 40, hc_all: 1000 };
  const [r] = protect(MOBILITY, [row], 10);
  assert.deepEqual(r, { country: 'KR', year: 2024, group: 'ai', turnover_rate: null, foreign_job_change_share: null, net_per_10k: null, suppressed: true });
  const [open] = protect(MOBILITY, [row], 0);
  assert.deepEqual(open, { country: 'KR', year: 2024, group: 'ai', turnover_rate: 0.1, foreign_job_change_share: 0.2, net_per_10k: 3, suppressed: false });
  assert.equal(wouldSuppress(PREMIUM, { persons: 50, persons_ai: 12, persons_non_ai: 38 }, 10), false);
  assert.equal(wouldSuppress(PREMIUM, { persons: 50, persons_ai: 45, persons_non_ai: 5 }, 10), true);
  assert.equal(wouldSuppress(PREMIUM, { persons: 50, persons_ai: 45, persons_non_ai: 5 }, 0), false);
});

test('enforce (dashboard): flagged rows and small published counts or count differences are blanked; keys and labels stay', () => {
  const table = {
    name: 'premium',
    columns: columnNames(PREMIUM),
    rows: [
      { country: 'KR', year: 2024, skill: 'all', estimate: 0.1, se: 0.01, ci_low: 0.08, ci_high: 0.12, premium_pct: 10.5, premium_pct_ci_low: 8.33, premium_pct_ci_high: 12.75, n: 500, n_ai: 60, vcov: 'cluster', ssc: 'stata', df: 99, suppressed: false },
      { country: 'US', year: 2024, skill: 'all', estimate: 0.1, se: 0.01, ci_low: 0.08, ci_high: 0.12, premium_pct: 10.5, premium_pct_ci_low: 8.33, premium_pct_ci_high: 12.75, n: 500, n_ai: 495, vcov: 'cluster', ssc: 'stata', df: 99, suppressed: false },
    ],
  };
  const out = enforce(PREMIUM, table, 10);
  assert.equal(out.rows[0]!.suppressed, false);
  assert.deepEqual(out.rows[1], { country: 'US', year: 2024, skill: 'all', estimate: null, se: null, ci_low: null, ci_high: null, premium_pct: null, premium_pct_ci_low: null, premium_pct_ci_high: null, n: null, n_ai: null, vcov: 'cluster', ssc: 'stata', df: null, suppressed: true });
  assert.deepEqual(enforce(PREMIUM, out, 10), out);
});

test('typeCell: types by column; text stays text; bad cells name file, line and column', () => {
  const col = (name: string) => STUDY_TABLES.flatMap((s) => s.columns).find((c) => c.name === name)!;
  assert.equal(typeCell(col('country'), 'NA', 'x.csv line 2'), 'NA');
  assert.equal(typeCell(col('category'), '12', 'x.csv line 2'), '12');
  assert.equal(typeCell(col('year'), 'pooled', 'x.csv line 2'), 'pooled');
  assert.equal(typeCell(col('year'), '2024', 'x.csv line 2'), 2024);
  assert.equal(typeCell(col('seniority'), 'unknown', 'x.csv line 2'), 'unknown');
  assert.equal(typeCell(col('seniority'), '3', 'x.csv line 2'), 3);
  assert.equal(typeCell(col('suppressed'), 'true', 'x.csv line 2'), true);
  assert.equal(typeCell(col('persons'), '', 'x.csv line 2'), null);
  assert.throws(() => typeCell(col('persons'), 'many', 'headcount.csv line 7'), (e: Error) => e instanceof CellTypeError && /headcount\.csv line 7, column "persons"/.test(e.message));
  // sensitivity's `value` is a number (it was read back as text when types were guessed by name).
  assert.equal(typeCell(col('value_weighted'), '0.25', 'x.csv line 2'), 0.25);
});

test('every schema is consistent: keys, disclosure counts and blanked columns are columns; df declared where inference is', () => {
  for (const s of allSchemas()) {
    assert.ok(s.key.length > 0, s.name);
    if (s.columns.some((c) => c.name === 'se')) assert.equal(s.df, 'df', `${s.name} has standard errors, so it publishes df`);
    for (const c of s.columns) if (c.role === 'count') assert.equal(c.type, 'integer', `${s.name}.${c.name}`);
  }
  const bad: TableSchema = { name: 'bad', title: 'bad', key: ['nope'], columns: [{ name: 'x', type: 'text', role: 'key', label: 'x' }] };
  assert.throws(() => registerSchemas([bad]), /key "nope" is not a column/);
});

test('measures build their output tables through the contract, never by hand', () => {
  const root = fileURLToPath(new URL('../measure/', import.meta.url));
  for (const dir of readdirSync(root)) {
    let text: string;
    try {
      text = readFileSync(join(root, dir, 'index.ts'), 'utf8');
    } catch {
      continue;
    }
    assert.doesNotMatch(text, /\bcolumns:\s*\[/, `src/measure/${dir}/index.ts lists output columns by hand`);
    assert.doesNotMatch(text, /\{\s*name:\s*'[a-z_]+',\s*columns:/, `src/measure/${dir}/index.ts builds an OutputTable by hand`);
  }
});
