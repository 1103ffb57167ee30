/**
 * `fitFamilies`: several families of split fits from one grouped pass give each family's
 * own `fitBy` results (coefficients, every kept variance, N, df, clusters, dropped terms,
 * decomposition, named errors) to 1e-10 relative, weighted or not, with the effects and
 * clusters as values or encoded, with groups left out (`onlyGroups`); without effects,
 * with HC3 and a family of one group.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpecError, decompose, feols, fitFamilies, onlyGroups, reportTerms, type Encoded, type FitResult, type GroupResults, type VcovType } from './index.ts';
import { openTestDb } from '../../test/helpers/engine/test-db.ts';

const TOL = 1e-10;

/** Every number and name of a result, for each kept variance type and rule. */
function summary(f: FitResult, kept: readonly VcovType[]): unknown {
  const out: Record<string, unknown> = { nobs: f.nobs, dfResid: f.dfResid, dropped: f.dropped, terms: f.terms, coef: f.coef() };
  for (const v of kept)
    for (const ssc of ['stata', 'nested'] as const) {
      const key = `${JSON.stringify(v)}/${ssc}`;
      try {
        const r = f.vcov(v, ssc);
        out[key] = { se: r.se(), df: r.df, n: r.nClusters ?? null, dec: r.variance.parts ? r.decomposition() : null };
      } catch (e) {
        out[key] = `${(e as Error).name}: ${(e as Error).message}`;
      }
    }
  return out;
}

/** The largest relative difference between two summaries; names, counts and errors must be equal. */
function compare(a: unknown, b: unknown, path: string, worst: { r: number; at: string }): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return;
    const r = a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    if (r > worst.r) Object.assign(worst, { r, at: `${path}: ${a} vs ${b}` });
    return;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return assert.equal(a, b, path);
  assert.deepEqual(Object.keys(a), Object.keys(b), path);
  for (const k of Object.keys(a)) compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, worst);
}

function check(fam: GroupResults, own: GroupResults, kept: readonly VcovType[], what: string): number {
  assert.deepEqual(fam.keys(), own.keys(), `${what}: the groups`);
  const worst = { r: 0, at: '' };
  for (const [key, o] of own) {
    const f = fam.get(key)!;
    const at = `${what} ${JSON.stringify(key)}`;
    if (o instanceof Error) {
      assert.ok(f instanceof Error, `${at}: ${o.message}`);
      assert.equal(f.constructor, o.constructor, at);
      assert.equal(f.message, o.message, at);
      continue;
    }
    assert.ok(!(f instanceof Error), `${at}: ${(f as Error).message}`);
    compare(summary(f, kept), summary(o, kept), at, worst);
  }
  assert.ok(worst.r <= TOL, `${what}: relative difference ${worst.r.toExponential(2)} at ${worst.at}`);
  return worst.r;
}

