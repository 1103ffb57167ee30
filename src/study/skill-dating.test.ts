import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCtx, makeDb, type PositionRow, type SkillRow } from '../../test/helpers/fixture-db.ts';
import { STUDY_GRAPH } from './stages.ts';
import { classify, SkillDatingError } from '../taxonomy/classify.ts';
import { loadTaxonomy } from '../taxonomy/match.ts';
import type { Cell, OutputTable } from '../output/table.ts';
import type { StudyOptions } from './options.ts';

// A small world in KR, 2016–2022. uid 1 reports Machine Learning first in 2020; uid 2 has
// Deep Learning since 2010; uid 3 reports Computer Vision in 2021 and moves KR → US in 2019
// and back in 2022; uids 4–13 hold no AI skill. Every KR position pays, so every KR user
// is in the premium sample of each year.
const positions: PositionRow[] = [
  { uid: 1, startdate: '2015-01-01', country: 'KR', rcid: 'f1', salary: 130, seniority: 2, role_k150: 'r', rics_k50: 'i' },
  { uid: 2, startdate: '2015-01-01', country: 'KR', rcid: 'f2', salary: 150, seniority: 2, role_k150: 'r', rics_k50: 'i' },
  { uid: 3, startdate: '2014-01-01', enddate: '2019-04-30', country: 'KR', rcid: 'f3', salary: 90, seniority: 2, role_k150: 'r', rics_k50: 'i' },
  { uid: 3, startdate: '2019-05-01', enddate: '2022-03-31', country: 'US', rcid: 'f9', salary: 200, seniority: 2, role_k150: 'r', rics_k50: 'i' },
  { uid: 3, startdate: '2022-04-01', country: 'KR', rcid: 'f3', salary: 140, seniority: 2, role_k150: 'r', rics_k50: 'i' },
];
for (let uid = 4; uid <= 13; uid++)
  positions.push({ uid, startdate: '2015-01-01', country: 'KR', rcid: `f${uid % 3}`, salary: 90 + uid, seniority: 2, role_k150: 'r', rics_k50: 'i' });
const skills: SkillRow[] = [
  { uid: 1, skill_raw: 'Machine Learning', first_reported: '2020-06-01' },
  { uid: 1, skill_raw: 'Excel', first_reported: '2012-01-01' },
  { uid: 2, skill_raw: 'Deep Learning', first_reported: '2010-01-01' },
  { uid: 3, skill_raw: 'Computer Vision', first_reported: '2021-02-01' },
  ...Array.from({ length: 10 }, (_, i) => ({ uid: i + 4, skill_raw: 'Excel', first_reported: '2012-01-01' })),
];

const YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022];

async function run(o: Partial<StudyOptions>): Promise<Map<string, OutputTable>> {
  const db = await makeDb({ positions, skills });
  await db.run('DROP TABLE users_ai; DROP TABLE ai_skills'); // the classify stage builds them
  try {
    const res = await STUDY_GRAPH.run(makeCtx(db, YEARS, { minCell: 0, focus: 'KR', ...o }), {
      targets: ['headcount', 'flows', 'premium', 'composition'],
    });
    return res.outputs;
  } finally {
    db.close();
  }
}
const cell = (t: OutputTable | undefined, where: Record<string, Cell>, col: string): Cell =>
  t?.rows.find((r) => Object.entries(where).every(([k, v]) => r[k] === v))?.[col] ?? null;

