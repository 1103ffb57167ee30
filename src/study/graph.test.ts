import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Db, ident, sql } from '../db/index.ts';
import { MissingTableError } from '../errors.ts';
import type { OutputTable } from '../contract/index.ts';
import { REJECTS, STUDY_TABLES } from '../contract/index.ts';
import { makeCtx, makeDb } from '../../test/helpers/fixture-db.ts';
import { StageGraph, StageGraphError, StaleTableError, type Stage } from './graph.ts';
import { STAGES, STUDY_GRAPH } from './stages.ts';

/** A stage that creates its declared tables (one row each) and returns its declared outputs; runs are counted. */
function fake(name: string, decl: Partial<Pick<Stage, 'needs' | 'produces' | 'options' | 'years'>>, runs?: string[]): Stage {
  const produces = decl.produces ?? {};
  return {
    name,
    needs: decl.needs ?? {},
    produces,
    options: decl.options ?? [],
    years: decl.years ?? false,
    run: async ({ db }) => {
      runs?.push(name);
      for (const t of produces.tables ?? []) await db.run(sql`CREATE OR REPLACE TABLE ${ident(t)} AS SELECT 1 AS x`);
      return (produces.outputs ?? []).map((o): OutputTable => ({ name: o, columns: ['x'], rows: [{ x: 1 }] }));
    },
  };
}

async function sourceDb(): Promise<Db> {
  const db = await Db.open();
  await db.run('CREATE TABLE src AS SELECT 1 AS x');
  return db;
}

test('graph: a cycle, a need nobody produces, a table or output produced twice, a stage listed twice are errors at start-up', () => {
  const cycle = [
    fake('a', { needs: { tables: ['tb'] }, produces: { tables: ['ta'] } }),
    fake('b', { needs: { tables: ['ta'] }, produces: { tables: ['tb'] } }),
  ];
  assert.throws(() => new StageGraph(cycle, []), (e: Error) => e instanceof StageGraphError && /a, b depend on each other in a cycle/.test(e.message));
  const self = [fake('a', { needs: { outputs: ['oa'] }, produces: { outputs: ['oa'] } })];
  assert.throws(() => new StageGraph(self, []), /"a" needs what it produces itself/);
  assert.throws(
    () => new StageGraph([fake('a', { needs: { tables: ['nowhere'] } })], ['src']),
    /stage "a" needs table "nowhere", which no stage produces and is not a source table/,
  );
  assert.throws(() => new StageGraph([fake('a', { needs: { outputs: ['nowhere'] } })], []), /needs output table "nowhere"/);
  assert.throws(
    () => new StageGraph([fake('a', { produces: { tables: ['t'] } }), fake('b', { produces: { tables: ['t'] } })], []),
    /table "t" is produced by both "a" and "b"/,
  );
  assert.throws(
    () => new StageGraph([fake('a', { produces: { outputs: ['o'] } }), fake('b', { produces: { outputs: ['o'] } })], []),
    /output table "o" is produced by both "a" and "b"/,
  );
  assert.throws(() => new StageGraph([fake('a', { produces: { tables: ['src'] } })], ['src']), /"src" is a source table/);
  assert.throws(() => new StageGraph([fake('a', {}), fake('a', {})], []), /stage "a" is listed twice/);
});

test('graph: topological order, the listed order wherever it is free; each stage runs once', async () => {
  const runs: string[] = [];
  // d is listed first but needs b and c, which both need a (a diamond).
  const g = new StageGraph(
    [
      fake('d', { needs: { tables: ['tb', 'tc'] }, produces: { outputs: ['od'] } }, runs),
      fake('c', { needs: { tables: ['ta'] }, produces: { tables: ['tc'] } }, runs),
      fake('a', { needs: { tables: ['src'] }, produces: { tables: ['ta'] } }, runs),
      fake('b', { needs: { tables: ['ta'] }, produces: { tables: ['tb'] } }, runs),
      fake('e', { produces: { outputs: ['oe'] } }, runs),
    ],
    ['src'],
  );
  assert.deepEqual(g.order.map((s) => s.name), ['a', 'c', 'b', 'd', 'e']);
  const db = await sourceDb();
  const res = await g.run(makeCtx(db, []));
  assert.deepEqual(runs, ['a', 'c', 'b', 'd', 'e']);
  assert.deepEqual(res.ran, runs);
  assert.deepEqual(Object.keys(res.timings), runs);
  assert.deepEqual([...res.outputs.keys()], ['od', 'oe']);
  db.close();
});