test('fitFamilies equals each family fitted on its own with fitBy', async (t) => {
  const db = await openTestDb(t);
  // Three countries (one NULL), four years, three seniority levels; a role with NULLs, an
  // integer industry, a text degree; firms (text) and persons (integers) as clusters.
  // Country C's year 2022 has a constant AI dummy (a singular design), country B's
  // seniority 's2' in 2021 one firm (too few clusters), country A's 2023 a NULL firm (a
  // NULL cluster), country B's 2024 no finite y (an empty sample).
  await db.run(`CREATE TABLE d AS SELECT
      CASE i % 7 WHEN 0 THEN NULL WHEN 1 THEN 'C' WHEN 2 THEN 'B' WHEN 3 THEN 'B' ELSE 'A' END AS country,
      2021 + (i // 7) % 4 AS year, CAST(2021 + (i // 7) % 4 AS VARCHAR) AS yfe,
      's' || (hash(i * 3) % 3) AS sen,
      CASE WHEN i % 23 = 0 THEN NULL ELSE 'r' || (hash(i * 5) % 9) END AS role,
      CAST(hash(i * 11) % 6 AS INTEGER) AS ind,
      CASE WHEN hash(i * 13) % 4 = 0 THEN 'ba' WHEN hash(i * 13) % 4 = 1 THEN 'ma' ELSE 'phd' END AS deg,
      'f' || (hash(i * 17) % 53) AS firm0,
      CAST(i % 997 AS BIGINT) AS person,
      (hash(i) % 3 = 0)::DOUBLE AS ai0,
      (hash(i * 7) % 3000) / 100.0 AS exp,
      1 + (i % 5) / 4.0 AS w,
      2 + 0.2 * (hash(i) % 3 = 0)::DOUBLE + 0.01 * (hash(i * 7) % 3000) / 100.0 + (hash(i * 19) % 1000) / 2500.0
        + (hash(i * 5) % 9) / 30.0 AS y0
    FROM range(16000) t(i)`);
  await db.run(`CREATE TABLE e AS SELECT *, exp * exp AS exp2,
      CASE WHEN country = 'C' AND year = 2022 THEN 0.0 ELSE ai0 END AS ai,
      CASE WHEN country = 'B' AND year = 2021 AND sen = 's2' THEN 'f1' WHEN country = 'A' AND year = 2023 AND person = 5 THEN NULL ELSE firm0 END AS firm,
      CASE WHEN country = 'B' AND year = 2024 THEN NULL ELSE y0 END AS y
    FROM d`);
  // Encoded columns: level codes in the engine's order (NULL last), integer firm codes.
  const codes = async (col: string): Promise<string[]> => {
    await db.run(`CREATE OR REPLACE TABLE lv_${col} AS SELECT v, CAST(row_number() OVER (ORDER BY v NULLS LAST) - 1 AS INTEGER) AS code FROM (SELECT DISTINCT ${col} AS v FROM e)`);
    return (await db.rows(`SELECT coalesce(CAST(v AS VARCHAR), 'NA') AS l FROM lv_${col} ORDER BY code`)).map((r) => String(r.l));
  };
  const fes = ['sen', 'role', 'ind', 'deg', 'yfe'];
  const labels = Object.fromEntries(await Promise.all(fes.map(async (f) => [f, await codes(f)] as const)));
  await db.run(`CREATE TABLE enc AS SELECT e.*, ${fes.map((f) => `l_${f}.code AS c_${f}`).join(', ')},
      CAST(dense_rank() OVER (ORDER BY firm) AS BIGINT) AS firm_code
    FROM e ${fes.map((f) => `JOIN lv_${f} AS l_${f} ON l_${f}.v IS NOT DISTINCT FROM e.${f}`).join(' ')}`);
  await db.run(`CREATE TABLE enc2 AS SELECT * REPLACE (CASE WHEN firm IS NULL THEN NULL ELSE firm_code END AS firm) FROM enc`);

  let worst = 0;
  for (const weights of [false, true])
    for (const encoded of [false, true]) {
      const fe = ['sen', 'role', 'ind', 'deg'];
      const feNoSen = fe.filter((f) => f !== 'sen');
      const kept: VcovType[] = ['iid', 'hetero', { cluster: 'firm' }, { cluster: ['firm', 'person'] }];
      const spec = (f: string[], vcov: VcovType) =>
        feols({ y: 'y', x: ['ai', 'exp', 'exp2'], fe: f, ...(weights ? { weights: 'w' } : {}), vcov, keep: { vcov: kept, ssc: ['nested'] } });
      const enc = (f: string[]): Encoded | undefined =>
        encoded ? { fe: Object.fromEntries(f.map((x) => [x, { column: `c_${x}`, labels: labels[x]! }])), clusters: ['firm', 'person'] } : undefined;
      // The small cells of the by-seniority family are left out (onlyGroups).
      const src = { table: encoded ? 'enc2' : 'e' };
      const groups3 = (await db.rows(`SELECT DISTINCT country, CAST(year AS INTEGER) AS year, sen FROM e WHERE NOT (country = 'A' AND sen = 's1') ORDER BY ALL`)).map(
        (r) => [r.country as string | null, Number(r.year), r.sen as string],
      );
      const families = [
        { model: spec(fe, { cluster: 'firm' }), by: ['country', 'year'], options: { terms: reportTerms(['ai']), decompose: decompose('ai', { exp: ['exp', 'exp2'], sen: ['sen'], role: ['role'], rest: ['ind', 'deg'] }) } },
        { model: spec([...fe, 'yfe'], { cluster: ['firm', 'person'] }), by: ['country'], options: { terms: reportTerms(['ai']), scoreBatchRows: 3000 } },
        { model: spec(feNoSen, { cluster: 'firm' }), by: ['country', 'year', 'sen'], options: { terms: reportTerms(['ai']), groups: onlyGroups(groups3) } },
        { model: spec([...feNoSen, 'yfe'], { cluster: ['firm', 'person'] }), by: ['country', 'sen'], options: {} },
      ].map((f) => {
        const e = enc(f.model.spec.fe as string[]);
        return { ...f, options: { ...f.options, ...(e ? { encoded: e } : {}) } };
      });
      const cells = ['country', 'year', 'sen', 'yfe', ...(encoded ? ['c_sen', 'c_yfe'] : [])];
      const all = await fitFamilies(db.conn, src, families, { cells });
      assert.equal(all.length, 4);
      for (const [i, f] of families.entries()) {
        const own = await f.model.fitBy(db.conn, src, f.by, f.options);
        assert.ok(own.size >= 3);
        worst = Math.max(worst, check(all[i]!, own, kept, `weights ${weights}, encoded ${encoded}, family ${i + 1}`));
      }
      // The fixtures hold every kind of outcome.
      const outs = all.flatMap((r) => r.values());
      for (const name of ['SingularDesignError', 'ClusterNullError', 'EmptySampleError', 'TooFewClustersError'])
        assert.ok(outs.some((o) => o instanceof Error && o.constructor.name === name), name);
    }
  // No fixed effects, HC3 (its leverage reads the x's moved to the group's means), and a
  // family of one group (scored by cell like the others).
  const hc: VcovType[] = ['iid', 'hetero', 'HC3'];
  const plain = feols({ y: 'y', x: ['ai', 'exp', 'exp2'], vcov: 'HC3', keep: { vcov: hc } });
  const plainFams = [
    { model: plain, by: ['country', 'year'] },
    { model: plain, by: ['country'], options: { groups: onlyGroups([['A']]) } },
  ];
  const plainAll = await fitFamilies(db.conn, { table: 'e' }, plainFams, { cells: ['country', 'year'] });
  for (const [i, f] of plainFams.entries()) {
    const own = await f.model.fitBy(db.conn, { table: 'e' }, f.by, f.options ?? {});
    worst = Math.max(worst, check(plainAll[i]!, own, hc, `no effects, HC3, family ${i + 1}`));
  }
  assert.equal(plainAll[1]!.size, 1);
  t.diagnostic(`largest relative difference ${worst.toExponential(2)}`);
  // A `by` column that is not a cell column, and families with another y, are refused.
  const m = feols({ y: 'y', x: ['ai'], fe: ['role'] });
  await assert.rejects(fitFamilies(db.conn, { table: 'e' }, [{ model: m, by: ['country', 'sen'] }], { cells: ['country', 'year'] }), SpecError);
  await assert.rejects(fitFamilies(db.conn, { table: 'e' }, [{ model: m, by: ['country'] }, { model: feols({ y: 'exp', x: ['ai'] }), by: ['country'] }], { cells: ['country'] }), SpecError);
});
