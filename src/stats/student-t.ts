/**
 * Student t distribution: CDF (either tail, and the two-sided p-value) and quantile, for
 * any degrees of freedom df > 0 including non-integer df and df = Infinity (the normal).
 * Dependency-free; checked against R's `pt` / `qt` to 1e-12 relative
 * (test/fixtures/r/student-t.R).
 *
 * CDF. With w = t²/df, the tail P(T > |t|) = ½·I_x(df/2, ½) at x = 1/(1 + w), and the
 * central mass P(|T| < |t|) = I_y(½, df/2) at y = w/(1 + w) = 1 − x. The smaller of the two
 * regularised incomplete beta ratios is evaluated directly — I_x(df/2, ½) when |t| ≥ 1,
 * I_y(½, df/2) otherwise, which is exactly the side where λ = a − (a + b)·x ≥ 0 — so a tail
 * probability is never formed as 1 − p and keeps its relative accuracy far out (pt(−40, 3)).
 * The ratio is the continued fraction `bfrac` of DiDonato & Morris, "Algorithm 708:
 * Significant digit computation of the incomplete beta function ratios", ACM TOMS 18
 * (1992) 360–373, with its factor x^a·y^b/B(a, b) formed in logs from log1p(w) and a
 * Stirling-series log Γ(a) − log Γ(a + ½) (no cancellation for large df). df = 1 (Cauchy)
 * and df = 2 use closed forms; df = Infinity uses the normal tail ½·erfc(|t|/√2) with the
 * fdlibm (Sun) rational approximations of erfc.
 *
 * Quantile. df = 1 and df = 2 in closed form. Otherwise a start value — G. W. Hill,
 * "Algorithm 396: Student's t-quantiles", CACM 13 (1970) 619–620, for df ≥ 1; the power-law
 * tail or the linear centre for df < 1; Abramowitz & Stegun 26.2.23 for the normal — is
 * refined by a safeguarded Newton iteration on log P(T > q) in log q (so each step is
 * relative, and power-law tails converge as fast as the centre) until the step is down to
 * rounding; the iterate with the smallest |log P(T > q) − log target| is returned.
 */

const PI = Math.PI;
const LN_SQRT_PI = 0.5723649429247001; // ½·ln π
const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

/** P(T ≤ t) for T ~ t(df) (R's `pt(t, df)`); `lowerTail = false` gives P(T > t) directly. */
export function tCdf(t: number, df: number, lowerTail = true): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  const tail = tailProb(Math.abs(t), df); // P(T > |t|)
  return (t < 0) === lowerTail ? tail : 1 - tail;
}

/** Two-sided p-value P(|T| ≥ |t|) = 2·P(T > |t|), without cancellation in the tail. */
export function tTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  return 2 * tailProb(Math.abs(t), df);
}

/** The p-quantile of t(df) (R's `qt(p, df)`): −Infinity at p = 0, Infinity at p = 1. */
export function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || !(df > 0) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const target = p < 0.5 ? p : 1 - p; // exact for p ≥ ½
  const sign = p < 0.5 ? -1 : 1;
  return sign * upperQuantile(target, df);
}

/** P(T > a) for a ≥ 0. */
function tailProb(a: number, df: number): number {
  if (a === Infinity) return 0;
  if (a === 0) return 0.5;
  if (df === Infinity) return 0.5 * erfc(a * SQRT1_2);
  if (df === 1) return a >= 1 ? Math.atan(1 / a) / PI : 0.5 - Math.atan(a) / PI;
  if (df === 2) {
    if (a > 1e150) return 0.5 / a / a;
    const s = Math.sqrt(a * a + 2);
    return 1 / (s * (s + a));
  }
  const half = df / 2;
  if (a > 1e100) {
    // x = df/(df + t²) < 1e-180·df: I_x(df/2, ½) = x^(df/2)/((df/2)·B(df/2, ½))·(1 + O(x)).
    const logX = Math.log(df) - 2 * Math.log(a);
    return 0.5 * Math.exp(half * logX - Math.log(half) - logBetaHalf(half));
  }
  const w = (a * a) / df;
  if (w === 0) return 0.5;
  const x = 1 / (1 + w);
  const y = w / (1 + w);
  const l1pw = Math.log1p(w);
  const logX = -l1pw;
  const logY = w <= 1 ? Math.log(w) - l1pw : -Math.log1p(1 / w);
  // λ = a' − (a' + b')·x for (a', b') = (df/2, ½): (t² − 1)/(2(1 + w)).
  const lambda = ((a - 1) * (a + 1)) / (2 * (1 + w));
  if (lambda >= 0) return 0.5 * bfrac(half, 0.5, x, y, logX, logY, lambda);
  const central = bfrac(0.5, half, y, x, logY, logX, -lambda);
  return 0.5 - 0.5 * central;
}