test('graph: a subset runs the targets and only what they need; output tables reach only the stages that declare them', async () => {
  const runs: string[] = [];
  const seen: string[] = [];
  const g = new StageGraph(
    [
      fake('a', { produces: { outputs: ['oa'] } }, runs),
      fake('b', { produces: { outputs: ['ob'] } }, runs),
      {
        ...fake('c', { needs: { outputs: ['ob'] }, produces: { outputs: ['oc'] } }, runs),
        run: async (_ctx, inputs) => {
          runs.push('c');
          seen.push(inputs.output('ob').name);
          assert.throws(() => inputs.output('oa'), /stage "c" reads output table "oa" without declaring it/);
          return [{ name: 'oc', columns: [], rows: [] }];
        },
      },
    ],
    [],
  );
  const db = await Db.open();
  const res = await g.run(makeCtx(db, []), { targets: ['c'] });
  assert.deepEqual(runs, ['b', 'c']);
  assert.deepEqual(seen, ['ob']);
  assert.deepEqual([...res.outputs.keys()], ['ob', 'oc']);
  assert.throws(() => g.plan(['nope']), /unknown stage "nope"/);
  db.close();
});

test('graph: a stage that does not make what it declares, or makes more, fails with a clear message', async () => {
  const db = await sourceDb();
  const lazy: Stage = { ...fake('lazy', { produces: { tables: ['t1', 't2'] } }), run: async ({ db: d }) => (await d.run('CREATE TABLE t1 AS SELECT 1'), []) };
  await assert.rejects(new StageGraph([lazy], []).run(makeCtx(db, [])), /stage "lazy" declares table "t2" but did not create it/);
  const greedy: Stage = {
    ...fake('greedy', {}),
    run: async ({ db: d }) => {
      await d.run('CREATE TABLE stray AS SELECT 1; CREATE TABLE tf_scratch AS SELECT 1; CREATE TEMP TABLE tmp AS SELECT 1');
      return [];
    },
  };
  await assert.rejects(new StageGraph([greedy], []).run(makeCtx(db, [])), /stage "greedy" created undeclared tables: stray$/);
  const wrong: Stage = { ...fake('wrong', { produces: { outputs: ['x'] } }), run: async () => [{ name: 'y', columns: [], rows: [] }] };
  await assert.rejects(new StageGraph([wrong], []).run(makeCtx(db, [])), /stage "wrong" returned output tables \[y\], declared \[x\]/);
  db.close();
});

test('graph: a missing source table is a data error before any stage runs', async () => {
  const runs: string[] = [];
  const g = new StageGraph(
    [fake('a', { produces: { tables: ['ta'] } }, runs), fake('b', { needs: { tables: ['src', 'ta'] }, produces: { outputs: ['ob'] } }, runs)],
    ['src'],
  );
  const db = await Db.open();
  await assert.rejects(g.run(makeCtx(db, [])), (e: Error) => e instanceof MissingTableError && /table "src" is missing/.test(e.message));
  assert.deepEqual(runs, []);
  db.close();
});

