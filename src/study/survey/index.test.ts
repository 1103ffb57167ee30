import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../output/csv.ts';
import { ingestStackOverflow } from '../../ingest/surveys/stackoverflow.ts';
import { ingestAijobs } from '../../ingest/surveys/aijobs.ts';
import { loadTaxonomy, matchSkill } from '../../taxonomy/match.ts';
import { postingsPremiums } from '../../reference/index.ts';
import { columnNames } from '../../contract/index.ts';
import { SURVEY_PREMIUM_2024 } from '../../contract/survey.ts';
import { readRealFolder } from '../../report/read.ts';
import { runSurveyStudy, shareInterval, wilson } from './index.ts';

const FIX = fileURLToPath(new URL('../../../test/fixtures/surveys/', import.meta.url));
const files = { so2024: join(FIX, 'so2024-excerpt.csv'), so2025: join(FIX, 'so2025-excerpt.csv'), aijobs: join(FIX, 'aijobs-excerpt.csv') };

test('Wilson interval brackets the share', () => {
  const [lo, hi] = wilson(56, 21823);
  assert.ok(lo < 56 / 21823 && 56 / 21823 < hi && lo > 0);
});

test('survey study on the excerpts: every table written; 2 respondents a country are suppressed at --min-ai 30', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'tf-survey-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const r = await runSurveyStudy({ outDir: out, minAi: 30, files });
  const names = r.tables.map((x) => x.name);
  assert.deepEqual(names, ['real_premium_so2024', 'real_premium_so2025', 'aijobs_crossborder', 'aijobs_crossborder_gap', 'aijobs_occupation_gap', 'published_premiums']);
  for (const n of names) assert.ok(existsSync(join(out, `${n}.csv`)), n);
  assert.ok(!existsSync(join(out, 'datasets')), 'no per-respondent folder in the output');
  const so = r.tables[0]!;
  assert.deepEqual(so.columns, columnNames(SURVEY_PREMIUM_2024));
  // US, DE, IN, GB (2 each with compensation), 2 definitions × 2 control sets
  assert.ok(so.rows.length >= 16);
  for (const row of so.rows) {
    assert.equal(row.suppressed, true);
    assert.equal(row.estimate, null);
    assert.equal(row.n, null);
  }
  const pub = r.tables[5]!;
  assert.deepEqual(pub.rows.map((x) => x.premium_pct), postingsPremiums().map((f) => f.value));
  const meta = JSON.parse(readFileSync(join(out, 'real_study.json'), 'utf8')) as { minAi: number; inputs: unknown[] };
  assert.equal(meta.minAi, 30);
  assert.equal(meta.inputs.length, 3);
  // read back through the contract: the same cells, typed by the schemas
  const back = await readRealFolder(out);
  for (const tb of r.tables) assert.deepEqual(back.get(tb.name)!.rows, tb.rows, tb.name);
  assert.equal(back.get('real_study')!.rows[0]!.min_ai, 30);
});

test('survey study at --min-ai 1: cells are shown but a four-respondent fit publishes no coefficient', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'tf-survey-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const r = await runSurveyStudy({ outDir: out, minAi: 1, files });
  const us = r.tables[0]!.rows.find((x) => x.country === 'US' && x.definition === 'ml_framework_or_ai_devtype' && x.controls === 'full');
  assert.ok(us, 'a US row');
  assert.equal(us.suppressed, false);
  assert.equal(us.n_ai, 2);
  assert.equal(us.n, 4);
  assert.equal(us.median_salary_ppp_ai, 145000);
  // four respondents, more parameters than that: the fit is unusable and its cells stay blank
  assert.equal(us.estimate, null);
  assert.equal(us.premium_pct, null);
  const cb = r.tables[2]!.rows;
  const all = cb.find((x) => x.group === 'all' && x.sample === 'deduplicated')!;
  assert.equal(all.persons, 9);
  assert.equal(all.persons_cross_border, 3);
  assert.ok(Math.abs(Number(all.share) - 3 / 9) < 1e-12);
  // AI titles 0 of 2 cross-border, data titles 1 of 3, all in 2025: the gap is 0 − 100/3 points
  const gap = r.tables[3]!.rows[0]!;
  assert.deepEqual([gap.sample, gap.n, gap.n_ai, gap.df], ['deduplicated', 5, 2, 3]);
  assert.ok(Math.abs(Number(gap.estimate_pp) + 100 / 3) < 1e-9, String(gap.estimate_pp));
});

