import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Db, sql } from '../db/index.ts';
import { classify, UnknownSkillColumnError } from './classify.ts';
import { loadTaxonomy } from './match.ts';

type SkillRow = { uid: number; skill_raw: string | null; skill_k25: string | null };

// uid 1: two AI skills, one of them spelled three ways; uid 2: one AI skill given twice;
// uid 3: only traps; uid 4: no skills at all; uid 5: skills but no positions (not in users).
const skillRows: SkillRow[] = [
  { uid: 1, skill_raw: 'Machine Learning', skill_k25: 'Machine Learning' },
  { uid: 1, skill_raw: 'ML', skill_k25: 'Machine Learning' },
  { uid: 1, skill_raw: 'machine  learning', skill_k25: 'Machine Learning' },
  { uid: 1, skill_raw: 'Natural Language Processing (NLP)', skill_k25: 'Machine Learning' },
  { uid: 1, skill_raw: 'Excel', skill_k25: 'Office' },
  { uid: 2, skill_raw: 'Big Data', skill_k25: 'Data' },
  { uid: 2, skill_raw: 'Big Data', skill_k25: 'Data' },
  { uid: 2, skill_raw: null, skill_k25: null },
  { uid: 3, skill_raw: 'E-Learning', skill_k25: 'Teaching' },
  { uid: 3, skill_raw: 'Pattern Making', skill_k25: 'Fashion' },
  { uid: 3, skill_raw: 'Neurology', skill_k25: 'Medicine' },
  { uid: 5, skill_raw: 'Deep Learning', skill_k25: 'Machine Learning' },
];
const userIds = [1, 2, 3, 4];

async function fixture(): Promise<Db> {
  const db = await Db.open();
  await db.run('create table users (uid INTEGER, user_country VARCHAR, highest_degree VARCHAR, sex_predicted VARCHAR)');
  await db.run('create table skills (uid INTEGER, skill_raw VARCHAR, skill_k25 VARCHAR, first_reported DATE)');
  for (const u of userIds) await db.run(sql`insert into users values (${u}, 'KR', NULL, NULL)`);
  for (const r of skillRows) await db.run(sql`insert into skills values (${r.uid}, ${r.skill_raw}, ${r.skill_k25}, NULL)`);
  return db;
}

test('classify with min_ai_skills 1: distinct canonical skills per user, one users_ai row per user', async () => {
  const db = await fixture();
  const res = await classify(db, { taxonomy: loadTaxonomy('bok12'), minAiSkills: 1, skillColumn: 'skill_raw' });
  // distinct non-null strings: Machine Learning, ML, machine  learning, NLP, Excel, Big Data, E-Learning, Pattern Making, Neurology, Deep Learning
  assert.deepEqual(res, { distinctStrings: 10, matchedStrings: 6 });
  const ai = await db.all('select uid, skill, subfield from ai_skills order by uid, skill');
  assert.deepEqual(ai, [
    { uid: 1, skill: 'machine learning', subfield: 'core AI' },
    { uid: 1, skill: 'natural language processing', subfield: 'AI application' },
    { uid: 2, skill: 'big data', subfield: 'data and infrastructure' },
    { uid: 5, skill: 'deep learning', subfield: 'core AI' },
  ]);
  const users = await db.all('select uid, n_ai_skills, is_ai, grp from users_ai order by uid');
  assert.deepEqual(users, [
    { uid: 1, n_ai_skills: 2, is_ai: true, grp: 'ai' },
    { uid: 2, n_ai_skills: 1, is_ai: true, grp: 'ai' },
    { uid: 3, n_ai_skills: 0, is_ai: false, grp: 'non_ai' },
    { uid: 4, n_ai_skills: 0, is_ai: false, grp: 'non_ai' },
  ]);
  assert.equal(await db.hasTable('tf_skill_map'), false);
  db.close();
});

test('classify with min_ai_skills 2: a duplicated skill on one user counts once', async () => {
  const db = await fixture();
  await classify(db, { taxonomy: loadTaxonomy('bok12'), minAiSkills: 2, skillColumn: 'skill_raw' });
  const users = await db.all<{ uid: number; grp: string }>('select uid, grp from users_ai order by uid');
  assert.deepEqual(users.map((u) => [u.uid, u.grp]), [[1, 'ai'], [2, 'non_ai'], [3, 'non_ai'], [4, 'non_ai']]);
  db.close();
});

test('classify on a mapped column, and a column name given in another case', async () => {
  const db = await fixture();
  const res = await classify(db, { taxonomy: loadTaxonomy('bok12'), minAiSkills: 1, skillColumn: 'SKILL_K25' });
  assert.equal(res.matchedStrings, 1); // only "Machine Learning"; "Data" is not big data
  const users = await db.all<{ uid: number; n: number }>('select uid, n_ai_skills as n from users_ai order by uid');
  assert.deepEqual(users.map((u) => [u.uid, u.n]), [[1, 1], [2, 0], [3, 0], [4, 0]]);
  db.close();
});

test('an unknown skill column is a named error listing the columns available', async () => {
  const db = await fixture();
  await assert.rejects(
    classify(db, { taxonomy: loadTaxonomy('bok12'), minAiSkills: 1, skillColumn: 'skill_k150' }),
    (e: Error) => e instanceof UnknownSkillColumnError && /skill_k150/.test(e.message) && /skill_raw, skill_k25/.test(e.message),
  );
  db.close();
});

test('re-running replaces the tables (another preset, another result)', async () => {
  const db = await fixture();
  await classify(db, { taxonomy: loadTaxonomy('bok12'), minAiSkills: 1, skillColumn: 'skill_raw' });
  await classify(db, { taxonomy: loadTaxonomy('oecd'), minAiSkills: 1, skillColumn: 'skill_raw' });
  // oecd has no big data: user 2 is no longer AI-skilled
  const grp = await db.all<{ uid: number; grp: string }>('select uid, grp from users_ai order by uid');
  assert.deepEqual(grp.map((u) => u.grp), ['ai', 'non_ai', 'non_ai', 'non_ai']);
  assert.equal(await db.scalar('select count(*) from ai_skills where uid = 2'), 0);
  db.close();
});

test('classify into other tables: the same rows under the target names, the study tables untouched', async () => {
  const db = await fixture();
  const bok12 = loadTaxonomy('bok12');
  await classify(db, { taxonomy: bok12, minAiSkills: 1, skillColumn: 'skill_raw' });
  const study = [await db.all('select * from users_ai order by uid'), await db.all('select * from ai_skills order by uid, skill')];
  await classify(db, {
    taxonomy: loadTaxonomy('oecd'),
    minAiSkills: 2,
    skillColumn: 'skill_raw',
    target: { aiSkills: 'tf_variant_skills', usersAi: 'tf_variant_users' },
  });
  assert.deepEqual([await db.all('select * from users_ai order by uid'), await db.all('select * from ai_skills order by uid, skill')], study);
  const variant = await db.all<{ uid: number; n_ai_skills: number; grp: string }>('select uid, n_ai_skills, grp from tf_variant_users order by uid');
  assert.deepEqual(variant.map((r) => r.uid), userIds);
  assert.ok(variant.some((r) => r.n_ai_skills > 0), 'the variant finds AI skills');
  // min 2 under oecd: the counts come from the variant's own skills table.
  for (const r of variant) {
    const n = await db.scalar<number>(sql`select count(*) from tf_variant_skills where uid = ${r.uid}`);
    assert.equal(r.n_ai_skills, n);
    assert.equal(r.grp, n! >= 2 ? 'ai' : 'non_ai');
  }
  db.close();
});
