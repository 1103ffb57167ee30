/**
 * Test support: a deliberately naive dense OLS (explicit dummy columns, normal equations,
 * Cholesky with collinear columns dropped) with iid, HC1 and CR1 (Stata's small-sample
 * factor, K counting every dummy) variances. An independent route to check the premium
 * measures against; only for small samples. Not used by the tool itself.
 */

/** A reference fit: coefficients and standard errors of the continuous regressors. */
export interface RefFit {
  coef: Record<string, number>;
  se: Record<string, number>;
  nobs: number;
  k: number;
  nClusters?: number;
}

/** Fit `y ~ x + FE(fe)` on in-memory rows (NULL FE values are a level of their own). */
export function referenceOls(
  rows: readonly Record<string, unknown>[],
  spec: { y: string; x: readonly string[]; fe: readonly string[]; weights?: string; vcov: 'iid' | 'hetero' | { cluster: string } },
): RefFit {
  const n = rows.length;
  const names: string[] = ['(intercept)', ...spec.x];
  const cols: ((r: Record<string, unknown>) => number)[] = [() => 1, ...spec.x.map((c) => (r: Record<string, unknown>) => Number(r[c]))];
  for (const f of spec.fe) {
    const levels = [...new Set(rows.map((r) => String(r[f])))].sort();
    for (const lv of levels.slice(1)) {
      names.push(`${f}::${lv}`);
      cols.push((r) => (String(r[f]) === lv ? 1 : 0));
    }
  }
  const X = rows.map((r) => cols.map((c) => c(r)));
  const y = rows.map((r) => Number(r[spec.y]));
  const w = rows.map((r) => (spec.weights ? Number(r[spec.weights]) : 1));
  const p = names.length;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    const xi = X[i]!;
    for (let a = 0; a < p; a++) {
      xty[a]! += w[i]! * xi[a]! * y[i]!;
      for (let b = 0; b < p; b++) xtx[a]![b]! += w[i]! * xi[a]! * xi[b]!;
    }
  }
  // Keep columns in order unless collinear with the kept ones (Gram–Schmidt on X'WX).
  const keep: number[] = [];
  for (let j = 0; j < p; j++) {
    const trial = [...keep, j];
    const m = trial.map((a) => trial.map((b) => xtx[a]![b]!));
    const inv = invert(m);
    if (inv && xtx[j]![j]! > 0 && 1 / inv[trial.length - 1]![trial.length - 1]! > 1e-9 * xtx[j]![j]!) keep.push(j);
  }
  const A = keep.map((a) => keep.map((b) => xtx[a]![b]!));
  const B = invert(A);
  if (!B) throw new Error('referenceOls: singular');
  const beta = B.map((row) => row.reduce((s, v, j) => s + v * xty[keep[j]!]!, 0));
  const k = keep.length;
  const e = X.map((xi, i) => y[i]! - keep.reduce((s, c, j) => s + xi[c]! * beta[j]!, 0));
  let V: number[][];
  let nClusters: number | undefined;
  if (spec.vcov === 'iid') {
    const s2 = e.reduce((s, ei, i) => s + w[i]! * ei * ei, 0) / (n - k);
    V = B.map((row) => row.map((v) => v * s2));
  } else {
    const scores = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const key = typeof spec.vcov === 'object' ? String(rows[i]![spec.vcov.cluster]) : String(i);
      const s = scores.get(key) ?? new Array<number>(k).fill(0);
      keep.forEach((c, j) => (s[j]! += w[i]! * X[i]![c]! * e[i]!));
      scores.set(key, s);
    }
    const meat = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (const s of scores.values()) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a]![b]! += s[a]! * s[b]!;
    const G = scores.size;
    const factor = typeof spec.vcov === 'object' ? (G / (G - 1)) * ((n - 1) / (n - k)) : n / (n - k);
    if (typeof spec.vcov === 'object') nClusters = G;
    V = mul(mul(B, meat), B).map((row) => row.map((v) => v * factor));
  }
  const coef: Record<string, number> = {};
  const se: Record<string, number> = {};
  keep.forEach((c, j) => {
    if (c === 0 || c > spec.x.length) return;
    coef[names[c]!] = beta[j]!;
    se[names[c]!] = Math.sqrt(V[j]![j]!);
  });
  return { coef, se, nobs: n, k, ...(nClusters !== undefined ? { nClusters } : {}) };
}

function mul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

/** Gauss–Jordan inverse with partial pivoting; null when singular. */
function invert(m: number[][]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    if (Math.abs(a[piv]![c]!) < 1e-12) return null;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    const d = a[c]![c]!;
    for (let j = 0; j < 2 * n; j++) a[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  return a.map((row) => row.slice(n));
}
