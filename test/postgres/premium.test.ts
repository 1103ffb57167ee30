/**
 * The regression stages on PostgreSQL give the DuckDB outputs: on seeded worlds built in
 * DuckDB (a random panel with missing categories, zero salaries and AI skills; a
 * simulated panel with known premiums), the stages' inputs are mirrored into a
 * PostgreSQL session of a role with only TEMP rights, and `measurePremium`, the new-hire
 * premium, the decomposition and the abroad gap run on both engines. Every output table
 * must match: counts exactly, estimates, SEs and intervals to 1e-9 relative, the same
 * blank and suppressed cells and notes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDb, sql, type Db } from '../../src/db/index.ts';
import type { PgDb } from '../../src/db/postgres.ts';
import { studyOptions, type StudyOptions } from '../../src/study/options.ts';
import type { StudyContext } from '../../src/study/context.ts';
import type { OutputTable } from '../../src/contract/index.ts';
import { absorbedCells, absorbedSharedCells, measurePremium } from '../../src/measure/premium/index.ts';
import { measurePremiumNewHires } from '../../src/measure/premium/new-hires.ts';
import { measureDecomposition } from '../../src/measure/decomposition/index.ts';
import { buildAbroadGapSample, measureAbroadGap } from '../../src/measure/abroad-gap/index.ts';
import { attributeColumns } from '../../src/measure/panel/index.ts';
import { addPositionsFromPanel, createPanel, randomPanel } from '../helpers/premium/fixture.ts';
import { simulatePanel } from '../helpers/premium/simulate.ts';
import { freshPgDb, mirrorTables, pgSkip } from '../helpers/pg-db.ts';

/** The tables the regression stages read. */
const INPUTS = ['panel', 'ai_skills', 'positions', 'panel_codes'];

/** Two output tables equal: the same columns and rows, counts exact, other numbers to 1e-9 relative. */
function sameTable(a: OutputTable, b: OutputTable, what: string): number {
  assert.equal(b.name, a.name, what);
  assert.deepEqual(b.columns, a.columns, `${what}: columns`);
  assert.equal(b.rows.length, a.rows.length, `${what}: rows (${a.name})`);
  let numbers = 0;
  for (const [i, ra] of a.rows.entries()) {
    const rb = b.rows[i]!;
    for (const c of a.columns) {
      const [x, y] = [ra[c] ?? null, rb[c] ?? null];
      const w = `${what}: ${a.name} row ${i} (${JSON.stringify(a.columns.slice(0, 3).map((k) => ra[k]))}) ${c}`;
      if (typeof x === 'number' && typeof y === 'number' && !(Number.isInteger(x) && Number.isInteger(y))) {
        assert.ok(Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)) || Math.abs(x - y) <= 1e-15, `${w}: ${x} (DuckDB) vs ${y} (PostgreSQL)`);
        numbers++;
      } else assert.equal(y, x, w); // counts, keys, notes, blanks (null), suppression flags
    }
  }
  return numbers;
}

interface World {
  duck: DuckDb;
  pg: PgDb;
  years: number[];
}

const ctx = (db: Db, years: number[], o: Partial<StudyOptions>): StudyContext => ({ db, years, options: studyOptions(o) });

/** Run the regression stages on both engines with these options and compare every table. */
async function compareStages(w: World, o: Partial<StudyOptions>, what: string, abroad: boolean): Promise<{ tables: number; numbers: number; blanks: number }> {
  const [cd, cp] = [ctx(w.duck, w.years, o), ctx(w.pg, w.years, o)];
  let numbers = 0;
  let tables = 0;
  let blanks = 0;
  const both = async (f: (c: StudyContext) => Promise<OutputTable[]>): Promise<OutputTable[]> => {
    const [a, b] = [await f(cd), await f(cp)];
    assert.equal(b.length, a.length);
    for (const [i, t] of a.entries()) {
      numbers += sameTable(t, b[i]!, what);
      tables++;
      blanks += t.rows.filter((r) => t.columns.some((c) => (c === 'estimate' || c === 'estimate_pp') && r[c] === null)).length;
    }
    return a;
  };
  const [premium] = await both((c) => measurePremium(c));
  assert.ok(premium!.rows.some((r) => r.skill !== 'all'), `${what}: skill premiums`);
  await both((c) => measurePremiumNewHires(c));
  // the decomposition of each engine's own premium table
  const [pd, pp] = [(await measurePremium(cd))[0]!, (await measurePremium(cp))[0]!];
  const [da, db] = [await measureDecomposition(cd, pd), await measureDecomposition(cp, pp)];
  numbers += sameTable(da[0]!, db[0]!, what);
  assert.ok(da[0]!.rows.length > 0, `${what}: decomposition rows`);
  tables++;
  if (abroad) await both((c) => measureAbroadGap(c));
  return { tables, numbers, blanks };
}

async function world(build: (duck: DuckDb) => Promise<void>, years: number[]): Promise<World> {
  const duck = await DuckDb.open();
  await build(duck);
  await addPositionsFromPanel(duck);
  const pg = await freshPgDb({ role: 'tf_premium_reader' });
  await mirrorTables(duck, pg, INPUTS);
  return { duck, pg, years };
}

/** The abroad gap's study columns resolve on PostgreSQL (src/measure/panel's attributeColumns). */
async function attributesPortable(pg: PgDb): Promise<boolean> {
  return attributeColumns(ctx(pg, [2020], {})).then(
    () => true,
    () => false,
  );
}