test('--skill-dating first-reported: AI from the year the skill is first reported, in headcount, flows, premium and composition', async () => {
  const timeless = await run({});
  const dated = await run({ skillDating: 'first-reported' });
  const hc = (t: Map<string, OutputTable>, year: number, group: string) => cell(t.get('headcount'), { country: 'KR', year, group }, 'persons');
  // timeless: uids 1 and 2 are AI in every year (uid 3 is in the US 2019–2021)
  assert.equal(hc(timeless, 2018, 'ai'), 3);
  assert.equal(hc(timeless, 2021, 'ai'), 2);
  // dated: uid 1 is non-AI until 2019 and AI from 2020; uid 3 non-AI in 2018
  assert.equal(hc(dated, 2018, 'ai'), 1);
  assert.equal(hc(dated, 2018, 'non_ai'), 12);
  assert.equal(hc(dated, 2019, 'ai'), 1);
  assert.equal(hc(dated, 2020, 'ai'), 2);
  assert.equal(hc(dated, 2021, 'ai'), 2);
  assert.equal(hc(dated, 2022, 'ai'), 3);
  // flows: uid 3 leaves KR in 2019 before reporting the skill, returns in 2022 after it
  const fl = (t: Map<string, OutputTable>, year: number, group: string, col: string) => cell(t.get('flows'), { country: 'KR', year, group }, col);
  assert.equal(fl(timeless, 2019, 'ai', 'outflow'), 1);
  assert.equal(fl(dated, 2019, 'ai', 'outflow'), 0);
  assert.equal(fl(dated, 2019, 'non_ai', 'outflow'), 1);
  assert.equal(fl(dated, 2022, 'ai', 'inflow'), 1);
  // the premium sample: AI observations of KR by year
  const nAi = (t: Map<string, OutputTable>, year: number | 'pooled') => cell(t.get('premium'), { country: 'KR', year, skill: 'all' }, 'n_ai');
  assert.equal(nAi(timeless, 2018), 3);
  assert.equal(nAi(dated, 2018), 1);
  assert.equal(nAi(dated, 2021), 2);
  // person-years: uid 2 in 7 years, uid 1 in 7 (timeless) or 2020–2022, uid 3 in KR 2016–2018
  // and 2022 (timeless) or 2022
  assert.equal(nAi(timeless, 'pooled'), 7 + 7 + 4);
  assert.equal(nAi(dated, 'pooled'), 7 + 3 + 1);
  // skill premium: Machine Learning is held by uid 1 from 2020 only
  assert.equal(cell(timeless.get('premium'), { country: 'KR', year: 2018, skill: 'machine learning' }, 'n_ai'), 1);
  assert.equal(cell(dated.get('premium'), { country: 'KR', year: 2018, skill: 'machine learning' }, 'n_ai'), null);
  assert.equal(cell(dated.get('premium'), { country: 'KR', year: 2020, skill: 'machine learning' }, 'n_ai'), 1);
  // composition: the skill dimension of the AI group counts skills held by the end of t
  const comp = (t: Map<string, OutputTable>, year: number, category: string) =>
    cell(t.get('composition'), { country: 'KR', year, group: 'ai', dimension: 'skill', category }, 'persons');
  assert.equal(comp(timeless, 2018, 'machine learning'), 1);
  assert.equal(comp(dated, 2018, 'machine learning'), null);
  assert.equal(comp(dated, 2020, 'machine learning'), 1);
});

test('classify: ai_since is the first_reported date of the min_ai_skills-th distinct AI skill; an undated skill counts from the start', async () => {
  const db = await makeDb({
    positions: [1, 2, 3].map((uid) => ({ uid, startdate: '2015-01-01', country: 'KR' })),
    skills: [
      { uid: 1, skill_raw: 'Machine Learning', first_reported: '2019-03-01' },
      { uid: 1, skill_raw: 'ML', first_reported: '2016-05-01' }, // the same skill, reported earlier
      { uid: 1, skill_raw: 'Deep Learning', first_reported: '2018-01-01' },
      { uid: 1, skill_raw: 'Computer Vision', first_reported: '2021-01-01' },
      { uid: 2, skill_raw: 'Robotics', first_reported: null },
      { uid: 2, skill_raw: 'Deep Learning', first_reported: '2020-01-01' },
      { uid: 3, skill_raw: 'Robotics', first_reported: '2017-01-01' },
    ],
  });
  const since = async (min: number) => {
    await classify(db, { taxonomy: loadTaxonomy('bok12'), minAiSkills: min, skillColumn: 'skill_raw', dating: 'first-reported' });
    const rows = await db.all<{ uid: number; s: string | null }>('select uid, strftime(ai_since, \'%Y-%m-%d\') as s from users_ai order by uid');
    return rows.map((r) => r.s);
  };
  assert.deepEqual(await since(1), ['2016-05-01', '0001-01-01', '2017-01-01']);
  assert.deepEqual(await since(2), ['2018-01-01', '2020-01-01', null]);
  await classify(db, { taxonomy: loadTaxonomy('bok12'), minAiSkills: 1, skillColumn: 'skill_raw' });
  const timeless = await db.all<{ s: string | null }>('select strftime(ai_since, \'%Y-%m-%d\') as s from users_ai order by uid');
  assert.deepEqual(timeless.map((r) => r.s), ['0001-01-01', '0001-01-01', '0001-01-01']);
  db.close();
});

test('--skill-dating first-reported on skills data without first_reported: a usage error naming the column and the file', async () => {
  const noColumn = await makeDb({
    positions: [{ uid: 1, startdate: '2015-01-01', country: 'KR' }],
    skills: [{ uid: 1, skill_raw: 'Machine Learning' }],
  });
  const opts = { taxonomy: loadTaxonomy('bok12'), minAiSkills: 1, skillColumn: 'skill_raw', dating: 'first-reported' as const };
  await assert.rejects(classify(noColumn, opts), (e: unknown) => {
    assert.ok(e instanceof SkillDatingError);
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /first_reported/);
    assert.match(e.message, /individual_user_skills/);
    assert.match(e.message, /--skill-dating timeless/);
    return true;
  });
  // the column listed but empty in every row
  const empty = await makeDb({
    positions: [{ uid: 1, startdate: '2015-01-01', country: 'KR' }],
    skills: [{ uid: 1, skill_raw: 'Machine Learning', first_reported: null }],
  });
  await assert.rejects(classify(empty, opts), (e: unknown) => e instanceof SkillDatingError && /empty/.test(e.message));
  // timeless needs no date
  await classify(noColumn, { ...opts, dating: 'timeless' });
  noColumn.close();
  empty.close();
});
