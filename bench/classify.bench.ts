/**
 * Classification speed on a generated table of ~20M skill rows for 1.1M users, with
 * 300k distinct skill strings (a few hundred of them AI spellings of the bok12 preset).
 * Prints the median of the timed runs.
 */
import { Db, join, sql } from '../src/db/index.ts';
import { classify } from '../src/taxonomy/classify.ts';
import { loadTaxonomy } from '../src/taxonomy/match.ts';

const USERS = 1_100_000;
const ROWS = 20_000_000;
const VOCAB = 300_000;
const RUNS = 5;

const tax = loadTaxonomy('bok12');
const aiStrings = [...new Set(tax.skills.flatMap((s) => [s.name, ...s.aliases]))];
const db = await Db.open();
let t = performance.now();
await db.run(`create table users as select range::INTEGER as uid, 'KR' as user_country, NULL::VARCHAR as highest_degree, NULL::VARCHAR as sex_predicted from range(${USERS})`);
await db.run(`create table vocab as select range::INTEGER as i, 'Skill ' || range::VARCHAR || ' Management' as s from range(${VOCAB})`);
// Every 1000th vocabulary entry is an AI spelling (mixed case, as on profiles).
const ai = aiStrings.map((s, k) => sql`(${k * 1000}, ${s.replace(/\b\w/g, (c) => c.toUpperCase())})`);
await db.run(sql`create temp table ai_vocab(i INTEGER, s VARCHAR); insert into ai_vocab values ${join(ai)}`);
await db.run('update vocab set s = a.s from ai_vocab a where vocab.i = a.i');
await db.run(`create table skills as
  select (hash(range) % ${USERS})::INTEGER as uid, v.s as skill_raw, NULL::DATE as first_reported
  from range(${ROWS}) r join vocab v on v.i = (hash(range * 7 + 1) % ${VOCAB})::INTEGER`);
const n = await db.scalar<number>('select count(*) from skills');
console.log(`generated ${n} skill rows, ${USERS} users, ${VOCAB} distinct strings in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const times: number[] = [];
let last = { distinctStrings: 0, matchedStrings: 0 };
for (let i = 0; i < RUNS; i++) {
  t = performance.now();
  last = await classify(db, { taxonomy: tax, minAiSkills: 1, skillColumn: 'skill_raw' });
  times.push((performance.now() - t) / 1000);
}
times.sort((a, b) => a - b);
const aiUsers = await db.scalar<number>("select count(*) from users_ai where grp = 'ai'");
console.log(`classify: ${last.distinctStrings} distinct strings, ${last.matchedStrings} matched, ${aiUsers} AI users`);
console.log(`classify median ${times[Math.floor(RUNS / 2)]!.toFixed(2)} s over ${RUNS} runs (min ${times[0]!.toFixed(2)}, max ${times[RUNS - 1]!.toFixed(2)})`);
db.close();
