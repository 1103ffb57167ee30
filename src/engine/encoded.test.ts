/**
 * Pre-encoded columns (`FitOptions.encoded`): effects given as level codes with labels and
 * cluster columns given as integers give the very results of the values, for own and
 * shared rows, one-way and two-way clustered; codes out of range are refused, in any row of
 * the source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpecError, feols, onlyGroups, sharedRows, type Encoded, type GroupResults } from './index.ts';
import { openTestDb } from '../../test/helpers/engine/test-db.ts';

/** Every number a result holds (coefficients, variance, dropped names), for an exact comparison. */
function dump(r: GroupResults): string {
  return JSON.stringify([...r].map(([k, f]) => [k, f instanceof Error ? f.message : [f.nobs, f.dropped, f.coef(), f.se(), f.variance, f.decomposition()]]));
}

test('encoded effects and clusters give the same bits as the values they encode', async (t) => {
  const db = await openTestDb(t);
  // role: text with NULLs; firm: text clusters; person: integer clusters; lvl: a level that only
  // one group holds (a dummy dropped as collinear elsewhere).
  await db.run(`CREATE TABLE d AS SELECT i % 5 AS g, CASE WHEN i % 17 = 0 THEN NULL ELSE 'r' || (i % 11) END AS role,
    (i % 7) AS lvl, 'f' || (hash(i) % 61) AS firm, (i % 400) AS person,
    CASE WHEN i % 9 = 0 THEN NULL ELSE i % 3 END AS k,
    (hash(i) % 3 = 0)::DOUBLE AS ai, (hash(i * 7) % 4000) / 100.0 AS exp, 1 + (i % 5) / 4.0 AS w,
    2 + 0.2 * (hash(i) % 3 = 0)::DOUBLE + 0.01 * (hash(i * 7) % 4000) / 100.0 + (hash(i * 13) % 1000) / 3000.0 AS y
    FROM range(6000) t(i)`);
  // The codes as a caller would build them: ranks of the values, NULL last, plus an unused code.
  await db.run(`CREATE TABLE e AS SELECT d.*, r.code AS role_code, dense_rank() OVER (ORDER BY firm) * 3 AS firm_code
    FROM d JOIN (SELECT v, row_number() OVER (ORDER BY v NULLS LAST) - 1 AS code FROM (SELECT DISTINCT role AS v FROM d)) AS r ON r.v IS NOT DISTINCT FROM d.role`);
  const labels = (await db.conn.rows(`SELECT DISTINCT role_code, coalesce(role, 'NA') AS l FROM e ORDER BY 1`)).map((r) => String(r.l));
  const encoded: Encoded = { fe: { role: { column: 'role_code', labels: [...labels, 'unused'] } }, clusters: ['firm'] };
  for (const shared of [false, true]) {
    const model = feols({ y: 'y', x: ['ai', 'exp'], fe: ['role', 'lvl'], weights: 'w', vcov: { cluster: ['firm', 'person'] }, keep: { vcov: [{ cluster: 'firm' }, 'hetero'] } });
    const by = shared ? ['g', 'k'] : ['g'];
    const opts = { ...(shared ? { rows: sharedRows() } : {}), decompose: { x: 'ai', groups: { exp: ['exp'], role: ['role'], lvl: ['lvl'] } } };
    const plain = await model.fitBy(db.conn, { table: 'e' }, by, opts);
    // The firm column is replaced by its integer code: the clusters are the same.
    const enc = await model.fitBy(db.conn, { query: 'SELECT * REPLACE (firm_code AS firm) FROM e' }, by, { ...opts, encoded });
    assert.ok(plain.size >= 5);
    assert.equal(dump(enc), dump(plain), shared ? 'shared rows' : 'own rows');
    // Only some groups: the levels are still those of the whole source.
    const some = onlyGroups([plain.keys()[1]!]);
    assert.equal(dump(await model.fitBy(db.conn, { table: 'e' }, by, { ...opts, groups: some })), dump(await model.fitBy(db.conn, { query: 'SELECT * REPLACE (firm_code AS firm) FROM e' }, by, { ...opts, groups: some, encoded })));
  }
  const model = feols({ y: 'y', x: ['ai'], fe: ['role'], vcov: { cluster: 'firm' } });
  await assert.rejects(model.fitBy(db.conn, { table: 'e' }, ['g'], { encoded: { fe: { role: { column: 'role_code', labels: ['a', 'b'] } } } }), SpecError);
  await assert.rejects(model.fitBy(db.conn, { table: 'e' }, ['g'], { encoded: { fe: { lvl: { column: 'lvl', labels: ['a'] } } } }), SpecError);
  await assert.rejects(model.fitBy(db.conn, { table: 'e' }, ['g'], { encoded: { clusters: ['person'] } }), SpecError);
  // The codes are checked in every row of the source, also in rows outside the sample (y NULL).
  const outside = 'SELECT * REPLACE (CASE WHEN person = 7 THEN NULL ELSE y END AS y, CASE WHEN person = 7 THEN 99 ELSE role_code END AS role_code) FROM e';
  const roleOnly = { fe: { role: { column: 'role_code', labels: [...labels, 'unused'] } } };
  await assert.rejects(model.fitBy(db.conn, { query: outside }, ['g'], { encoded: roleOnly }), SpecError);
  assert.ok((await model.fitBy(db.conn, { query: outside.replace('THEN 99', 'THEN 0') }, ['g'], { encoded: roleOnly })).size >= 5);
});