/**
 * I_x(a, b) by the continued fraction of DiDonato & Morris (TOMS 708 `bfrac`), for λ =
 * a − (a + b)·x ≥ 0 (given, so it can be formed without cancellation), with y = 1 − x and
 * their logs given. One of a, b is ½ (all this module needs; see logBetaHalf).
 */
function bfrac(a: number, b: number, x: number, y: number, logX: number, logY: number, lambda: number): number {
  const logFront = a * logX + b * logY - logBetaHalf(a === 0.5 ? b : a);
  const front = Math.exp(logFront);
  if (front === 0) return 0;
  const c = 1 + lambda;
  const c0 = b / a;
  const c1 = 1 + 1 / a;
  const yp1 = y + 1;
  let n = 0;
  let p = 1;
  let s = a + 1;
  let an = 0;
  let bn = 1;
  let anp1 = 1;
  let bnp1 = c / c1;
  let r = c1 / c;
  for (let i = 0; i < 100000; i++) {
    n += 1;
    let t = n / a;
    const w = n * (b - n) * x;
    let e = a / s;
    const alpha = p * (p + c0) * e * e * (w * x);
    e = (1 + t) / (c1 + t + t);
    const beta = n + w / s + e * (c + n * yp1);
    p = 1 + t;
    s += 2;
    t = alpha * an + beta * anp1;
    an = anp1;
    anp1 = t;
    t = alpha * bn + beta * bnp1;
    bn = bnp1;
    bnp1 = t;
    const r0 = r;
    r = anp1 / bnp1;
    if (Math.abs(r - r0) <= 1e-16 * r) break;
    an /= bnp1;
    bn /= bnp1;
    anp1 = r;
    bnp1 = 1;
  }
  return front * r;
}

/** log B(a, ½) = ½·ln π + ln Γ(a) − ln Γ(a + ½), for a > 0. */
function logBetaHalf(a: number): number {
  return LN_SQRT_PI + logGammaRatioHalf(a);
}

/**
 * ln Γ(a) − ln Γ(a + ½) for a > 0: shifted up to a ≥ 20 with Γ(a)/Γ(a + ½) =
 * (a + ½)/a · Γ(a + 1)/Γ(a + 3/2), then Stirling's series, arranged so that no two large
 * terms cancel (the result is −½·ln a + O(1/a)).
 */
function logGammaRatioHalf(a: number): number {
  let prod = 1;
  while (a < 20) {
    prod *= (a + 0.5) / a;
    a += 1;
  }
  // (a − ½)ln a − a − [a·ln(a + ½) − (a + ½)] + δ(a) − δ(a + ½)
  //   = −½·ln a + (½ − a·log1p(1/(2a))) + δ(a) − δ(a + ½)
  const core = -0.5 * Math.log(a) + (0.5 - a * Math.log1p(0.5 / a)) + stirlingDelta(a) - stirlingDelta(a + 0.5);
  return prod === 1 ? core : core + Math.log(prod);
}

/** δ(z) = ln Γ(z) − [(z − ½)ln z − z + ½ln 2π], z ≥ 20 (error < 1e-19). */
function stirlingDelta(z: number): number {
  const z2 = 1 / (z * z);
  return (
    (1 / 12 +
      z2 * (-1 / 360 + z2 * (1 / 1260 + z2 * (-1 / 1680 + z2 * (1 / 1188 + z2 * (-691 / 360360 + z2 / 156)))))) /
    z
  );
}

/** Density of t(df) at q. Only steers the quantile iteration, so it needs no last-bit care. */
function tDensity(q: number, df: number): number {
  if (df === Infinity) return INV_SQRT_2PI * Math.exp(-0.5 * q * q);
  const r = q / Math.sqrt(df);
  const l = r < 1e150 ? Math.log1p(r * r) : 2 * Math.log(r);
  return Math.exp(-((df + 1) / 2) * l - logGammaRatioHalf(df / 2) - LN_SQRT_PI) / Math.sqrt(df);
}

