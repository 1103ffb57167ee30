import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Db, fill, sql, sqlFile } from '../../db/index.ts';
import { makeCtx } from '../../../test/helpers/fixture-db.ts';
import { h32, poisson1, poissonThresholds } from '../../../test/helpers/bootstrap-hash.ts';
import { BOOTSTRAP_GROUPS, bootstrapIntervals, buildBootstrap, quantile7, type BootstrapPlan } from './index.ts';
import { normalRankRanges, rankRanges, ranks } from './ranks.ts';

const HASH = sqlFile(import.meta.url, 'hash.sql');
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/bootstrap-hash.json', import.meta.url), 'utf8')) as {
  cases: { key: string; stream: number; seed: number; h: number; m: number }[];
};

async function sqlHashes(db: Db, cases: { key: string; stream: number }[], seed: number): Promise<Map<string, number>> {
  await db.run('CREATE OR REPLACE TEMP TABLE tf_boot_keys (key BIGINT, stream BIGINT)');
  for (const c of cases) await db.run(sql`INSERT INTO tf_boot_keys VALUES (${BigInt(c.key)}, ${c.stream})`);
  await db.run(fill(HASH, { seed }));
  const rows = await db.all<{ key: number; stream: number; h: number }>('SELECT key::VARCHAR AS key, stream, h FROM tf_boot_hash');
  return new Map(rows.map((r) => [`${r.key}/${r.stream}`, r.h]));
}

test('bootstrap hash: the SQL, the TypeScript reimplementation and the fixture agree on every case', async () => {
  const db = await Db.open();
  for (const seed of [...new Set(fixture.cases.map((c) => c.seed))]) {
    const cases = fixture.cases.filter((c) => c.seed === seed);
    const got = await sqlHashes(db, cases, seed);
    for (const c of cases) {
      assert.equal(got.get(`${c.key}/${c.stream}`), c.h, `SQL h32(${c.key}, ${c.stream}, ${seed})`);
      assert.equal(h32(BigInt(c.key), c.stream, seed), c.h, `TS h32(${c.key}, ${c.stream}, ${seed})`);
      assert.equal(poisson1(c.h), c.m);
    }
  }
  // and on 2,000 further inputs (keys and streams spread over the 32-bit range)
  const more = Array.from({ length: 2000 }, (_, i) => ({ key: String((i * 2654435761) % 2 ** 32), stream: (i * 40503) % 70000 }));
  const got = await sqlHashes(db, more, 977);
  for (const c of more) assert.equal(got.get(`${c.key}/${c.stream}`), h32(BigInt(c.key), c.stream, 977));
  db.close();
});

