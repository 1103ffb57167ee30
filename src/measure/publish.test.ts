import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Db, sql } from '../db/index.ts';
import { feols, type ModelSpec } from '../engine/index.ts';
import { engineConnection } from '../db/engine.ts';
import { TalentflowError } from '../errors.ts';
import { blankNote, logPointsToPct, publishCoef, type PublishableFit } from './publish.ts';

const estimate = (db: Db, { source, ...spec }: ModelSpec & { source: string }) => feols(spec).fit(engineConnection(db), { table: source });

/** A fitted result with the given coefficient, se and interval of `ai` (the rest unused). */
function fake(b: number, se: number, opts: { dropped?: string[]; ci?: [number, number]; nClusters?: number } = {}): PublishableFit {
  return {
    nobs: 100,
    df: opts.nClusters === undefined ? 97 : opts.nClusters - 1,
    dropped: opts.dropped ?? [],
    coef: (): Record<string, number> => (opts.dropped?.includes('ai') ? {} : { ai: b }),
    se: () => ({ ai: se }),
    confint: () => ({ ai: opts.ci ?? [b - 2 * se, b + 2 * se] }),
  };
}

test('publishCoef: estimate, se, interval and df of a usable fit', () => {
  const c = publishCoef(fake(0.1, 0.02), 'ai');
  assert.deepEqual(c, { estimate: 0.1, se: 0.02, ci: [0.1 - 0.04, 0.1 + 0.04], df: 97, nobs: 100 });
  assert.equal(publishCoef(fake(0.1, 0.02, { nClusters: 12 }), 'ai')!.df, 11);
});

test('publishCoef: no cell for a failed fit, a dropped term, a non-finite β or a zero / non-finite se', () => {
  assert.equal(publishCoef(undefined, 'ai'), null);
  assert.equal(publishCoef(new TalentflowError('singular'), 'ai'), null);
  assert.equal(publishCoef(fake(0.1, 0.02, { dropped: ['ai'] }), 'ai'), null);
  assert.equal(publishCoef(fake(Number.NaN, 0.02), 'ai'), null);
  assert.equal(publishCoef(fake(0.1, 0), 'ai'), null);
  assert.equal(publishCoef(fake(1e-17, 0), 'ai'), null);
  assert.equal(publishCoef(fake(0.1, 1e-12), 'ai'), null);
  assert.equal(publishCoef(fake(0.1, Number.NaN), 'ai'), null);
  assert.equal(publishCoef(fake(0.1, Number.POSITIVE_INFINITY), 'ai'), null);
  // a non-finite interval (no residual df) keeps the estimate but no interval
  assert.deepEqual(publishCoef(fake(0.1, 0.02, { ci: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY] }), 'ai')!.ci, null);
});

test('publishCoef on real fits: a saturated fit (as many distinct rows as parameters) publishes nothing, a noisy one does', async (t) => {
  const db = await Db.open();
  t.after(() => db.close());
  await db.run(sql`create table s as select * from (values (1.0, 0.0, 'a'), (1.0, 0.0, 'a'), (3.5, 1.0, 'a'), (3.5, 1.0, 'a'), (2.0, 0.0, 'b')) v(y, ai, g)`);
  const saturated = await estimate(db, { source: 's', y: 'y', x: ['ai'], fe: ['g'], vcov: 'hetero' });
  assert.equal(publishCoef(saturated, 'ai'), null);
  await db.run(sql`create table n as select i, (i % 2)::double as ai, 1 + 0.5 * (i % 2) + sin(i) as y from range(40) r(i)`);
  const fit = await estimate(db, { source: 'n', y: 'y', x: ['ai'], fe: [], vcov: 'hetero' });
  const c = publishCoef(fit, 'ai')!;
  assert.ok(Math.abs(c.estimate - fit.coef().ai!) < 1e-15 && c.se > 0 && c.df === 38 && c.nobs === 40);
  assert.ok(c.ci![0] < c.estimate && c.estimate < c.ci![1]);
});

test('publishCoef: an outcome without variation (β = 0, se = 0 exactly) is published as 0 with [0, 0]', async (t) => {
  assert.deepEqual(publishCoef(fake(0, 0, { ci: [0, 0] }), 'ai'), { estimate: 0, se: 0, ci: [0, 0], df: 97, nobs: 100 });
  const db = await Db.open();
  t.after(() => db.close());
  await db.run(sql`create table z as select (i % 3 = 0)::double as ai, (i % 2)::double as exp, 0.0 as y from range(30) r(i)`);
  const fit = await estimate(db, { source: 'z', y: 'y', x: ['ai', 'exp'], fe: [], vcov: 'hetero' });
  const c = publishCoef(fit, 'ai');
  assert.ok(c && c.estimate === 0 && c.se === 0, JSON.stringify(c));
});

test('logPointsToPct: 100·(e^β − 1)', () => {
  assert.equal(logPointsToPct(0), 0);
  assert.ok(Math.abs(logPointsToPct(Math.log(1.25)) - 25) < 1e-12);
});

test('blankNote: the reason a fitted cell is blank, null when the coefficient is published', () => {
  assert.equal(blankNote(fake(0.1, 0.02), 'ai'), null);
  assert.equal(blankNote(fake(0.1, 0.02), 'ai', ['role']), 'absorbed_by:role');
  assert.equal(blankNote(fake(0.1, 0.02, { dropped: ['role'] }), 'ai', ['seniority', 'role']), 'absorbed_by:seniority+role');
  assert.equal(blankNote(undefined, 'ai'), 'fit_failed');
  assert.equal(blankNote(new TalentflowError('singular'), 'ai'), 'fit_failed');
  assert.equal(blankNote(fake(0.1, 0.02, { dropped: ['ai'] }), 'ai'), 'collinear');
  assert.equal(blankNote(fake(0.1, 0), 'ai'), 'saturated');
  assert.equal(blankNote(fake(0, 0, { ci: [0, 0] }), 'ai'), null);
});
