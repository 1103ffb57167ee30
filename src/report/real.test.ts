import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutputTable, Row } from '../output/table.ts';
import { realSectionBody, type RealHelpers } from './real.ts';

/** Page helpers that render plainly: enough to read what the section says. */
const helpers = (focus = 'KR'): RealHelpers => ({
  focus,
  table: (cols, rows) => `<table>${[cols, ...rows].map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'string' ? c : `${c.en}|${c.ko}`}</td>`).join('')}</tr>`).join('')}</table>`,
  bi: (v) => (typeof v === 'string' ? v : `${v.en}|${v.ko}`),
  chart: async () => '<figure></figure>',
  generic: (tb) => `<table data-generic="${tb.name}"></table>`,
  premiumChart: () => null,
});

const premiumRow = (country: string, definition: string, controls: string, shown: boolean): Row => ({
  country, year: 2024, definition, controls,
  estimate: shown ? 0.1 : null, se: shown ? 0.05 : null, ci_low: shown ? 0.002 : null, ci_high: shown ? 0.198 : null,
  premium_pct: shown ? 10.517 : null, premium_ci_low: shown ? 0.2 : null, premium_ci_high: shown ? 21.9 : null,
  n: shown ? 500 : null, n_ai: shown ? 80 : null, median_salary_ppp_ai: null, median_salary_ppp_non_ai: null, vcov: 'HC1', df: shown ? 480 : null,
  suppressed: !shown,
});

function premiumTable(suppressed: string[]): OutputTable {
  const rows: Row[] = [];
  for (const d of ['ml_framework_or_ai_devtype', 'ml_framework']) {
    for (const c of ['full', 'no_role']) {
      rows.push(premiumRow('US', d, c, true));
      for (const s of suppressed) rows.push(premiumRow(s, d, c, false));
    }
  }
  return { name: 'real_premium_so2024', columns: Object.keys(rows[0]!), rows };
}

const study = (minAi: number): OutputTable => ({ name: 'real_study', columns: ['min_ai'], rows: [{ min_ai: minAi }] });

test('real-data section: a named section, rounded premium with its interval, a few suppressed countries named in one sentence', async () => {
  const html = await realSectionBody(new Map([['real_premium_so2024', premiumTable(['FR', 'DE', 'KR'])], ['real_study', study(30)]]), helpers());
  assert.match(html, /<h3>AI premium in the Stack Overflow survey, 2024\|Stack Overflow 설문의 AI 임금 프리미엄, 2024년<\/h3>/);
  assert.match(html, />10\.5\|10\.5</);
  assert.match(html, /\[0\.2,\u00a021\.9\]/);
  assert.ok(!/0\.10517|10\.517/.test(html), 'no unrounded numbers');
  assert.match(html, /3 countries with fewer than 30 AI or non-AI respondents with compensation are not shown: France, Germany, Korea\./);
  assert.match(html, /AI 응답자가 30명 미만인 3개국은 표시하지 않음: /);
  assert.match(html, /AI defined as “ML framework”: 1 country shown, in real_premium_so2024\.csv\./);
  assert.equal((html.match(/<table>/g) ?? []).length, 1, 'one table: the main definition');
});

test('real-data section: many suppressed countries are counted (the focus country named), unknown tables shown as they are', async () => {
  const many = 'AR AT BE BG CL CN CO CZ DK EG FI GR HU ID IE IL JP KR MX NG NO NZ PT RO SE'.split(' ');
  const other: OutputTable = { name: 'extra', columns: ['a'], rows: [{ a: 1 }] };
  const html = await realSectionBody(new Map([['real_premium_so2024', premiumTable(many)], ['real_study', study(30)], ['extra', other]]), helpers());
  assert.match(html, /25 countries with fewer than 30 AI or non-AI respondents with compensation are not shown, Korea among them \(the list is in real_premium_so2024\.csv\)\./);
  assert.ok(!html.includes('Argentina'));
  assert.match(html, /<h3>extra<\/h3><table data-generic="extra">/);
});

test('real-data section: the aijobs.net occupation gap, deduplicated rows in the table, the with-duplicates row in one sentence', async () => {
  const gapRow = (sample: string, country: string, pct: number, n: number): Row => ({
    sample, scope: country === 'all' ? 'all employer countries (FE country × year)' : 'employer country (FE year)', country,
    estimate: Math.log1p(pct / 100), se: 0.01, ci_low: 0, ci_high: 1, gap_pct: pct, gap_pct_ci_low: pct - 1, gap_pct_ci_high: pct + 1,
    n, n_ai: n / 4, vcov: sample === 'deduplicated' ? 'HC1' : 'cluster', df: n - 10, suppressed: false,
  });
  const occ: OutputTable = {
    name: 'aijobs_occupation_gap',
    columns: Object.keys(gapRow('deduplicated', 'all', 1, 4)),
    rows: [gapRow('deduplicated', 'all', 37.2, 37318), gapRow('deduplicated', 'US', 38.1, 30790), gapRow('with_duplicates', 'all', 38.7, 73456), gapRow('with_duplicates', 'US', 39.2, 64708)],
  };
  const html = await realSectionBody(new Map([['aijobs_occupation_gap', occ], ['real_study', study(30)]]), helpers());
  assert.match(html, /<h3>Occupation gap in pay, AI minus data job titles, aijobs\.net\|aijobs\.net의 직업 간 임금 격차\(AI 직함 − 데이터 직함\)<\/h3>/);
  assert.match(html, />37\.2\|37\.2</);
  assert.ok(!html.includes('>38.7|') && !html.includes('>39.2|'), 'the with-duplicates rows are not in the table');
  assert.match(html, /With the exact duplicates kept \(73,456 salaries; errors clustered by duplicate group\): 38\.7% \(95% CI 37\.7 to 39\.7\)\./);
  assert.match(html, /완전 중복 행을 포함하면\(급여 73,456건, 중복 묶음별 군집 표준오차\) 38\.7%/);
  assert.match(html, /An occupation gap, not a skill premium/);
  assert.match(html, /기술 프리미엄이 아닌 직업 간 격차/);
});
