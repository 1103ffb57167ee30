import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { duckdb, feols, onlyGroups, reportTerms, sharedRows, type Dialect, type EngineConnection, type FitOptions, type VcovType } from './index.ts';
import { openTestDb } from '../../test/helpers/engine/test-db.ts';

test('the SQL templates hold no DuckDB-only syntax (what differs is rendered by the dialect)', () => {
  const dir = new URL('./sql/', import.meta.url);
  for (const f of readdirSync(dir)) {
    const text = readFileSync(new URL(f, dir), 'utf8').replace(/--.*$/gm, '');
    for (const bad of [/\bEXCLUDE\b/i, /\bBY NAME\b/i, /\bisfinite\b/i, /\$/, /\bDOUBLE\b/i, /\bLIST\b/i, /\bFROM\s*\([^)]*\)\s*(WHERE|GROUP|$)/i])
      assert.ok(!bad.test(text), `${f}: ${bad}`);
  }
});

/** A second rendering, run on DuckDB: standard type names and no `isfinite` (what a PostgreSQL dialect would write). */
const standard: Dialect = {
  ...duckdb,
  name: 'standard',
  double: 'DOUBLE PRECISION',
  isFinite: (e) => `(${e} NOT IN ('Infinity'::DOUBLE PRECISION, '-Infinity'::DOUBLE PRECISION, 'NaN'::DOUBLE PRECISION))`,
};

/** The connection with another dialect, recording every statement. */
function recording(conn: EngineConnection, dialect: Dialect, log: string[]): EngineConnection {
  return {
    dialect,
    run: (s) => (log.push(s), conn.run(s)),
    rows: (s, p) => (log.push(s), conn.rows(s, p)),
    batches: (s) => (log.push(s), conn.batches(s)),
    load: (n, c, r) => conn.load(n, c, r),
  };
}

test("the engine's queries, rendered for DuckDB and for a second dialect, run and give the same fits", async (t) => {
  const db = await openTestDb(t);
  await db.run(`CREATE TABLE s AS SELECT * FROM read_csv('${new URL('../../test/fixtures/r/twoway.csv', import.meta.url).pathname}')`);
  // A split with shared rows: region NULL for a third of the rows of each firm-decile.
  await db.run(`CREATE TABLE sh AS SELECT *, firm % 3 AS k, CASE WHEN firm % 4 = 0 THEN NULL ELSE region % 3 END AS g FROM s`);
  const spec = { y: 'y', x: ['x1', 'x2'], fe: ['a', 'region'] };
  const types: VcovType[] = ['iid', 'hetero', { cluster: 'firm' }, { cluster: ['firm', 'region'] }];
  const runs: { table: string; by: string[]; opts: FitOptions; x?: string[]; fe?: string[] }[] = [
    { table: 's', by: [], opts: {} },
    { table: 's', by: [], opts: {}, fe: [] },
    { table: 'sh', by: ['k'], opts: { terms: reportTerms(['x1']) } },
    { table: 'sh', by: ['k', 'g'], opts: { rows: sharedRows(), groups: onlyGroups([[0, 1], [2, 0], [1, 2]]) } },
  ];
  for (const r of runs) {
    const model = feols({ ...spec, ...(r.fe ? { fe: r.fe } : {}), vcov: 'iid', keep: { vcov: r.fe ? [...types, 'HC3'] : types, ssc: ['nested'] } });
    const fits = [];
    for (const dialect of [duckdb, standard]) {
      const log: string[] = [];
      const conn = recording(db.conn, dialect, log);
      fits.push(r.by.length ? await model.fitBy(conn, { table: r.table }, r.by, r.opts) : new Map([['all', await model.fit(conn, { table: r.table })]]));
      const text = log.join('\n');
      assert.ok(log.length > 5, 'the fit ran its queries');
      assert.equal(/isfinite\(/.test(text), dialect === duckdb, 'isfinite only in the DuckDB rendering');
      assert.equal(/DOUBLE PRECISION/.test(text), dialect === standard, 'the type name of the dialect');
    }
    const [a, b] = fits as [Map<unknown, unknown>, Map<unknown, unknown>];
    assert.ok(a.size > 0);
    for (const [key, fa] of a) {
      const fb = [...b].find(([k]) => JSON.stringify(k) === JSON.stringify(key))?.[1];
      if (fa instanceof Error) {
        assert.equal((fb as Error).constructor, fa.constructor);
        continue;
      }
      for (const type of r.fe ? [...types, 'HC3' as const] : types)
        for (const ssc of ['stata', 'nested'] as const) {
          const [va, vb] = [(fa as import('./index.ts').FitResult).vcov(type, ssc), (fb as import('./index.ts').FitResult).vcov(type, ssc)];
          assert.deepEqual(Object.keys(va.coef()), Object.keys(vb.coef()));
          for (const term of va.terms) {
            const [x, y] = [va.se()[term]!, vb.se()[term]!];
            assert.ok(Math.abs(x - y) <= 1e-10 * Math.abs(x), `${r.table} ${String(key)} ${term}: ${x} vs ${y}`);
            assert.ok(Math.abs(va.coef()[term]! - vb.coef()[term]!) <= 1e-10 * Math.abs(va.coef()[term]!));
          }
        }
    }
  }
});