test('premium, new-hire premium, decomposition and abroad gap on PostgreSQL equal DuckDB (random panel)', { skip: pgSkip }, async () => {
  // random panel: missing seniority, role, degree and rcid, zero salaries, blank industry,
  // AI skills (some only from mid-2021, for --skill-dating first-reported)
  const w = await world(async (duck) => {
    const { rows, skills } = randomPanel(7, ['AA', 'BB'], [2020, 2021], 70);
    await createPanel(duck, rows, skills.map((s) => (s.uid % 3 === 0 ? { ...s, since: '2021-06-01' } : s)));
  }, [2020, 2021]);
  try {
    const abroad = await attributesPortable(w.pg);
    assert.ok(abroad, 'the abroad gap\'s study columns resolve on PostgreSQL (attributeColumns)');
    let blanks = 0;
    for (const [o, what] of [
      [{ minCell: 5 }, 'default (cluster, stata), min cell 5'],
      [{ minCell: 3, weighted: true, vcov: 'hetero', ssc: 'nested' }, '--weighted --vcov hetero --ssc nested'],
      [{ minCell: 0, vcov: 'iid', skillDating: 'first-reported' }, '--vcov iid --skill-dating first-reported'],
      [{ minCell: 0, ssc: 'nested', premiumControls: ['seniority', 'role'] }, '--ssc nested --controls seniority,role'],
    ] as [Partial<StudyOptions>, string][]) {
      const r = await compareStages(w, o, what, abroad);
      assert.ok(r.numbers > 100, `${what}: ${r.numbers} numbers compared`);
      blanks += r.blanks;
    }
    assert.ok(blanks > 0, 'blank (suppressed or unidentified) cells compared');
  } finally {
    w.duck.close();
    await w.pg.close();
  }
});

test('premium and abroad gap on PostgreSQL equal DuckDB (simulated panel with known premiums)', { skip: pgSkip }, async () => {
  const w = await world(async (duck) => {
    await simulatePanel(duck, { countries: ['AA', 'BB', 'CC'], betas: [0.1, 0.2, 0.05], users: 2400, year0: 2019, years: 2, pAi: 0.15, gamma: 0.2, seed: 11 });
    await duck.run(`update ai_skills set since = date '2020-03-01' where uid % 4 = 0`);
  }, [2019, 2020]);
  try {
    const abroad = await attributesPortable(w.pg);
    assert.ok(abroad, 'the abroad gap\'s study columns resolve on PostgreSQL (attributeColumns)');
    for (const [o, what] of [
      [{ minCell: 10 }, 'default'],
      [{ minCell: 10, weighted: true, skillDating: 'first-reported' }, '--weighted --skill-dating first-reported'],
    ] as [Partial<StudyOptions>, string][])
      await compareStages(w, o, what, abroad);
    // the abroad-gap sample itself (home positions by interval, first positions) equals DuckDB's
    // (no uid in the sample: ordered by every column, equal rows are interchangeable)
    const q = 'select * from tf_abroad_gap_sample order by oc, year, exp, abroad, ai, lv_seniority, lv_role, lv_highest_degree, w';
    await buildAbroadGapSample(w.duck, w.years, sql`p."role_k150"`);
    await buildAbroadGapSample(w.pg, w.years, sql`p."role_k150"`);
    const [a, b] = [await w.duck.all(q), await w.pg.all(q)];
    assert.ok(a.length > 1000);
    assert.deepEqual(b, a);
  } finally {
    w.duck.close();
    await w.pg.close();
  }
});

test('the absorbed-dummy checks (absorbed.sql, absorbed-shared.sql) give the same cells on PostgreSQL', { skip: pgSkip }, async () => {
  const duck = await DuckDb.open();
  const pg = await freshPgDb({ role: 'tf_premium_reader' });
  try {
    // In AA, effect a is a function of x (absorbed); in BB it is not, and has a NULL level.
    // Skill NULL rows are the shared rows of the skill design (x = 0, as non-AI users).
    await duck.run(`create table abs_t as select country, ykey, skill, holds,
        case when country = 'AA' then 'a' || cast(holds as integer) when i % 11 = 0 then null else 'a' || (i % 4) end as a, i % 4 as b
      from (select i, case when i % 2 = 0 then 'AA' else 'BB' end as country, cast(2020 + i % 3 as varchar) as ykey,
          case when i % 5 = 0 then null else 'k' || (i % 3) end as skill,
          case when i % 5 <> 0 and i % 7 < 3 then 1.0 else 0.0 end as holds
        from range(600) t(i)) as r`);
    await mirrorTables(duck, pg, ['abs_t']);
    const plain = async (db: Db) => [...(await absorbedCells(db, 'abs_t', ['country', 'ykey'], ['b', 'a'], 'holds'))].sort();
    const shared = async (db: Db) => [...(await absorbedSharedCells(db, 'abs_t', ['country', 'ykey', 'skill'], ['b', 'a'], 'holds'))].sort();
    const [pa, sa] = [await plain(duck), await shared(duck)];
    assert.deepEqual(pa.map(([k]) => k), ['AA|2020', 'AA|2021', 'AA|2022']);
    assert.ok(pa.every(([, by]) => by.join() === 'a'));
    assert.ok(sa.length > 0 && sa.every(([k]) => k.startsWith('AA|')));
    assert.deepEqual(await plain(pg), pa);
    assert.deepEqual(await shared(pg), sa);
  } finally {
    duck.close();
    await pg.close();
  }
});
