import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../db/index.ts';
import type { Cell, OutputTable } from '../../output/table.ts';
import { studyOptions } from '../../study/options.ts';
import type { StudyContext } from '../../study/context.ts';
import { averageRanks, fitLink, flagEmoji, linkPoints, linkTables, measureLink, pearson, scenario, spearman, type LinkPoint } from './index.ts';

const close = (a: number | null | undefined, b: number, tol = 1e-9) =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

// Hand computation for x = 1..5, y = 2,4,5,4,5:
// x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6, Syy = 6 → slope 0.6, intercept 2.2,
// residuals -0.8, 0.6, 1.0, -0.6, -0.2 → RSS 2.4, s² = 0.8, se(slope) = √0.08,
// t(0.975, 3) = 3.182446305284263 (table value).
// Pearson = 6/√60. Spearman: y ranks 1, 2.5, 4.5, 2.5, 4.5 → Σdxdy 7, Σdy² 9 → 7/√90.
const X = [1, 2, 3, 4, 5];
const Y = [2, 4, 5, 4, 5];
const T3 = 3.182446305284263;

test('fitLink: slope, t interval, Pearson and Spearman with ties by hand', () => {
  const f = fitLink(X, Y);
  assert.ok(f);
  close(f.slope, 0.6);
  close(f.intercept, 2.2);
  close(f.slopeSe, Math.sqrt(0.08));
  close(f.slopeCi[0], 0.6 - T3 * Math.sqrt(0.08));
  close(f.slopeCi[1], 0.6 + T3 * Math.sqrt(0.08));
  close(f.pearson, 6 / Math.sqrt(60));
  close(f.spearman, 7 / Math.sqrt(90));
  assert.deepEqual(averageRanks([10, 20, 20, 5, 20]), [2, 4, 4, 1, 4]);
  close(spearman([1, 2, 3], [3, 2, 1]), -1);
  assert.ok(Number.isNaN(pearson([1, 2, 3], [5, 5, 5])));
});

test('scenario: fitted-mean and prediction intervals by the textbook formula', () => {
  const f = fitLink(X, Y);
  assert.ok(f);
  const s = scenario(f, 6);
  // ŷ(6) = 2.2 + 0.6·6 = 5.8; leverage 1/5 + (6 − 3)²/10 = 1.1.
  close(s.predicted, 5.8);
  close(s.ci_low, 5.8 - T3 * Math.sqrt(0.8 * 1.1));
  close(s.ci_high, 5.8 + T3 * Math.sqrt(0.8 * 1.1));
  close(s.pi_low, 5.8 - T3 * Math.sqrt(0.8 * 2.1));
  close(s.pi_high, 5.8 + T3 * Math.sqrt(0.8 * 2.1));
  // At x̄ the mean interval is narrowest: ±t·s/√n.
  const m = scenario(f, 3, 0.9);
  close(m.predicted, 4);
  assert.ok(m.ci_high - m.ci_low < s.ci_high - s.ci_low);
});

test('fitLink: fewer than 3 points or constant x gives no fit', () => {
  assert.equal(fitLink([1, 2], [3, 4]), null);
  assert.equal(fitLink([2, 2, 2], [1, 2, 3]), null);
  assert.equal(flagEmoji('KR'), '\u{1F1F0}\u{1F1F7}');
  assert.equal(flagEmoji('x'), '');
});

type PremiumRow = { country: string; year: number | 'pooled'; skill: string; premium_pct: number | null; n_ai: number | null; suppressed: boolean };
type ShareRow = { origin: string; year: number | 'pooled'; group: string; persons: number | null; persons_abroad: number | null; share_abroad: number | null };

const table = (name: string, rows: Record<string, Cell>[]): OutputTable => ({ name, columns: Object.keys(rows[0] ?? {}), rows });

