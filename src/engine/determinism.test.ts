/**
 * A fit does not depend on the order in which DuckDB's threads add the rows: the same
 * weighted, clustered fit with fixed effects, run repeatedly with 4 threads on a table of
 * several row groups, gives bit-identical coefficients and standard errors, one-way and
 * two-way clustered (DuckDB's own
 * `sum` of doubles, shown first, does not).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbConnection, feols } from './index.ts';

test('repeated fits on 4 threads give the same bits', async (t) => {
  const instance = await DuckDBInstance.create(':memory:', { threads: '4' });
  const raw = await instance.connect();
  t.after(() => {
    raw.closeSync();
    instance.closeSync();
  });
  const conn = duckdbConnection(raw);
  await conn.run(`CREATE TABLE d AS SELECT i % 40 AS g, i % 997 AS firm, 'r' || (i % 13) AS role,
    (hash(i) % 3 = 0)::DOUBLE AS ai, (hash(i * 7) % 4000) / 100.0 AS exp,
    round(0.5 + (hash(i * 11) % 10000) / 7919.0, 4) AS w,
    10 + 0.2 * (hash(i) % 3 = 0)::DOUBLE + 0.01 * (hash(i * 7) % 4000) / 100.0 + (hash(i * 13) % 1000) / 3000.0 AS y
    FROM range(600000) t(i)`);
  // The failure mode: a parallel double sum whose last bits vary between runs.
  const plain = new Set<string>();
  for (let k = 0; k < 6; k++) plain.add(JSON.stringify(await conn.rows(`SELECT g, sum(w * y * exp) AS s FROM d GROUP BY g ORDER BY g`)));
  t.diagnostic(`DuckDB sum(): ${plain.size} distinct results in 6 runs`);
  // Two-way clustering too: its variance adds three meats, which must come in a fixed order.
  const model = feols({ y: 'y', x: ['ai', 'exp'], fe: ['role'], weights: 'w', vcov: { cluster: 'firm' }, keep: { vcov: [{ cluster: ['firm', 'role'] }] } });
  const bits = new Set<string>();
  for (let k = 0; k < 4; k++) {
    const res = await model.fitBy(conn, { table: 'd' }, ['g']);
    const out: number[] = [];
    for (let g = 0; g < 40; g++) {
      const r = res.get([g]);
      assert.ok(r && !(r instanceof Error), `group ${g}`);
      out.push(...Object.values(r.coef()), ...Object.values(r.se()), ...Object.values(r.vcov({ cluster: ['firm', 'role'] }).se()));
    }
    bits.add(out.map((v) => v.toString(16)).join(','));
  }
  assert.equal(bits.size, 1, 'the fits differ between runs');
});