/** The q > 0 with P(T > q) = target, 0 < target < ½. */
function upperQuantile(target: number, df: number): number {
  if (df === 1) return target < 0.25 ? 1 / Math.tan(PI * target) : Math.tan(PI * (0.5 - target));
  if (df === 2) return (1 - 2 * target) / Math.sqrt(2 * target * (1 - target));
  let q = startValue(target, df);
  let lo = 0;
  let hi = Infinity;
  let best = q;
  let bestG = Infinity;
  let stalled = 0;
  for (let i = 0; i < 100; i++) {
    const tail = tailProb(q, df);
    if (tail === target) return q;
    if (tail > target) lo = q;
    else hi = q;
    const g = Math.log(tail / target); // decreasing in u = ln q, root at g = 0
    if (Math.abs(g) < bestG) {
      best = q;
      bestG = Math.abs(g);
      stalled = 0;
    } else if (++stalled === 3) {
      // P(T > q) is a step function at its last bits (exp of a log ~ −700 resolves only
      // ~1e-13): once no step improves it, the best iterate is the answer.
      break;
    }
    const slope = (q * tDensity(q, df)) / tail; // −dg/du
    let next = slope > 0 && Number.isFinite(g) ? q * Math.exp(g / slope) : NaN;
    if (next === q) break; // the Newton step rounds away
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * q : lo === 0 ? hi / 2 : Math.sqrt(lo) * Math.sqrt(hi);
    if (next === Infinity) return Infinity; // beyond the largest double
    // Stop once the step is down to rounding (the steepest tails move the probability by
    // ~1e-13 per ulp of q, so a looser stop would leave that on the table).
    if (Math.abs(next / q - 1) <= 4.5e-16) break;
    q = next;
  }
  return best;
}

/** A start for the quantile iteration (see the module comment). */
function startValue(target: number, df: number): number {
  const z = normalStart(target);
  if (df === Infinity || df > 1e20) return z;
  // Far tail: P(T > q) ≈ f(0)·df^((df − 1)/2)·q^−df, f(0) the density at 0.
  const f0 = Math.exp(-logGammaRatioHalf(df / 2) - LN_SQRT_PI) / Math.sqrt(df);
  const pow = Math.exp((Math.log(f0) + ((df - 1) / 2) * Math.log(df) - Math.log(target)) / df);
  if (df < 1) return Math.max(pow, (0.5 - target) / f0); // centre: P(T > q) ≈ ½ − f(0)·q
  if (pow * pow > 100 * df) return pow;
  // Hill (1970), Algorithm 396, with P = 2·target the two-sided probability.
  const P = 2 * target;
  const a = 1 / (df - 0.5);
  const b = 48 / (a * a);
  let c = ((20700 * a / b - 98) * a - 16) * a + 96.36;
  const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt(a * PI / 2) * df;
  let y = Math.pow(d * P, 2 / df);
  if (y > 0.05 + a) {
    const x = -z;
    y = x * x;
    if (df < 5) c += 0.3 * (df - 4.5) * (x + 0.6);
    c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
    y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
    y = Math.expm1(a * y * y);
  } else {
    y = ((1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3) + 0.5 / (df + 4)) * y - 1) *
      (df + 1) / (df + 2) + 1 / y;
  }
  const q = Math.sqrt(df * y);
  return q > 0 && Number.isFinite(q) ? q : z;
}

/** Upper normal quantile, |error| < 4.5e-4 (Abramowitz & Stegun 26.2.23), 0 < p ≤ ½. */
function normalStart(p: number): number {
  const t = Math.sqrt(-2 * Math.log(p));
  return t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
}

// ---- erfc: fdlibm s_erf.c (Sun Microsystems, 1993), for x ≥ 0 --------------------------
const ERX = 8.45062911510467529297e-1;
const EFX_PP = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2,
  -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const EFX_QQ = [1, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3,
  1.32494738004321644526e-4, -3.96022827877536812320e-6];
const EFX_PA = [-2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1,
  3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.16637559486879084300e-3];
const EFX_QA = [1, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2,
  1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2];
const EFX_RA = [-9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1,
  -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1,
  -9.81432934416914548592];
const EFX_SA = [1, 1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2,
  6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135,
  -6.04244152148580987438e-2];
const EFX_RB = [-9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1,
  -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2];
const EFX_SB = [1, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3,
  3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1];

function poly(c: readonly number[], x: number): number {
  let r = c[c.length - 1]!;
  for (let i = c.length - 2; i >= 0; i--) r = r * x + c[i]!;
  return r;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // little-endian: low word first

/** erfc(x) for x ≥ 0. */
function erfc(x: number): number {
  if (x < 0.84375) {
    const z = x * x;
    const y = poly(EFX_PP, z) / poly(EFX_QQ, z);
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (x < 1.25) {
    const s = x - 1;
    return 1 - ERX - poly(EFX_PA, s) / poly(EFX_QA, s);
  }
  if (x >= 28) return 0;
  const s = 1 / (x * x);
  const r = x < 1 / 0.35 ? poly(EFX_RA, s) / poly(EFX_SA, s) : poly(EFX_RB, s) / poly(EFX_SB, s);
  f64[0] = x;
  u32[LOW] = 0; // z: x with its low 32 bits cleared, so z·z is exact
  const z = f64[0];
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + r)) / x;
}
