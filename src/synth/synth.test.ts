import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db, sql } from '../db/index.ts';
import { generateWorld, ensureWorld, TABLES } from './index.ts';
import { generatePerson } from './model.ts';
import { BLOCK_USERS } from './block.ts';
import { AI_SPELLINGS, AI_SKILLS, COUNTRY_SPELLINGS, OTHER_SKILLS, OTHER_SKILLS_KO, TRAP_SKILLS } from './params.ts';
import { AI_SPELLING_INDEX, COLUMNS, type Truth, type TruthTable } from './truth.ts';
import { loadTaxonomy, matchSkill } from '../taxonomy/match.ts';
import { CountryResolver } from '../ingest/countries.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tf-synth-'));
const readTruth = (dir: string): Truth => JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
const recs = (t: TruthTable): Record<string, string | number | null>[] =>
  t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i] ?? null])));

const SMALL = 2500;
let shared: string | undefined;
async function smallWorld(): Promise<string> {
  if (!shared) {
    shared = tmp();
    await generateWorld({ outDir: shared, users: SMALL, seed: 7 });
  }
  return shared;
}

test('same seed and size give byte-identical files, whatever the number of threads', async () => {
  const a = await smallWorld();
  const b = tmp();
  await generateWorld({ outDir: b, users: SMALL, seed: 7, threads: 3 });
  for (const f of [...TABLES.map((t) => `${t}.csv`), 'truth.json']) {
    assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs`);
  }
  rmSync(b, { recursive: true, force: true });
});

test('a person depends only on (seed, index); another seed gives another world', () => {
  assert.deepEqual(generatePerson(7, 123), generatePerson(7, 123));
  assert.notDeepEqual(generatePerson(7, 123).positions, generatePerson(8, 123).positions);
});

test('tables have the columns of the data model and DuckDB reads every row', async () => {
  const dir = await smallWorld();
  const db = await Db.open();
  try {
    for (const t of TABLES) {
      const head = readFileSync(join(dir, `${t}.csv`), 'utf8').split('\n', 1)[0]!.split(',');
      assert.deepEqual(head, [...COLUMNS[t]]);
    }
    for (const c of ['user_id', 'position_id', 'startdate', 'country']) assert.ok((COLUMNS.individual_positions as readonly string[]).includes(c));
    const truth = readTruth(dir);
    const n = await db.scalar<number>(sql`select count(*) from read_csv(${join(dir, 'individual_positions.csv')}, all_varchar = true)`);
    assert.equal(n, truth.rows.individual_positions);
    const dup = await db.scalar<number>(sql`select count(*) - count(distinct position_id) from read_csv(${join(dir, 'individual_positions.csv')}, all_varchar = true)`);
    assert.equal(dup, 0);
    const badDates = await db.scalar<number>(sql`select count(*) from read_csv(${join(dir, 'individual_positions.csv')}, all_varchar = true)
      where not regexp_full_match(startdate, '[0-9]{4}-[0-9]{2}(-[0-9]{2})?')`);
    assert.equal(badDates, 0);
    const monthOnly = await db.scalar<number>(sql`select count(*) from read_csv(${join(dir, 'individual_positions.csv')}, all_varchar = true) where length(startdate) = 7`);
    assert.ok((monthOnly ?? 0) > 0, 'some YYYY-MM dates');
  } finally {
    db.close();
  }
});

test('rows reach the disk while the world is generated (streaming)', async () => {
  const dir = tmp();
  const sizes: number[] = [];
  await generateWorld({
    outDir: dir, users: 5 * BLOCK_USERS, seed: 3, threads: 1,
    onProgress: (done, total, phase) => {
      if (phase === 'rows' && done < total) sizes.push(statSync(join(dir, 'individual_positions.csv')).size);
    },
  });
  assert.ok(sizes.length >= 4);
  assert.ok(sizes[0]! > 0, 'first chunk written before the end');
  for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i]! > sizes[i - 1]!, 'file grows chunk by chunk');
  rmSync(dir, { recursive: true, force: true });
});

test('truth is internally consistent', async () => {
  const t = readTruth(await smallWorld());
  const flows = recs(t.flows);
  const bil = recs(t.bilateral_flows);
  const key = (r: Record<string, unknown>): string => `${r.year}|${r.group}`;
  const sum = (rows: Record<string, unknown>[], col: string, by: (r: Record<string, unknown>) => string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(by(r), (m.get(by(r)) ?? 0) + Number(r[col]));
    return m;
  };
  assert.deepEqual(sum(flows, 'inflow', key), sum(flows, 'outflow', key));
  assert.deepEqual(sum(bil, 'moves', key), sum(flows, 'outflow', key));
  // Country-side weights: a country's weighted outflow is the sum over destinations of the
  // origin-weighted moves, its weighted inflow the sum over origins of the destination-weighted ones.
  const byCountry = (col: string) => (r: Record<string, unknown>): string => `${r[col]}|${key(r)}`;
  const fl = (col: string) => new Map(flows.filter((r) => Number(r[col]) !== 0).map((r) => [`${r.country}|${key(r)}`, Number(r[col])]));
  assert.deepEqual(sum(bil, 'moves_weighted_origin', byCountry('origin')), fl('outflow_weighted'), 'weighted sums are exact');
  assert.deepEqual(sum(bil, 'moves_weighted_destination', byCountry('destination')), fl('inflow_weighted'));
  assert.ok(bil.some((r) => r.moves_weighted_origin !== r.moves_weighted_destination), 'the two weightings differ');
  // Everyone placed in a year has an origin: Σ_origin persons = Σ_country headcount.
  const hc = sum(recs(t.headcount), 'persons', key);
  assert.deepEqual(sum(recs(t.abroad_share), 'persons', key), hc);
  // persons abroad = Σ_destination abroad.
  const ab = sum(recs(t.abroad), 'persons', (r) => `${r.origin}|${key(r)}`);
  for (const r of recs(t.abroad_share)) assert.equal(ab.get(`${r.origin}|${key(r)}`) ?? 0, r.persons_abroad);
  // Premium samples are inside headcounts; AI users counted once per group.
  const hcByCty = new Map(recs(t.headcount).map((r) => [`${r.country}|${r.year}|${r.group}`, Number(r.persons)]));
  for (const r of recs(t.premium).filter((x) => x.skill === 'all' && x.year !== 'pooled')) {
    assert.ok(Number(r.n_ai) <= (hcByCty.get(`${r.country}|${r.year}|ai`) ?? 0));
  }
  assert.equal(t.users.total, t.users.ai + t.users.non_ai);
  assert.ok(t.users.ai > 0 && t.users.non_ai > 0);
});

test('truth headcounts equal an independent SQL computation on the written rows', async () => {
  const dir = await smallWorld();
  const t = readTruth(dir);
  const db = await Db.open();
  try {
    const map = [...Object.entries(COUNTRY_SPELLINGS)].flatMap(([a2, s]) => [a2, s.alpha3, s.name, ...s.variants].map((x) => sql`(${x.toLowerCase()}, ${a2})`));
    await db.run(sql`create table cmap as select * from (values ${map}) v(txt, a2)`);
    const rows = await db.all<{ country: string; persons: number; w: number }>(sql`
      with p as (
        select user_id, cast(position_id as bigint) pid, cmap.a2 country,
          cast(case when length(startdate) = 7 then startdate || '-01' else startdate end as date) s,
          cast(case when length(enddate) = 7 then enddate || '-01' else nullif(enddate, '') end as date) e,
          coalesce(try_cast(nullif(weight, '') as double), 1) w
        from read_csv(${join(dir, 'individual_positions.csv')}, all_varchar = true) x join cmap on lower(x.country) = cmap.txt),
      a as (select * from p where s <= date '2024-12-31' and (e is null or e >= date '2024-12-31')),
      r as (select *, row_number() over (partition by user_id order by s desc, pid desc) rn from a)
      select country, count(*) persons, sum(w) w from r where rn = 1 group by country order by country`);
    const truth = new Map<string, [number, number]>();
    for (const r of recs(t.headcount).filter((x) => x.year === 2024)) {
      const v = truth.get(String(r.country)) ?? [0, 0];
      truth.set(String(r.country), [v[0] + Number(r.persons), v[1] + Number(r.persons_weighted)]);
    }
    assert.equal(rows.length, truth.size);
    for (const r of rows) assert.deepEqual([r.persons, r.w], truth.get(r.country), r.country);
  } finally {
    db.close();
  }
});

test('every AI spelling the world writes is a bok12 skill of the same group; traps and other skills are not', () => {
  const tax = loadTaxonomy('bok12');
  for (const k of AI_SKILLS) {
    for (const s of [...AI_SPELLINGS[k].en.map(([x]) => x), ...AI_SPELLINGS[k].ko]) {
      assert.equal(matchSkill(tax, s)?.skill, k, `"${s}" should match ${k}`);
      assert.equal(AI_SPELLING_INDEX.size > 0 && [...AI_SPELLING_INDEX.values()].includes(k), true);
    }
  }
  for (const s of [...TRAP_SKILLS, ...OTHER_SKILLS, ...OTHER_SKILLS_KO]) assert.equal(matchSkill(tax, s), null, `"${s}" must not match`);
});

test('the generated skill strings classify the same way under bok12 and the truth', async () => {
  const dir = await smallWorld();
  const tax = loadTaxonomy('bok12');
  const lines = readFileSync(join(dir, 'individual_user_skills.csv'), 'utf8').trim().split('\n').slice(1);
  const raws = new Set(lines.map((l) => (l.startsWith('"') ? l : l.split(',')[1]!)));
  for (const r of raws) assert.equal(matchSkill(tax, r)?.skill ?? null, AI_SPELLING_INDEX.get(r.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ').replace(/\s*\([^()\s]{1,8}\)$/, '')) ?? null, r);
  assert.ok([...raws].some((r) => /[가-힣]/.test(r)), 'some Korean skill names');
  assert.ok([...raws].some((r) => TRAP_SKILLS.includes(r)), 'some trap skills');
});

test('every country spelling resolves to the same alpha-2 in the ingest; junk rows are the documented rejects', async () => {
  const res = new CountryResolver();
  for (const [a2, s] of Object.entries(COUNTRY_SPELLINGS)) {
    for (const x of [a2, s.alpha3, s.name, ...s.variants]) assert.equal(res.resolve(x), a2, x);
  }
  const t = readTruth(await smallWorld());
  const rejects = t.expected_rejects.reduce((a, r) => a + r.count, 0);
  const atlantis = readFileSync(join(await smallWorld(), 'individual_positions.csv'), 'utf8').split('\n').filter((l) => l.includes(',Atlantis,')).length;
  assert.equal(rejects, atlantis);
  assert.equal(res.resolve('Atlantis'), null);
});

test('ensureWorld generates once and then reuses the cached folder', async () => {
  const cache = tmp();
  const a = await ensureWorld({ users: 300, seed: 11, cacheDir: cache });
  const m1 = statSync(join(a, 'individual_positions.csv')).mtimeMs;
  const b = await ensureWorld({ users: 300, seed: 11, cacheDir: cache });
  assert.equal(a, b);
  assert.equal(statSync(join(b, 'individual_positions.csv')).mtimeMs, m1);
  assert.ok(existsSync(join(a, '.complete')));
  assert.deepEqual(readdirSync(cache), ['11-300']);
  // a world written by another generator (version or parameters) is regenerated
  writeFileSync(join(a, '.complete'), JSON.stringify({ seed: 11, users: 300, format: 'csv', generator: '0.0.0:other' }) + '\n');
  const c = await ensureWorld({ users: 300, seed: 11, cacheDir: cache });
  assert.equal(c, a);
  assert.notEqual(readFileSync(join(c, '.complete'), 'utf8'), JSON.stringify({ seed: 11, users: 300, format: 'csv', generator: '0.0.0:other' }) + '\n');
  rmSync(cache, { recursive: true, force: true });
});

test('parquet output is deterministic', async () => {
  const a = tmp();
  const b = tmp();
  await generateWorld({ outDir: a, users: 300, seed: 5, format: 'parquet' });
  await generateWorld({ outDir: b, users: 300, seed: 5, format: 'parquet' });
  for (const t of TABLES) assert.ok(readFileSync(join(a, `${t}.parquet`)).equals(readFileSync(join(b, `${t}.parquet`))), t);
  assert.ok(!existsSync(join(a, 'individual_positions.csv')));
  rmSync(a, { recursive: true, force: true });
  rmSync(b, { recursive: true, force: true });
});

test.after(() => {
  if (shared) rmSync(shared, { recursive: true, force: true });
});
