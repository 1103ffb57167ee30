/**
 * The link's statistics against R (test/fixtures/r/link.R → link.json): HC3 slope se,
 * the fully enumerated permutation p-value, the CR1 two-way FE slope and the fully
 * enumerated restricted wild cluster bootstrap p-value, all to 1e-10; plus the seeded
 * draws' reproducibility and a known-truth simulation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fitHc3, leaveOneOutSlopes, permutationP } from './fit.ts';
import { fitPanel, type PanelObs } from './wild-bootstrap.ts';
import { xoshiro128 } from './prng.ts';
import { pearson, spearman } from './index.ts';

interface RRef {
  cross_section: {
    x: number[]; y: number[]; slope: number; intercept: number; se_hc3: number; t: number; df: number; p: number;
    ci: [number, number]; p_permutation: number; permutations: number; leave_one_out: number[]; pearson: number; spearman: number;
  };
  panel: {
    rows: PanelObs[]; G: number; N: number; K: number; slope: number; se_cr1: number; t: number; df: number; p: number;
    ci: [number, number]; p_wild_bootstrap: number; replications: number;
  };
}
const R = JSON.parse(readFileSync(new URL('../../../test/fixtures/r/link.json', import.meta.url), 'utf8')) as RRef;

const close = (a: number | undefined, b: number, tol = 1e-10, what = '') =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

test('cross-section: HC3 se, t, p and interval equal R (sandwich::vcovHC HC3)', () => {
  const c = R.cross_section;
  const f = fitHc3(c.x, c.y);
  assert.ok(f);
  close(f.slope, c.slope, 1e-10, 'slope');
  close(f.intercept, c.intercept, 1e-10, 'intercept');
  close(f.se, c.se_hc3, 1e-10, 'se');
  close(f.t, c.t, 1e-10, 't');
  assert.equal(f.df, c.df);
  close(f.p, c.p, 1e-10, 'p');
  close(f.ci[0], c.ci[0], 1e-10, 'ci low');
  close(f.ci[1], c.ci[1], 1e-10, 'ci high');
  close(pearson(c.x, c.y), c.pearson, 1e-10, 'pearson');
  close(spearman(c.x, c.y), c.spearman, 1e-10, 'spearman');
  leaveOneOutSlopes(c.x, c.y).forEach((s, i) => close(s, c.leave_one_out[i]!, 1e-10, `left out ${i}`));
});

test('cross-section: fully enumerated permutation p equals R over all 7! permutations', () => {
  const c = R.cross_section;
  const p = permutationP(c.x, c.y);
  assert.equal(p.exact, true);
  assert.equal(p.count, c.permutations);
  close(p.p, c.p_permutation, 1e-10, 'p_permutation');
});

test('permutation draws: seeded (reproducible), and close to the enumeration', () => {
  const c = R.cross_section;
  const a = permutationP(c.x, c.y, { fullMax: 0 });
  const b = permutationP(c.x, c.y, { fullMax: 0 });
  assert.equal(a.exact, false);
  assert.equal(a.count, 9999);
  assert.equal(a.p, b.p, 'same seed, same p');
  assert.notEqual(permutationP(c.x, c.y, { fullMax: 0, seed: 7 }).p, a.p, 'another seed, other draws');
  // 9,999 draws: Monte Carlo se √(p(1 − p)/B) ≈ 0.0012 around the exact 0.0153.
  assert.ok(Math.abs(a.p - c.p_permutation) < 0.005, `${a.p} vs ${c.p_permutation}`);
  // A perfectly unrelated y (reversed in the middle) is not significant.
  assert.ok(permutationP([1, 2, 3, 4, 5], [3, 1, 5, 2, 4]).p > 0.3);
});

test('panel: two-way FE slope, CR1 se (estimatr stata) and the fully enumerated wild cluster bootstrap p equal R', () => {
  const P = R.panel;
  const f = fitPanel(P.rows);
  assert.ok(f);
  assert.deepEqual([f.G, f.N, f.K, f.df], [P.G, P.N, P.K, P.df], 'country G observed once is dropped');
  close(f.slope, P.slope, 1e-10, 'slope');
  close(f.se, P.se_cr1, 1e-10, 'se');
  close(f.t, P.t, 1e-10, 't');
  close(f.p, P.p, 1e-10, 'p');
  close(f.ci[0], P.ci[0], 1e-10, 'ci low');
  close(f.ci[1], P.ci[1], 1e-10, 'ci high');
  assert.equal(f.exact, true);
  assert.equal(f.replications, P.replications);
  close(f.pWild, P.p_wild_bootstrap, 1e-10, 'p_wild_bootstrap');
});

test('panel: Webb draws are seeded and agree roughly with the enumeration; too few countries gives null', () => {
  const P = R.panel;
  const a = fitPanel(P.rows, { fullMaxG: 0, draws: 4999 });
  const b = fitPanel(P.rows, { fullMaxG: 0, draws: 4999 });
  assert.ok(a && b);
  assert.equal(a.exact, false);
  assert.equal(a.pWild, b.pWild);
  assert.ok(Math.abs(a.pWild - P.p_wild_bootstrap) < 0.1, `${a.pWild}`);
  assert.equal(fitPanel(P.rows.filter((r) => r.country === 'A' || r.country === 'B')), null);
});

test('known truth: the HC3 interval covers the true slope about 95% of the time and permutation p is uniform under the null', () => {
  const rng = xoshiro128(2026);
  const u = () => (rng.nextU32() + 0.5) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  let cover = 0;
  let reject = 0;
  const R = 400;
  for (let r = 0; r < R; r++) {
    const x = Array.from({ length: 15 }, () => 20 * u());
    const y = x.map((v) => 5 - 0.2 * v + (1 + v / 10) * normal()); // heteroskedastic
    const f = fitHc3(x, y)!;
    if (f.ci[0] <= -0.2 && -0.2 <= f.ci[1]) cover++;
    const y0 = x.map(() => normal());
    if (permutationP(x, y0, { draws: 199 }).p <= 0.05) reject++;
  }
  // HC3 with 15 points is near nominal; binomial se of the rate ≈ 1.1 points.
  assert.ok(cover / R > 0.9 && cover / R < 0.99, `coverage ${cover / R}`);
  assert.ok(reject / R < 0.09, `size ${reject / R}`);
});

test('known truth: the restricted wild cluster bootstrap holds its size with 8 countries and recovers a true slope', () => {
  const rng = xoshiro128(16);
  const u = () => (rng.nextU32() + 0.5) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const countries = ['AA', 'BB', 'CC', 'DD', 'EE', 'FF', 'GG', 'HH'];
  const world = (beta: number): PanelObs[] => {
    const out: PanelObs[] = [];
    const yearShock = [0, 1, -1, 0.5, 2].map((v) => v + normal());
    for (const c of countries) {
      const level = 10 * u();
      const common = normal(); // an error shared by the country's years: clustering matters
      const slopeX = 5 * u();
      for (let t = 0; t < 5; t++) {
        const x = 10 + slopeX * t + 2 * normal();
        out.push({ country: c, year: 2020 + t, x, y: level + yearShock[t]! + beta * x + 0.5 * common * t + normal() });
      }
    }
    return out;
  };
  let reject = 0;
  const R = 150;
  for (let r = 0; r < R; r++) if (fitPanel(world(0))!.pWild <= 0.05) reject++;
  // Nominal 5%; the binomial se of the rate is about 1.8 points.
  assert.ok(reject / R < 0.1, `size ${reject / R}`);
  let covered = 0;
  for (let r = 0; r < 100; r++) {
    const f = fitPanel(world(-0.4))!;
    assert.equal(f.replications, 256);
    if (f.ci[0] <= -0.4 && -0.4 <= f.ci[1]) covered++;
  }
  assert.ok(covered >= 85, `CR1 coverage ${covered}/100`);
});

test('xoshiro128**: deterministic, uniform bounded integers', () => {
  const a = xoshiro128(1);
  const b = xoshiro128(1);
  const s = Array.from({ length: 5 }, () => a.nextU32());
  assert.deepEqual(s, Array.from({ length: 5 }, () => b.nextU32()));
  const c = xoshiro128(3);
  const counts = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 6000; i++) counts[c.below(6)]!++;
  for (const k of counts) assert.ok(k > 850 && k < 1150, `${counts}`);
});