function fixture(): { premium: OutputTable; share: OutputTable } {
  const premium: PremiumRow[] = [
    { country: 'AA', year: 2020, skill: 'all', premium_pct: 1, n_ai: 200, suppressed: false },
    { country: 'BB', year: 2020, skill: 'all', premium_pct: 2, n_ai: 200, suppressed: false },
    { country: 'CC', year: 2020, skill: 'all', premium_pct: 3, n_ai: 200, suppressed: false },
    { country: 'DD', year: 2020, skill: 'all', premium_pct: 4, n_ai: 200, suppressed: false },
    { country: 'EE', year: 2020, skill: 'all', premium_pct: 5, n_ai: 200, suppressed: false },
    { country: 'FF', year: 2020, skill: 'all', premium_pct: 9, n_ai: 99, suppressed: false }, // below min_ai_n
    { country: 'GG', year: 2020, skill: 'all', premium_pct: null, n_ai: null, suppressed: true }, // suppressed
    { country: 'HH', year: 2020, skill: 'all', premium_pct: 7, n_ai: 300, suppressed: false }, // no share
    { country: 'AA', year: 2020, skill: 'machine learning', premium_pct: 50, n_ai: 500, suppressed: false }, // not 'all'
    { country: 'AA', year: 2021, skill: 'all', premium_pct: 1, n_ai: 200, suppressed: false },
    { country: 'BB', year: 2021, skill: 'all', premium_pct: 2, n_ai: 200, suppressed: false },
    { country: 'AA', year: 'pooled', skill: 'all', premium_pct: 10, n_ai: 400, suppressed: false },
  ];
  const ys = [2, 4, 5, 4, 5];
  const share: ShareRow[] = [];
  ['AA', 'BB', 'CC', 'DD', 'EE'].forEach((c, i) => {
    share.push({ origin: c, year: 2020, group: 'ai', persons: 1000, persons_abroad: ys[i]! * 10, share_abroad: ys[i]! / 100 });
    // non-AI share 1 % everywhere except EE, which is unknown (suppressed)
    share.push(
      c === 'EE'
        ? { origin: c, year: 2020, group: 'non_ai', persons: null, persons_abroad: null, share_abroad: null }
        : { origin: c, year: 2020, group: 'non_ai', persons: 1000, persons_abroad: 10, share_abroad: 0.01 },
    );
  });
  share.push({ origin: 'FF', year: 2020, group: 'ai', persons: 100, persons_abroad: 50, share_abroad: 0.5 });
  share.push({ origin: 'GG', year: 2020, group: 'ai', persons: 100, persons_abroad: 50, share_abroad: 0.5 });
  share.push({ origin: 'AA', year: 2021, group: 'ai', persons: 3000, persons_abroad: 30, share_abroad: 0.01 });
  share.push({ origin: 'BB', year: 2021, group: 'ai', persons: 10, persons_abroad: 1, share_abroad: 0.1 });
  return { premium: table('premium', premium), share: table('abroad_share', share) };
}

test('linkPoints: selection by min_ai_n, suppression, known shares; pooled shares are stacked', () => {
  const { premium, share } = fixture();
  const pts = linkPoints(premium, share, { minAiN: 100, focus: 'CC' });
  const y2020 = pts.filter((p) => p.year === 2020);
  assert.deepEqual(y2020.map((p) => p.country), ['AA', 'BB', 'CC', 'DD', 'EE']);
  assert.deepEqual(y2020.map((p) => p.focus), [false, false, true, false, false]);
  close(y2020[1]!.share_abroad, 4);
  close(y2020[1]!.excess_share_abroad, 3);
  assert.equal(y2020[4]!.excess_share_abroad, null);
  // pooled AA: (20 + 30) / (1000 + 3000) = 1.25 %
  const pooled = pts.filter((p) => p.year === 'pooled');
  assert.equal(pooled.length, 1);
  close(pooled[0]!.share_abroad, 1.25);
  close(pooled[0]!.excess_share_abroad, 0.25); // non-AI pooled from 2020 alone: 10 / 1000
  // a lower threshold admits FF
  assert.ok(linkPoints(premium, share, { minAiN: 50 }).some((p) => p.country === 'FF'));
});

