import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../output/csv.ts';
import { ingestStackOverflow } from '../../ingest/surveys/stackoverflow.ts';
import { loadTaxonomy, matchSkill } from '../../taxonomy/match.ts';
import { postingsPremiums } from '../../reference/index.ts';
import { columnNames } from '../../contract/index.ts';
import { SURVEY_PREMIUM_2024 } from '../../contract/survey.ts';
import { readRealFolder } from '../../report/read.ts';
import { runSurveyStudy, wilson } from './index.ts';

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
  assert.deepEqual(names, ['real_premium_so2024', 'real_premium_so2025', 'aijobs_crossborder', 'aijobs_crossborder_gap', 'aijobs_premium', 'published_premiums']);
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
  const all = cb.find((x) => x.group === 'all')!;
  assert.equal(all.persons, 9);
  assert.equal(all.persons_cross_border, 3);
  assert.ok(Math.abs(Number(all.share) - 3 / 9) < 1e-12);
  // AI titles 0 of 2 cross-border, data titles 1 of 3, all in 2025: the gap is 0 − 100/3 points
  const gap = r.tables[3]!.rows[0]!;
  assert.deepEqual([gap.n, gap.n_ai, gap.df], [5, 2, 3]);
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
