/**
 * Test support: create the `panel` and `ai_skills` tables of ARCHITECTURE.md from rows
 * typed one by one, and a seeded generator of small random panels. Not used by the tool.
 */
import { sql, type Db } from '../../../src/db/index.ts';
import { rng } from '../rng.ts';

/** One row of the `panel` contract (only the columns the measures read are required). */
export interface PanelRow {
  uid: number;
  year: number;
  country: string;
  position_id?: string;
  rcid: string | null;
  role: string | null;
  industry: string | null;
  seniority: number | null;
  salary: number | null;
  weight?: number;
  exp_years: number;
  start_year: number | null;
  is_ai: boolean;
  origin?: string | null;
  highest_degree: string | null;
}

/** One row of `ai_skills` (`since`: ISO date the skill counts from; default always). */
export interface SkillRow {
  uid: number;
  skill: string;
  since?: string;
}

/** Create `panel` (and `ai_skills` when given) in `db`, replacing them. */
export async function createPanel(db: Db, rows: readonly PanelRow[], skills?: readonly SkillRow[]): Promise<void> {
  await db.run(`create or replace table panel (
    uid INTEGER, year INTEGER, country VARCHAR, position_id VARCHAR, pid_rank BIGINT, startdate DATE, enddate DATE,
    rcid VARCHAR, role VARCHAR, industry VARCHAR, seniority INTEGER, salary DOUBLE, weight DOUBLE, exp_years DOUBLE,
    start_year INTEGER, grp VARCHAR, is_ai BOOLEAN, origin VARCHAR, highest_degree VARCHAR)`);
  const chunk = 500;
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map((r, j) => {
      const pid = r.position_id ?? `p${i + j}`;
      return sql`(${r.uid}, ${r.year}, ${r.country}, ${pid}, ${i + j}, NULL, NULL, ${r.rcid}, ${r.role}, ${r.industry}, ${r.seniority},
        ${r.salary}, ${r.weight ?? 1}, ${r.exp_years}, ${r.start_year}, ${r.is_ai ? 'ai' : 'non_ai'}, ${r.is_ai}, ${r.origin ?? null}, ${r.highest_degree})`;
    });
    await db.run(sql`insert into panel values ${values}`);
  }
  // role_code / industry_code as the panel writes them: the rank of the value in sort
  // order, NULL for a missing value (ingest turns blank text into NULL).
  await db.run(`create or replace table panel as
    with c as (select *, nullif(trim(role), '') as r_, nullif(trim(industry), '') as i_ from panel)
    select c.* exclude (r_, i_),
      case when r_ is not null then (dense_rank() over (partition by r_ is null order by r_) - 1)::INTEGER end as role_code,
      case when i_ is not null then (dense_rank() over (partition by i_ is null order by i_) - 1)::INTEGER end as industry_code
    from c`);
  if (skills) {
    await db.run('create or replace table ai_skills (uid INTEGER, skill VARCHAR, subfield VARCHAR, since DATE)');
    if (skills.length) await db.run(sql`insert into ai_skills values ${skills.map((s) => sql`(${s.uid}, ${s.skill}, 'x', cast(${s.since ?? '0001-01-01'} as date))`)}`);
  }
}

export { rng } from '../rng.ts';

/**
 * A small random panel over `countries` × `years` with `perCell` users per cell, missing
 * categories, missing rcids, zero salaries and weights; plus AI skills of the AI users.
 */
export function randomPanel(seed: number, countries: string[], years: number[], perCell: number): { rows: PanelRow[]; skills: SkillRow[] } {
  const u = rng(seed);
  const pick = <T>(v: readonly T[]): T => v[Math.floor(u() * v.length)]!;
  const rows: PanelRow[] = [];
  const skills: SkillRow[] = [];
  let uid = 0;
  for (const c of countries)
    for (const y of years)
      for (let i = 0; i < perCell; i++) {
        const isAi = u() < 0.3;
        const exp = Math.floor(u() * 25) + u();
        const sen = pick([1, 2, 3, null]);
        const role = pick(['r1', 'r2', 'r3', null]);
        const bump = 0.2 * (sen ?? 0) + (role === 'r2' ? 0.3 : 0);
        const salary = u() < 0.04 ? 0 : Math.exp(10 + (isAi ? 0.2 : 0) + 0.02 * exp + bump + 0.5 * (u() - 0.5));
        const id = uid++;
        rows.push({
          uid: id,
          year: y,
          country: c,
          position_id: `pos${id}`,
          rcid: u() < 0.15 ? null : pick(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']),
          role,
          industry: pick(['i1', 'i2', '']),
          seniority: sen,
          salary,
          weight: 0.5 + u(),
          exp_years: exp,
          start_year: pick([2015, 2018, null]),
          is_ai: isAi,
          origin: u() < 0.7 ? c : pick(countries),
          highest_degree: pick(['Bachelor', 'Master', null]),
        });
        if (isAi) {
          skills.push({ uid: id, skill: pick(['machine learning', 'robotics']) });
          if (u() < 0.4) skills.push({ uid: id, skill: 'deep learning' });
        }
      }
  // each user once per skill
  const seen = new Set<string>();
  return { rows, skills: skills.filter((s) => (seen.has(`${s.uid}|${s.skill}`) ? false : (seen.add(`${s.uid}|${s.skill}`), true))) };
}

/**
 * `positions` and the role dictionary `panel_codes` derived from an existing `panel` table
 * (createPanel and simulatePanel write only the panel), for measures that read positions
 * beside it (the abroad gap's home position): one position per panel `pid_rank`, started
 * on its panel startdate or else 1 January of its first panel year, its role as
 * `role_k150`.
 */
export async function addPositionsFromPanel(db: Db): Promise<void> {
  await db.run(`create or replace table positions as
    select uid, any_value(position_id) as position_id, pid_rank, coalesce(min(startdate), make_date(min(year), 1, 1)) as startdate,
      cast(null as date) as enddate, any_value(country) as country, any_value(nullif(trim(role), '')) as role_k150,
      any_value(seniority) as seniority, any_value(weight) as weight
    from panel group by uid, pid_rank`);
  await db.run(`create or replace table panel_codes as
    select distinct 'role' as dim, nullif(trim(role), '') as v, role_code as code from panel where role_code is not null`);
}