test('graph: built tables are reused for the same years and options, an error for other ones or when built outside the graph', async () => {
  const runs: string[] = [];
  const g = new StageGraph(
    [
      fake('base', { needs: { tables: ['src'] }, produces: { tables: ['tb'] }, options: ['originRule'], years: true }, runs),
      fake('out', { needs: { tables: ['tb'] }, produces: { outputs: ['o'] }, options: ['minCell'], years: true }, runs),
    ],
    ['src'],
  );
  const db = await sourceDb();
  await g.run(makeCtx(db, [2019, 2020], { originRule: 'modal' }));
  // Same years and options for base: reused; out has outputs (not kept) and runs again, with another minCell too.
  await g.run(makeCtx(db, [2019, 2020], { originRule: 'modal', minCell: 3 }));
  assert.deepEqual(runs, ['base', 'out', 'out']);
  await db.run('DROP TABLE tb');
  await g.run(makeCtx(db, [2019, 2020], { originRule: 'modal' }), { targets: ['base'] });
  assert.deepEqual(runs, ['base', 'out', 'out', 'base'], 'a recorded table dropped since is built again');
  await assert.rejects(
    g.run(makeCtx(db, [2019, 2020, 2021], { originRule: 'modal' })),
    (e: Error) =>
      e instanceof StaleTableError &&
      /table "tb" was built for years 2019–2020 \(2\), originRule = "modal", but this run needs it for years 2019–2021 \(3\)/.test(e.message),
  );
  await assert.rejects(g.run(makeCtx(db, [2019, 2020], { originRule: 'bachelor' })), StaleTableError);
  assert.deepEqual(runs.length, 4, 'nothing runs when a needed table is stale');
  db.close();

  const other = await sourceDb();
  await other.run('CREATE TABLE tb AS SELECT 2 AS x');
  await assert.rejects(g.run(makeCtx(other, [2019])), /table "tb" is already in the database but was not built by this study's stages/);
  await g.run(makeCtx(other, [2019]), { targets: ['out'], given: ['tb'] });
  assert.deepEqual(runs.slice(4), ['out'], 'a given table stands in for its stage');
  assert.equal(await other.scalar('select x from tb'), 2);
  other.close();
});

test('study graph: the listed order is the run order (the manifest timing keys); sensitivity only when asked for', () => {
  assert.deepEqual(STUDY_GRAPH.order.map((s) => s.name), STAGES.map((s) => s.name));
  assert.deepEqual(STUDY_GRAPH.order.map((s) => s.name), [
    'classify', 'panel', 'bootstrap', 'headcount', 'flows', 'abroad', 'mobility', 'composition', 'premium', 'premium_new_hires', 'decomposition', 'abroad_gap', 'link', 'sensitivity',
  ]);
  const names = (targets: string[]) => STUDY_GRAPH.plan(targets).map((s) => s.name);
  assert.deepEqual(names(['headcount']), ['classify', 'panel', 'bootstrap', 'headcount']);
  assert.deepEqual(names(['link']), ['classify', 'panel', 'bootstrap', 'abroad', 'premium', 'link']);
  assert.deepEqual(names(['decomposition']), ['classify', 'panel', 'premium', 'decomposition']);
  assert.deepEqual(names(['sensitivity']), ['classify', 'panel', 'sensitivity']);
  assert.equal(STUDY_GRAPH.defaultTargets(makeCtx({} as Db, []).options).includes('sensitivity'), false);
  // The stages produce exactly the contract's study tables (rejects.csv is written by the run itself).
  const outputs = STUDY_GRAPH.order.flatMap((s) => s.produces.outputs ?? []).sort();
  assert.deepEqual(outputs, STUDY_TABLES.filter((t) => t !== REJECTS).map((t) => t.name).sort());
  assert.equal(STUDY_GRAPH.defaultTargets(makeCtx({} as Db, [], { sensitivity: true }).options).includes('sensitivity'), true);
});

/** Two users (an AI one in KR, a non-AI one in US), classified by the run itself, not the fixture. */
async function twoUsersDb(): Promise<Db> {
  const db = await makeDb({
    positions: [
      { uid: 1, startdate: '2019-01-01', country: 'KR' },
      { uid: 2, startdate: '2018-01-01', country: 'US' },
    ],
    skills: [{ uid: 1, skill_raw: 'Machine Learning' }, { uid: 2, skill_raw: 'Excel' }],
  });
  await db.run('DROP TABLE users_ai; DROP TABLE ai_skills');
  return db;
}

test('study graph: headcount alone runs classify, panel, bootstrap and headcount on the database, once each', async () => {
  const db = await twoUsersDb();
  const steps: string[] = [];
  const res = await STUDY_GRAPH.run(makeCtx(db, [2020], { minCell: 0 }), { targets: ['headcount'], onStage: (name) => steps.push(name) });
  assert.deepEqual(steps, ['classify', 'panel', 'bootstrap', 'headcount']);
  assert.deepEqual(Object.keys(res.timings), ['classify', 'panel', 'bootstrap', 'headcount']);
  assert.deepEqual([...res.outputs.keys()], ['headcount', 'ranks']);
  const ai = res.outputs.get('headcount')!.rows.filter((r) => r.group === 'ai').map((r) => [r.country, r.persons]);
  assert.deepEqual(ai, [['KR', 1], ['US', 0]]);
  assert.equal(await db.hasTable('job_changes'), true, 'job_changes comes with the panel');
  db.close();
});

test('study graph: release drops each table once no later stage needs it, views first, and keeps what is asked', async () => {
  const db = await twoUsersDb();
  const other = await twoUsersDb();
  const plain = await STUDY_GRAPH.run(makeCtx(other, [2020], { minCell: 0 }), { targets: ['headcount', 'abroad_gap'] });
  other.close();
  const res = await STUDY_GRAPH.run(makeCtx(db, [2020], { minCell: 0 }), {
    targets: ['headcount', 'abroad_gap'],
    release: { keep: ['skills'] },
  });
  // the same outputs as a run that keeps everything
  assert.deepEqual([...res.outputs.keys()], [...plain.outputs.keys()]);
  for (const [k, v] of plain.outputs) assert.deepEqual(res.outputs.get(k)?.rows, v.rows, k);
  // users is read by classify and panel only; the panel's tables and positions by abroad_gap, the last stage
  assert.equal(await db.hasTable('users'), false);
  assert.equal(await db.hasTable('job_changes'), false, 'no later stage of this plan reads job_changes');
  assert.equal(await db.hasTable('panel'), false);
  assert.equal(await db.hasTable('panel_core'), false);
  assert.equal(await db.hasTable('positions'), false);
  assert.equal(await db.hasTable('skills'), true, 'kept as asked');
  db.close();
});

test('study graph: release keeps the tables a view needed later reads', async () => {
  const db = await makeDb({
    positions: [{ uid: 1, startdate: '2019-01-01', country: 'KR' }, { uid: 2, startdate: '2018-01-01', country: 'US' }],
    skills: [{ uid: 1, skill_raw: 'Machine Learning' }],
  });
  await db.run('DROP TABLE users_ai; DROP TABLE ai_skills');
  // premium_new_hires reads only the panel view, which reads panel_core, panel_user and
  // positions: were they dropped after composition (their last declared reader), it would fail
  const res = await STUDY_GRAPH.run(makeCtx(db, [2020], { minCell: 0 }), { targets: ['composition', 'premium_new_hires'], release: { keep: [] } });
  assert.deepEqual(res.ran, ['classify', 'panel', 'composition', 'premium_new_hires']);
  assert.equal(await db.hasTable('panel_core'), false, 'dropped after the last stage');
  db.close();
});