test('so-ml matches the real 2024 technology names of ML frameworks and not general data tools', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'tf-survey-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  await ingestStackOverflow({ file: files.so2024, out: join(out, 'so') });
  const [head, ...rows] = parseCsv(readFileSync(join(out, 'so', 'individual_user_skills.csv'), 'utf8'));
  const col = head!.indexOf('skill_raw');
  const names = new Set(rows.map((r) => r[col]!));
  const tax = loadTaxonomy('so-ml');
  const ml = ['Torch/PyTorch', 'TensorFlow', 'Scikit-Learn', 'Keras', 'Hugging Face Transformers'].filter((n) => names.has(n));
  const general = ['Pandas', 'NumPy', 'Opencv', 'CUDA', 'Apache Spark', 'Python'].filter((n) => names.has(n));
  assert.ok(ml.length >= 2 && general.length >= 2, 'the excerpt holds both kinds');
  for (const n of ml) assert.equal(matchSkill(tax, n)?.subfield, 'ML framework', n);
  for (const n of general) assert.equal(matchSkill(tax, n), null, n);
  assert.equal(matchSkill(tax, 'DevType: Developer, AI')?.subfield, 'AI/ML developer type');
  assert.equal(matchSkill(tax, 'DevType: Data engineer'), null);
  assert.equal(matchSkill(tax, 'openAI GPT (chatbot models)')?.subfield, 'LLM used (2025)');
});

/** R-7 (DuckDB quantile_cont) quantile of sorted values. */
function quantile7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

/**
 * An aijobs.net file of 101 distinct salaries 1,000 … 101,000 paid by US employers (titles
 * cycling AI, data, other; every 10th employee living in CA), plus exact copies: 3 of row
 * 50 (another title, CA) and 2 of row 1 (the lowest salary, a data title).
 */
function aijobsWorld(dir: string): { file: string; rows: { salary: number; cls: string }[] } {
  const head = 'work_year,experience_level,employment_type,job_title,salary,salary_currency,salary_in_usd,employee_residence,remote_ratio,company_location,company_size';
  const titles: [string, string][] = [['Machine Learning Engineer', 'ai'], ['Data Engineer', 'data'], ['Software Engineer', 'other']];
  const rows: { line: string; salary: number; cls: string }[] = [];
  for (let i = 1; i <= 101; i++) {
    const [t, cls] = titles[i % 3]!;
    const salary = 1000 * i;
    rows.push({ line: `2025,SE,FT,${t},${salary},USD,${salary},${i % 10 === 0 ? 'CA' : 'US'},0,US,M`, salary, cls });
  }
  const copies = [rows[49]!, rows[49]!, rows[49]!, rows[0]!, rows[0]!];
  const all = [...rows, ...copies];
  const file = join(dir, 'aijobs-dups.csv');
  writeFileSync(file, [head, ...all.map((r) => r.line)].join('\n') + '\n');
  return { file, rows: all };
}

test('aijobs.net exact duplicates: counted and marked by the adapter (dup_group, dup_copy)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-aj-dups-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { file } = aijobsWorld(dir);
  const r = await ingestAijobs({ file, out: join(dir, 'out') });
  assert.deepEqual(r.meta.exact_duplicates && { ...(r.meta.exact_duplicates as Record<string, unknown>), rule: undefined }, {
    rule: undefined, distinct_rows: 101, copies: 5, groups: 2, rows_in_groups: 7, largest_group: 4,
  });
  const [head, ...pos] = parseCsv(readFileSync(join(dir, 'out', 'individual_positions.csv'), 'utf8'));
  const g = head!.indexOf('dup_group');
  const k = head!.indexOf('dup_copy');
  assert.ok(g >= 0 && k >= 0);
  // file rows 102–104 copy row 50, rows 105–106 copy row 1
  assert.deepEqual(pos.slice(101).map((p) => [p[g], p[k]]), [['50', '2'], ['50', '3'], ['50', '4'], ['1', '2'], ['1', '3']]);
  assert.deepEqual([pos[0]![g], pos[0]![k], pos[49]![g], pos[49]![k], pos[1]![g], pos[1]![k]], ['1', '1', '50', '1', '2', '1']);
});