test('bootstrap hash: the Poisson thresholds of mult.sql are floor(2^32·P(X ≤ k)), X ~ Poisson(1)', () => {
  const text = readFileSync(new URL('./mult.sql', import.meta.url), 'utf8');
  const inSql = [...text.matchAll(/h\.h < (\d+) THEN (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  assert.deepEqual(inSql, poissonThresholds().map((t, k) => [t, k]));
  // against the floating-point CDF: equal to within one unit of 2^-32
  let p = Math.exp(-1);
  let cdf = 0;
  poissonThresholds().forEach((t, k) => {
    if (k > 0) p /= k;
    cdf += p;
    assert.ok(Math.abs(t - Math.floor(cdf * 2 ** 32)) <= 1, `T_${k}`);
  });
});

/** A database whose `positions` holds users 1 … n (all the bootstrap reads of it). */
async function usersDb(n: number, threads?: number): Promise<Db> {
  const db = await Db.open(':memory:', threads ? { threads } : {});
  await db.run(`CREATE TABLE positions AS SELECT range::INTEGER AS uid FROM range(1, ${n + 1})`);
  return db;
}

async function multipliers(db: Db): Promise<number[][]> {
  return (await db.all<{ m: number[] }>('SELECT m FROM boot_multipliers ORDER BY r')).map((r) => r.m);
}

test('bootstrap multipliers: Poisson(1) draws of h32(uid, r, seed), mean ≈ 1 and variance ≈ 1', async () => {
  const db = await usersDb(1000);
  const ctx = makeCtx(db, []);
  await buildBootstrap(ctx, { replicates: 200, seed: 7 });
  const m = await multipliers(db);
  assert.equal(m.length, 200);
  // per-user form (1,000 users ≤ the group count): unit u is uid u + 1
  for (const [r, u] of [[1, 0], [1, 999], [200, 500], [37, 1]] as const)
    assert.equal(m[r - 1]![u], poisson1(h32(u + 1, r, 7)), `replicate ${r}, uid ${u + 1}`);
  const all = m.flat();
  const mean = all.reduce((s, x) => s + x, 0) / all.length;
  const variance = all.reduce((s, x) => s + (x - mean) ** 2, 0) / (all.length - 1);
  // 200,000 draws: standard errors 0.0022 (mean) and 0.0045 (variance)
  assert.ok(Math.abs(mean - 1) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
  const p0 = all.filter((x) => x === 0).length / all.length;
  assert.ok(Math.abs(p0 - Math.exp(-1)) < 0.005, `P(0) ${p0}`);
  // replicates are not correlated with each other
  const a = m[0]!;
  const b = m[1]!;
  const corr = a.reduce((s, x, i) => s + (x - 1) * (b[i]! - 1), 0) / a.length;
  assert.ok(Math.abs(corr) < 0.1, `correlation ${corr}`);
  db.close();
});

test('bootstrap units: grouped form above the group count, one unit per user below it', async () => {
  const db = await usersDb(BOOTSTRAP_GROUPS + 1);
  const ctx = makeCtx(db, []);
  await buildBootstrap(ctx, { replicates: 3, seed: 1 });
  const units = await db.all<{ uid: number; unit: number }>('SELECT uid, unit FROM boot_units ORDER BY uid LIMIT 5');
  for (const u of units) assert.equal(u.unit, h32(u.uid, 0, 1) % BOOTSTRAP_GROUPS);
  assert.equal((await multipliers(db))[0]!.length, BOOTSTRAP_GROUPS);
  await buildBootstrap(ctx, { replicates: 3, seed: 1, perUserMax: 5000 });
  assert.equal((await multipliers(db))[0]!.length, BOOTSTRAP_GROUPS + 1);
  await buildBootstrap(ctx, { replicates: 0, seed: 1 });
  assert.equal((await multipliers(db)).length, 0);
  assert.deepEqual(await bootstrapIntervals(ctx, [{ contributions: sql`SELECT 1`, keys: ['cell'] }]), [new Map()]);
  db.close();
});

/**
 * A population of n users in two cells: cell 'a' holds every user with weight 1 + (uid mod
 * 3), cell 'b' the users with uid mod 4 = 0, weight 2, and the share of 'b' among all.
 */
async function intervalsOf(n: number, plan: BootstrapPlan, threads?: number) {
  const db = await usersDb(n, threads);
  const ctx = makeCtx(db, []);
  await db.run(`CREATE TABLE pop AS SELECT uid, 'a' AS cell, 1.0 + uid % 3 AS w FROM positions
                UNION ALL SELECT uid, 'b', 2.0 FROM positions WHERE uid % 4 = 0`);
  await buildBootstrap(ctx, plan);
  const [totals, share] = await bootstrapIntervals(ctx, [
    { contributions: sql`SELECT p.cell, u.unit, sum(p.w) AS a, 0.0 AS b FROM pop p JOIN boot_units u USING (uid) GROUP BY ALL`, keys: ['cell'], replicates: true },
    {
      contributions: sql`SELECT 'all' AS cell, u.unit, sum(CASE WHEN p.cell = 'b' THEN 1 ELSE 0 END) AS a, sum(CASE WHEN p.cell = 'a' THEN 1 ELSE 0 END) AS b
                         FROM pop p JOIN boot_units u USING (uid) GROUP BY ALL`,
      keys: ['cell'],
      ratio: true,
    },
  ]);
  db.close();
  return { a: totals!.get('a')!, b: totals!.get('b')!, share: share!.get('all')! };
}

test('bootstrap intervals: reproducible across runs and thread counts', async () => {
  for (const plan of [{ replicates: 200, seed: 3 }, { replicates: 200, seed: 3, groups: 50 }]) {
    const one = await intervalsOf(3000, plan, 1);
    const again = await intervalsOf(3000, plan, 1);
    const four = await intervalsOf(3000, plan, 4);
    assert.deepEqual(again, one);
    for (const k of ['a', 'b', 'share'] as const) {
      for (const side of ['low', 'high'] as const) {
        const x = one[k][side]!;
        assert.ok(Math.abs(four[k][side]! - x) <= 1e-12 * Math.abs(x), `${k} ${side}: ${four[k][side]} vs ${x}`);
      }
    }
  }
});

test('bootstrap intervals: per-user width matches the Poisson variance Σ w², grouped agrees, the share is covered', async () => {
  const n = 4000;
  const sumW2 = Array.from({ length: n }, (_, i) => (1 + ((i + 1) % 3)) ** 2).reduce((s, x) => s + x, 0);
  const expected = 2 * 1.959964 * Math.sqrt(sumW2);
  const perUser = await intervalsOf(n, { replicates: 400, seed: 11, perUserMax: n });
  const grouped = await intervalsOf(n, { replicates: 400, seed: 11, groups: BOOTSTRAP_GROUPS });
  const width = (iv: { low: number | null; high: number | null }) => iv.high! - iv.low!;
  // 400 replicates: the percentile width is within about ±10% of its expectation
  assert.ok(Math.abs(width(perUser.a) / expected - 1) < 0.15, `per-user ${width(perUser.a)} vs ${expected}`);
  assert.ok(Math.abs(width(grouped.a) / expected - 1) < 0.15, `grouped ${width(grouped.a)} vs ${expected}`);
  // the total of all users: without the groups / Σ m rescaling it would be √(n/groups + 1) ≈ 2.2 times wider
  const total = Array.from({ length: n }, (_, i) => 1 + ((i + 1) % 3)).reduce((s, x) => s + x, 0);
  assert.ok(grouped.a.low! < total && total < grouped.a.high!);
  assert.ok(perUser.share.low! < 0.25 && 0.25 < perUser.share.high!);
  assert.ok(grouped.share.low! < 0.25 && 0.25 < grouped.share.high!);
  assert.equal(perUser.a.replicates!.length, 400);
});

test('bootstrap intervals: an interval shrinks with the sample size (relative width ∝ 1/√n)', async () => {
  const plan = { replicates: 300, seed: 5, groups: 200 };
  const small = await intervalsOf(1000, plan);
  const large = await intervalsOf(16000, plan);
  const rel = (iv: { low: number | null; high: number | null }, n: number) => (iv.high! - iv.low!) / (2 * n);
  const ratio = rel(large.a, 16000) / rel(small.a, 1000);
  assert.ok(ratio > 0.15 && ratio < 0.4, `relative width ratio ${ratio} (expected ≈ 1/4)`);
  assert.ok(large.share.high! - large.share.low! < small.share.high! - small.share.low!);
});

test('quantile7 is type-7 interpolation', () => {
  assert.equal(quantile7([], 0.5), null);
  assert.equal(quantile7([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile7([10, 20], 0.025), 10.25);
  assert.equal(quantile7([5], 0.975), 5);
});

test('ranks: largest first, ties by country code; ranges from the replicates', () => {
  assert.deepEqual(ranks([{ country: 'US', v: 5 }, { country: 'KR', v: 9 }, { country: 'JP', v: 5 }]), [3, 1, 2]);
  const r = rankRanges([
    { country: 'A', v: 10, samples: Array.from({ length: 40 }, (_, i) => (i % 2 ? 10 : 3)) },
    { country: 'B', v: 5, samples: Array.from({ length: 40 }, () => 5) },
    { country: 'C', v: 1, samples: Array.from({ length: 40 }, () => 1) },
  ]);
  assert.deepEqual(r.map((x) => [x.country, x.rank, x.low, x.high, x.n]), [
    ['A', 1, 1, 2, 3],
    ['B', 2, 1, 2, 3],
    ['C', 3, 3, 3, 3],
  ]);
});

test('premium ranks from normal draws: seeded, order-free, separated estimates keep their rank', () => {
  const pts = [
    { country: 'KR', estimate: 0.073, se: 0.004 },
    { country: 'JP', estimate: 0.076, se: 0.014 },
    { country: 'US', estimate: 0.3, se: 0.01 },
    { country: 'DE', estimate: 0.01, se: 0.005 },
  ];
  const a = normalRankRanges(pts);
  assert.deepEqual(normalRankRanges([...pts].reverse()), [...a].reverse());
  const by = new Map(a.map((x) => [x.country, x]));
  assert.deepEqual([by.get('US')!.rank, by.get('US')!.low, by.get('US')!.high], [1, 1, 1]);
  assert.deepEqual([by.get('DE')!.rank, by.get('DE')!.low, by.get('DE')!.high], [4, 4, 4]);
  // Korea and Japan overlap: each ranges over 2nd–3rd
  assert.deepEqual([by.get('KR')!.low, by.get('KR')!.high, by.get('JP')!.low, by.get('JP')!.high], [2, 3, 2, 3]);
});

test('headcount, abroad share and flows: intervals around the weighted figures, blank when off or suppressed', async () => {
  const { buildNeeds, makeDb } = await import('../../../test/helpers/fixture-db.ts');
  const { measureHeadcount } = await import('../headcount/index.ts');
  const { measureAbroad } = await import('../abroad/index.ts');
  const { measureFlows } = await import('../flows/index.ts');
  // 120 users: all start in KR in 2018 (weight 1 + uid mod 4); every third moves to US in 2020 (weight 2).
  const positions = [];
  for (let uid = 1; uid <= 120; uid++) {
    positions.push({ uid, startdate: '2018-01-01', country: 'KR', weight: 1 + (uid % 4), ...(uid % 3 === 0 ? { enddate: '2020-02-01' } : {}) });
    if (uid % 3 === 0) positions.push({ uid, startdate: '2020-03-01', country: 'US', weight: 2 });
  }
  const users_ai = Array.from({ length: 120 }, (_, i) => ({ uid: i + 1, grp: (i % 2 ? 'ai' : 'non_ai') as 'ai' | 'non_ai' }));
  const education = Array.from({ length: 120 }, (_, i) => ({ uid: i + 1, education_number: 1, university_country: 'KR', startdate: '2010-01-01' }));
  for (const [boot, minCell] of [[200, 0], [0, 0], [200, 30]] as const) {
    const db = await makeDb({ positions, users_ai, education });
    const ctx = makeCtx(db, [2019, 2020], { bootstrap: boot, minCell });
    await buildNeeds(ctx, 'flows');
    await buildNeeds(ctx, 'abroad');
    const [hc, rk] = await measureHeadcount(ctx);
    const share = (await measureAbroad(ctx))[1]!;
    const [flows] = await measureFlows(ctx);
    db.close();
    const checks: [typeof hc, string][] = [[hc!, 'persons_weighted'], [share, 'share_abroad_weighted'], [flows!, 'net_weighted']];
    for (const [t, col] of checks) {
      for (const r of t!.rows) {
        const [v, lo, hi] = [r[col], r[`${col}_ci_low`], r[`${col}_ci_high`]];
        if (boot === 0 || r.suppressed || v === null) {
          assert.equal(lo, null, `${t!.name} ${JSON.stringify(r)}`);
          assert.equal(hi, null);
        } else {
          assert.ok(typeof lo === 'number' && typeof hi === 'number' && lo <= (v as number) && (v as number) <= hi, `${t!.name} ${JSON.stringify(r)}`);
          if (v !== 0) assert.ok(lo < hi, `${t!.name} ${JSON.stringify(r)}`);
        }
      }
    }
    const kr = rk!.rows.find((r) => r.country === 'KR' && r.year === 2020 && r.group === 'ai')!;
    assert.equal(kr.rank, 1);
    assert.deepEqual([kr.rank_low, kr.rank_high], boot ? [1, 1] : [null, null]);
    if (boot && !minCell) {
      const net = flows!.rows.find((r) => r.country === 'KR' && r.year === 2020 && r.group === 'ai')!;
      assert.equal(net.outflow, 20);
      assert.ok((net.net_weighted_ci_high as number) < 0);
    }
  }
});
