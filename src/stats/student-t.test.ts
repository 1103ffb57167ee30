import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tCdf, tQuantile, tTwoSidedP } from './student-t.ts';

// R reference values written by test/fixtures/r/student-t.R (R's pt and qt, 17 digits).
type Num = number | 'Inf' | '-Inf';
interface Reference {
  r_version: string;
  cdf: { df: Num; t: Num; lower: number; upper: number }[];
  quantile: { df: Num; p: number; q: Num; r_roundtrip: number }[];
}
const ref = JSON.parse(
  readFileSync(new URL('../../test/fixtures/r/student-t.json', import.meta.url), 'utf8'),
) as Reference;
const num = (v: Num): number => (v === 'Inf' ? Infinity : v === '-Inf' ? -Infinity : v);

const TOL = 1e-12;

/** Relative error against R's value; absolute where R's value is exactly 0 or 1. */
function err(got: number, want: number): number {
  if (want === 0 || want === 1) return Math.abs(got - want);
  return Math.abs(got / want - 1);
}

test('tCdf matches R pt, both tails, to 1e-12 relative over the df × t grid', () => {
  assert.ok(ref.cdf.length >= 1000, 'the fixture holds the whole grid');
  const failures: string[] = [];
  let worst = 0;
  for (const r of ref.cdf) {
    const df = num(r.df);
    const t = num(r.t);
    const lower = tCdf(t, df);
    const upper = tCdf(t, df, false);
    const e = Math.max(err(lower, r.lower), err(upper, r.upper));
    worst = Math.max(worst, e);
    if (!(e <= TOL)) failures.push(`df=${r.df} t=${r.t}: lower ${lower} (R ${r.lower}), upper ${upper} (R ${r.upper})`);
  }
  assert.deepEqual(failures, [], `worst relative error ${worst}`);
});

test('tQuantile matches R qt to 1e-12 relative over the df × p grid', () => {
  assert.ok(ref.quantile.length >= 700, 'the fixture holds the whole grid');
  const failures: string[] = [];
  for (const r of ref.quantile) {
    const df = num(r.df);
    const got = tQuantile(r.p, df);
    let want = num(r.q);
    if (r.p === 0.5) {
      // The exact answer is 0; R's bisection for df < 1 stops at ±3e-16 instead.
      assert.equal(got, 0);
      assert.ok(Math.abs(want) < TOL, `R's qt(0.5, ${r.df}) = ${want}`);
      continue;
    }
    if (df < 1 && r.p > 0.5 && Math.abs(r.r_roundtrip) > 1e-13) {
      // For df < 1 R's qt bisects on the lower-tail pt, which near p = 1 is 1 − tail
      // rounded to 2^-53, so it misses the exact inverse of its own pt by r_roundtrip (in
      // the tail probability; up to 3e-5 at p = 1 − 1e-12). In this power-law tail
      // (P(T > q) ∝ q^−df) the exact inverse is q·(1 + r_roundtrip)^(1/df).
      want *= Math.pow(1 + r.r_roundtrip, 1 / df);
    }
    if (!(err(got, want) <= TOL)) failures.push(`df=${r.df} p=${r.p}: ${got} (R ${r.q}, reference ${want})`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('tQuantile inverts tCdf in relative terms off the fixture grid', () => {
  for (const df of [0.3, 0.75, 1.2, 3.7, 12.5, 64, 2e6]) {
    for (const p of [1e-14, 3e-9, 2e-4, 0.013, 0.2, 0.4999, 0.7, 0.96, 1 - 1e-7]) {
      const q = tQuantile(p, df);
      const tail = p < 0.5 ? tCdf(q, df) : tCdf(q, df, false);
      const want = p < 0.5 ? p : 1 - p;
      assert.ok(Math.abs(tail / want - 1) < 1e-13, `df=${df} p=${p}: q=${q}, tail ${tail}`);
    }
  }
});

test('two-sided p, symmetry, closed-form and limiting cases', () => {
  for (const df of [0.5, 1, 2, 7.5, 1e4, Infinity]) {
    for (const t of [0.3, 2, 40]) {
      assert.equal(tTwoSidedP(-t, df), 2 * tCdf(-t, df));
      assert.equal(tTwoSidedP(t, df), 2 * tCdf(t, df, false));
      assert.equal(tCdf(-t, df), tCdf(t, df, false));
    }
    assert.equal(tCdf(0, df), 0.5);
    assert.equal(tCdf(-Infinity, df), 0);
    assert.equal(tCdf(Infinity, df), 1);
    assert.equal(tQuantile(0, df), -Infinity);
    assert.equal(tQuantile(1, df), Infinity);
    assert.equal(tQuantile(0.5, df), 0);
  }
  // A far tail is computed directly, not as 1 − p: R's pt(-40, 3) and pt(40, 3, lower.tail = FALSE).
  assert.ok(Math.abs(tCdf(-40, 3) / 1.719034039457927e-5 - 1) < 1e-13);
  assert.ok(Math.abs(tCdf(40, 3, false) / 1.719034039457927e-5 - 1) < 1e-13);
  // Cauchy and df = 2 in closed form.
  assert.ok(Math.abs(tCdf(-1, 1) - 0.25) < 1e-16);
  assert.ok(Math.abs(tQuantile(0.975, 2) - Math.sqrt(2) * 0.95 / Math.sqrt(1 - 0.95 ** 2)) < 1e-14);
  // Large df tends to the normal.
  assert.ok(Math.abs(tQuantile(0.975, 1e12) - tQuantile(0.975, Infinity)) < 1e-11);
  for (const bad of [NaN, 0, -1]) {
    assert.ok(Number.isNaN(tCdf(1, bad)));
    assert.ok(Number.isNaN(tQuantile(0.3, bad)));
  }
  assert.ok(Number.isNaN(tCdf(NaN, 3)));
  assert.ok(Number.isNaN(tQuantile(1.5, 3)));
  assert.ok(Number.isNaN(tQuantile(-0.1, 3)));
});