test('aijobs.net occupation gap: deduplicated by default, with duplicates as a sensitivity row; salaries trimmed at the 1st and 99th percentiles', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-aj-dups-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { file, rows } = aijobsWorld(dir);
  const r = await runSurveyStudy({ outDir: join(dir, 'out'), minAi: 1, files: { ...files, aijobs: file } });
  const occ = r.tables.find((x) => x.name === 'aijobs_occupation_gap')!;
  // by hand: quantiles over every title class of the sample, then AI and data titles inside [q1, q99]
  const expectN = (sample: { salary: number; cls: string }[]) => {
    const s = sample.map((x) => x.salary).sort((a, b) => a - b);
    const [lo, hi] = [quantile7(s, 0.01), quantile7(s, 0.99)];
    const kept = sample.filter((x) => x.salary >= lo && x.salary <= hi && (x.cls === 'ai' || x.cls === 'data'));
    return [kept.length, kept.filter((x) => x.cls === 'ai').length];
  };
  const distinct = rows.slice(0, 101);
  const dedup = occ.rows.find((x) => x.sample === 'deduplicated' && x.country === 'all')!;
  const dups = occ.rows.find((x) => x.sample === 'with_duplicates' && x.country === 'all')!;
  assert.deepEqual([dedup.n, dedup.n_ai], expectN(distinct));
  assert.deepEqual([dups.n, dups.n_ai], expectN(rows));
  // the trim drops the lowest and the highest salary of the 101 (1,000 and 101,000): 66 AI or data titles of 67 remain
  assert.deepEqual(expectN(distinct), [66, 33]);
  assert.deepEqual([dedup.vcov, dups.vcov], ['HC1', 'cluster']);
  assert.equal(occ.rows[0]!.sample, 'deduplicated');
  assert.ok(typeof dedup.gap_pct === 'number' && typeof dups.gap_pct === 'number');
  // cross-border shares: 10 of the 101 distinct rows live in CA (every 10th), and so do the 3 copies of row 50
  const cb = r.tables.find((x) => x.name === 'aijobs_crossborder')!;
  const allD = cb.rows.find((x) => x.sample === 'deduplicated' && x.group === 'all')!;
  const allW = cb.rows.find((x) => x.sample === 'with_duplicates' && x.group === 'all')!;
  assert.deepEqual([allD.persons, allD.persons_cross_border, allW.persons, allW.persons_cross_border], [101, 10, 106, 13]);
  const gap = r.tables.find((x) => x.name === 'aijobs_crossborder_gap')!;
  assert.deepEqual(gap.rows.map((x) => [x.sample, x.vcov]), [['deduplicated', 'HC1'], ['with_duplicates', 'cluster']]);
});

test('shareInterval: Wilson without clustering; with duplicate groups, a clustered Wald interval', () => {
  assert.deepEqual(shareInterval(3, 10, 10, 0, false), wilson(3, 10));
  // two groups of 5: 3 of 5 and 0 of 5 cross-border, p = 0.3; ss = (3 − 1.5)² + (0 − 1.5)² = 4.5
  const se = Math.sqrt(2 * 4.5) / 10;
  const [lo, hi] = shareInterval(3, 10, 2, 4.5, true);
  assert.ok(Math.abs(lo - Math.max(0, 0.3 - 1.959963984540054 * se)) < 1e-12 && Math.abs(hi - (0.3 + 1.959963984540054 * se)) < 1e-12);
});