test('measureLink: cross-section rows per year and measure, panel rows, influence; < 3 countries gives blanks', async () => {
  const { premium, share } = fixture();
  const ctx: StudyContext = { db: undefined as unknown as Db, options: studyOptions({ minAiN: 100 }), years: [2020, 2021] };
  const [link, influence] = await measureLink(ctx, premium, share);
  assert.ok(link && influence);
  assert.equal(link.name, 'link');
  assert.deepEqual(link.columns, [
    'year', 'measure', 'model', 'slope', 'se', 'slope_ci_low', 'slope_ci_high', 'df', 'p_value', 'p_permutation', 'p_wild_bootstrap', 'pearson', 'spearman', 'n_countries',
  ]);
  assert.deepEqual(
    link.rows.map((r) => [r.year, r.measure, r.model, r.n_countries]),
    [
      [2020, 'share_abroad', 'cross_section', 5],
      [2020, 'excess_share_abroad', 'cross_section', 4],
      [2021, 'share_abroad', 'cross_section', 2],
      [2021, 'excess_share_abroad', 'cross_section', 0],
      ['pooled', 'share_abroad', 'cross_section', 1],
      ['pooled', 'excess_share_abroad', 'cross_section', 1],
      // AA and BB are the only countries seen in two years (no non-AI share in 2021): too few clusters.
      ['pooled', 'share_abroad', 'panel_fe', 2],
      ['pooled', 'excess_share_abroad', 'panel_fe', 0],
    ],
  );
  const r0 = link.rows[0]!;
  close(r0.slope as number, 0.6);
  close(r0.pearson as number, 6 / Math.sqrt(60));
  close(r0.spearman as number, 7 / Math.sqrt(90));
  // HC3 by hand: h = 1/5 + (x − 3)²/10 = .6 .3 .2 .3 .6; e = −.8 .6 1 −.6 −.2;
  // Σ (x − 3)² e² / (1 − h)² = 4·.64/.16 + .36/.49 + 0 + .36/.49 + 4·.04/.16 = 17 + .72/.49.
  close(r0.se as number, Math.sqrt(17 + 0.72 / 0.49) / 10);
  close(r0.slope_ci_low as number, 0.6 - T3 * (r0.se as number));
  // 5! = 120 permutations, all enumerated: p is a multiple of 1/120.
  assert.ok(Number.isInteger(Math.round((r0.p_permutation as number) * 120)) && Math.abs((r0.p_permutation as number) * 120 - Math.round((r0.p_permutation as number) * 120)) < 1e-9);
  assert.equal(r0.p_wild_bootstrap, null);
  // excess: x = 1..4, y = 1, 3, 4, 3 → slope Sxy/Sxx = 3.5/5
  close(link.rows[1]!.slope as number, 0.7);
  // The interval's t has n − 2 degrees of freedom.
  assert.deepEqual([r0.df, link.rows[1]!.df], [3, 2]);
  for (const r of link.rows.slice(2)) {
    for (const c of ['slope', 'se', 'df', 'slope_ci_low', 'p_value', 'p_permutation', 'p_wild_bootstrap', 'pearson', 'spearman']) assert.equal(r[c], null, `${String(r.year)} ${String(r.model)} ${c}`);
  }
  // influence: one row per country of each cross-section fit; leaving EE out of 2020 (x = 1..4, y = 2, 4, 5, 4) gives Sxy/Sxx = 3.5/5.
  assert.deepEqual(influence.columns, ['year', 'measure', 'left_out', 'slope']);
  assert.deepEqual(influence.rows.filter((r) => r.measure === 'share_abroad').map((r) => r.left_out), ['AA', 'BB', 'CC', 'DD', 'EE']);
  assert.equal(influence.rows.length, 5 + 4);
  close(influence.rows[4]!.slope as number, 0.7);
});

test('linkTables: the panel row fits country and year fixed effects', () => {
  // Three countries over three years, y = country level − 0.5·x + year shock: the FE slope is −0.5 exactly.
  const pts: LinkPoint[] = [];
  const level: Record<string, number> = { AA: 10, BB: 20, CC: 5 };
  const shock: Record<number, number> = { 2020: 0, 2021: 1, 2022: -2 };
  const xs: Record<string, number[]> = { AA: [1, 4, 2], BB: [9, 7, 8], CC: [3, 3.5, 6] };
  for (const c of ['AA', 'BB', 'CC']) {
    [2020, 2021, 2022].forEach((year, i) => {
      const x = xs[c]![i]!;
      pts.push({ year, country: c, premium_pct: x, n_ai: 500, share_abroad: level[c]! - 0.5 * x + shock[year]! + 0.01 * Math.sin(7 * x), excess_share_abroad: null, focus: false, flag: '' });
    });
  }
  const { link } = linkTables(pts, [2020, 2021, 2022]);
  const panel = link.find((r) => r.model === 'panel_fe' && r.measure === 'share_abroad')!;
  assert.ok(Math.abs((panel.slope as number) + 0.5) < 0.01, String(panel.slope));
  assert.equal(panel.df, 2);
  assert.equal(panel.n_countries, 3);
  // 2^3 sign vectors: p is a multiple of 1/8, here the smallest possible (w and −w tie).
  assert.equal(panel.p_wild_bootstrap, 0.25);
});
