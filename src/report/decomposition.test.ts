import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cell, OutputTable } from '../output/table.ts';
import { ReportData } from './data.ts';
import { decompositionParagraphs, decompositionView, shareOfGap } from './decomposition.ts';

/** decomposition.csv rows of one country-year: [component, estimate, ci_low, ci_high]. */
function cell(country: string, year: number, parts: [string, number | null, number | null, number | null][]): Record<string, Cell>[] {
  return parts.map(([component, estimate, lo, hi]) => ({
    country, year, component, estimate, se: estimate === null ? null : 0.01, ci_low: lo, ci_high: hi, df: 30, n: 500, n_ai: 100, suppressed: estimate === null,
  }));
}

const std = (total: number, sen: number, une: number, totalLo = total - 0.02): [string, number, number, number][] => [
  ['total', total, totalLo, total + 0.02], ['explained', total - une, total - une - 0.02, total - une + 0.02],
  ['unexplained', une, une - 0.03, une + 0.03], ['seniority', sen, sen - 0.01, sen + 0.01],
];

function data(rows: Record<string, Cell>[]): ReportData {
  const t: OutputTable = { name: 'decomposition', columns: Object.keys(rows[0] ?? {}), rows };
  return new ReportData(new Map([['decomposition', t]]), 'KR');
}

test('the view is the latest year of the focus country, with every country of that year', () => {
  const d = data([
    ...cell('KR', 2022, std(0.3, 0.05, 0.1)),
    ...cell('KR', 2023, std(0.3, 0.2, 0.05)),
    ...cell('US', 2023, std(0.4, 0.02, 0.2)),
    ...cell('DE', 2023, std(0.35, 0.04, 0.15)),
    ...cell('US', 2024, std(0.4, 0.02, 0.2)), // a later year without the focus country
    ...cell('JP', 2023, [['total', null, null, null]]), // withheld: not a comparison country
  ]);
  const v = decompositionView(d, 'KR')!;
  assert.equal(v.year, 2023);
  assert.deepEqual(v.countries.map((c) => c.country), ['DE', 'KR', 'US']);
  const [first, second, third] = decompositionParagraphs(v, 'KR', 'en', 'cluster');
  assert.match(first!, /^In 2023, the raw gap .* in Korea was 0\.300 log points \(95% CI 0\.280 to 0\.320\)\. .*account for 0\.250 .*83% of the gap\), seniority alone for 0\.200 .*67% of the gap\); the rest, 0\.050 /);
  assert.match(second!, /^The Bank of Korea attributes/);
  assert.match(second!, /Korea’s seniority part is 0\.200 log points; the point estimates of the 2 comparison countries range from 0\.020 to 0\.040 \(median 0\.030\), larger than in every one of them\./);
  assert.match(second!, /Korea’s unexplained part, 0\.050 log points, is the lowest of 3 countries\./);
  assert.match(third!, /descriptive.*clustered by firm/);
  const ko = decompositionParagraphs(v, 'KR', 'ko', 'cluster');
  assert.match(ko[0]!, /^2023년 한국에서 .*원격차는 0\.300 로그 포인트\(95% 신뢰구간 0\.280~0\.320\)\. .*직급만으로는 0\.200\(95% 신뢰구간 0\.190~0\.210, 격차의 67%\)\. 나머지 부분/);
  assert.match(ko[1]!, /모든 비교 국가보다 큼\. 한국의 설명되지 않는 부분은 0\.050 로그 포인트로 3개국 중 가장 낮음\./);
});

test('no share of the gap when the raw gap’s interval includes zero; no BOK sentence for another focus country', () => {
  const d = data([...cell('KR', 2023, std(0.01, 0.02, 0.0, -0.01)), ...cell('US', 2023, std(0.4, 0.02, 0.2))]);
  const v = decompositionView(d, 'US')!;
  assert.equal(shareOfGap(v.countries.find((c) => c.country === 'KR')!, 'seniority', 'en'), null);
  assert.equal(shareOfGap(v.focus!, 'seniority', 'en'), '5%');
  const en = decompositionParagraphs(v, 'US', 'en', 'hetero');
  assert.ok(!en.join(' ').includes('Bank of Korea'));
  assert.match(en[1]!, /United States’s seniority part is 0\.020 log points; the comparison country’s point estimate is 0\.020, within their range/);
  assert.match(en[2]!, /\(HC1\)/);
  assert.equal(decompositionView(data([...cell('KR', 2023, [['total', null, null, null]])]), 'KR'), null);
});
