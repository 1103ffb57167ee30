import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../db/index.ts';
import type { Cell, OutputTable } from '../../output/table.ts';
import { studyOptions } from '../../study/options.ts';
import type { StudyContext } from '../../study/context.ts';
import { averageRanks, fitLink, flagEmoji, linkPoints, measureLink, pearson, scenario, spearman } from './index.ts';

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

test('measureLink: statistics per year and measure; < 3 countries gives blanks', async () => {
  const { premium, share } = fixture();
  const ctx: StudyContext = { db: undefined as unknown as Db, options: studyOptions({ minAiN: 100 }), years: [2020, 2021] };
  const [link] = await measureLink(ctx, premium, share);
  assert.ok(link);
  assert.equal(link.name, 'link');
  assert.deepEqual(link.columns, ['year', 'measure', 'slope', 'slope_ci_low', 'slope_ci_high', 'df', 'pearson', 'spearman', 'n_countries']);
  assert.deepEqual(
    link.rows.map((r) => [r.year, r.measure, r.n_countries]),
    [
      [2020, 'share_abroad', 5],
      [2020, 'excess_share_abroad', 4],
      [2021, 'share_abroad', 2],
      [2021, 'excess_share_abroad', 0],
      ['pooled', 'share_abroad', 1],
      ['pooled', 'excess_share_abroad', 1],
    ],
  );
  const r0 = link.rows[0]!;
  close(r0.slope as number, 0.6);
  close(r0.pearson as number, 6 / Math.sqrt(60));
  close(r0.spearman as number, 7 / Math.sqrt(90));
  // excess: x = 1..4, y = 1, 3, 4, 3 → slope Sxy/Sxx = 3.5/5
  close(link.rows[1]!.slope as number, 0.7);
  // The interval's t has n − 2 degrees of freedom.
  assert.deepEqual([r0.df, link.rows[1]!.df], [3, 2]);
  for (const r of link.rows.slice(2)) {
    assert.equal(r.slope, null);
    assert.equal(r.df, null);
    assert.equal(r.slope_ci_low, null);
    assert.equal(r.pearson, null);
    assert.equal(r.spearman, null);
  }
});
