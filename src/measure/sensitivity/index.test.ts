import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNeeds, makeDb, makeCtx, type PositionRow } from '../../../test/helpers/fixture-db.ts';
import type { Db } from '../../db/index.ts';
import { classify } from '../../taxonomy/classify.ts';
import { measureSensitivity, SENSITIVITY_CLASSIFICATION, type ClassifyFn } from './index.ts';
import { SENSITIVITY, columnNames } from '../../contract/index.ts';

const positions: PositionRow[] = [
  { uid: 1, startdate: '2016-01-01', enddate: '2020-05-31', country: 'JP' },
  { uid: 1, startdate: '2020-06-01', country: 'KR', weight: 3 }, // AI move into KR in 2020
  { uid: 2, startdate: '2018-01-01', country: 'KR' },
  { uid: 3, startdate: '2015-01-01', enddate: '2020-02-29', country: 'KR' },
  { uid: 3, startdate: '2020-03-01', country: 'US', weight: 2 }, // move out of KR in 2020 (leaves a KR position of weight 1)
  { uid: 4, startdate: '2015-01-01', country: 'US' },
];
const skills = [
  { uid: 1, skill_raw: 'Machine Learning' }, { uid: 1, skill_raw: 'Cloud Computing' }, // bok12: 2, linkedin/oecd: 1
  { uid: 2, skill_raw: 'Big Data' }, // bok12 only
  { uid: 3, skill_raw: 'TensorFlow' }, { uid: 3, skill_raw: 'Keras' }, // linkedin/oecd: 2, bok12: 1 (both deep learning)
  { uid: 4, skill_raw: 'Excel' },
];

/** A checksum of a whole table (every row, every column), to show it was not rewritten. */
const checksum = (db: Db, table: 'users_ai' | 'ai_skills') =>
  db.scalar<number>(`select count(*) || ':' || coalesce(sum(hash(t)), 0) from ${table} t`);

test('sensitivity: headline figures under each preset × min_ai_skills, the study classification untouched', async () => {
  const db = await makeDb({
    positions,
    skills,
    education: [{ uid: 1, university_country: 'KR', startdate: '2010-03-01' }],
    users_ai: [{ uid: 4, grp: 'ai', n_ai_skills: 9 }], // the study's own classification, left alone
    ai_skills: [{ uid: 4, skill: 'spreadsheets' }],
  });
  const ctx = makeCtx(db, [2020], { minCell: 0, focus: 'KR' });
  await buildNeeds(ctx, 'sensitivity');
  const before = [await checksum(db, 'users_ai'), await checksum(db, 'ai_skills')];
  let calls = 0;
  const counting: ClassifyFn = async (d, o) => {
    calls++;
    assert.deepEqual(o.target, SENSITIVITY_CLASSIFICATION, 'each variant writes its own tables');
    const r = await classify(d, o);
    // Not even for the time of a variant (a save-and-restore would pass the check at the end).
    assert.deepEqual([await checksum(d, 'users_ai'), await checksum(d, 'ai_skills')], before);
    return r;
  };
  const [t] = await measureSensitivity(ctx, counting);
  assert.equal(calls, 6);
  assert.deepEqual(t!.columns, columnNames(SENSITIVITY));
  const fig = (tax: string, m: number, measure: string) =>
    t!.rows.filter((r) => r.taxonomy === tax && r.min_ai_skills === m && r.measure === measure).map((r) => [r.value, r.value_weighted]);
  // bok12, ≥1: AI = {1, 2, 3}; 1 and 2 in KR (w 3 + 1); KR origin AI = {1, 2, 3}, 3 abroad (w 2 of 6);
  // net: 1 in (w 3, the KR position taken), 3 out (w 1, the KR position left).
  assert.deepEqual(fig('bok12', 1, 'ai_users'), [[3, null]]);
  assert.deepEqual(fig('bok12', 1, 'ai_headcount'), [[2, 4], [2, 4]]);
  assert.deepEqual(fig('bok12', 1, 'ai_share_of_headcount'), [[1, 1]]);
  assert.deepEqual(fig('bok12', 1, 'ai_share_abroad'), [[1 / 3, 2 / 6]]);
  assert.deepEqual(fig('bok12', 1, 'net_ai_flow'), [[0, 2]]);
  assert.deepEqual(fig('bok12', 1, 'countries_with_ai'), [[2, null]]);
  // bok12, ≥2: AI = {1}.
  assert.deepEqual(fig('bok12', 2, 'ai_headcount'), [[1, 3], [1, 3]]);
  assert.deepEqual(fig('bok12', 2, 'ai_share_of_headcount'), [[1 / 2, 3 / 4]]);
  // linkedin, ≥1: AI = {1, 3}; KR origin AI {1 home (w 3), 3 in US (w 2)}; net +1 −1 (w 3 − 1).
  assert.deepEqual(fig('linkedin', 1, 'ai_headcount'), [[1, 3], [1, 3]]);
  assert.deepEqual(fig('linkedin', 1, 'ai_share_abroad'), [[1 / 2, 2 / 5]]);
  assert.deepEqual(fig('linkedin', 1, 'net_ai_flow'), [[0, 2]]);
  assert.deepEqual(fig('linkedin', 1, 'countries_with_ai'), [[2, null]]);
  // oecd, ≥2: AI = {3} only.
  assert.deepEqual(fig('oecd', 2, 'ai_headcount'), [[0, 0], [0, 0]]);
  assert.deepEqual(fig('oecd', 2, 'ai_share_abroad'), [[1, 1]]);
  assert.deepEqual(fig('oecd', 2, 'net_ai_flow'), [[-1, -1]]);
  // The study's own classification was never rewritten; the variants' tables are gone.
  assert.deepEqual([await checksum(db, 'users_ai'), await checksum(db, 'ai_skills')], before);
  assert.equal(await db.hasTable(SENSITIVITY_CLASSIFICATION.usersAi), false);
  assert.equal(await db.hasTable(SENSITIVITY_CLASSIFICATION.aiSkills), false);
  assert.deepEqual(await db.all('select uid, n_ai_skills, grp from users_ai where is_ai'), [{ uid: 4, n_ai_skills: 9, grp: 'ai' }]);
  assert.deepEqual(await db.all('select uid, skill from ai_skills'), [{ uid: 4, skill: 'spreadsheets' }]);
  db.close();
});

test('sensitivity: small figures are suppressed', async () => {
  const db = await makeDb({ positions, skills });
  const ctx = makeCtx(db, [2020], { minCell: 2, focus: 'KR' });
  await buildNeeds(ctx, 'sensitivity');
  const [t] = await measureSensitivity(ctx);
  const r = t!.rows.find((x) => x.taxonomy === 'bok12' && x.min_ai_skills === 2 && x.measure === 'ai_headcount')!;
  assert.deepEqual([r.value, r.value_weighted, r.suppressed], [null, null, true]);
  const ok = t!.rows.find((x) => x.taxonomy === 'bok12' && x.min_ai_skills === 1 && x.measure === 'ai_headcount')!;
  assert.deepEqual([ok.value, ok.suppressed], [2, false]);
  db.close();
});
