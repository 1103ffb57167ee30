/**
 * Test fixtures: an in-memory DuckDB holding the ARCHITECTURE.md tables, built from
 * small row objects. Columns a row leaves out are NULL (`weight` defaults to 1), every
 * table gets its exact contract column types, and tables that are not given are created
 * empty (or derived, see `makeDb`), so a measure's SQL always finds its inputs. The
 * study's stages run on it through `buildStages` / `buildNeeds`.
 */
import { Db, sql, ident, join, raw, type Sql } from '../../src/db/index.ts';
import { studyOptions } from '../../src/study/options.ts';
import { STUDY_GRAPH } from '../../src/study/stages.ts';

/** A fixture value: dates as `YYYY-MM-DD` strings. */
export type FixtureValue = string | number | boolean | null | undefined;

export interface PositionRow {
  uid: number;
  position_id?: string;
  pid_rank?: number;
  position_number?: number | null;
  startdate: string;
  enddate?: string | null;
  country: string;
  rcid?: string | null;
  company?: string | null;
  role_k50?: string | null;
  role_k150?: string | null;
  role_k1500?: string | null;
  role_k17000_v3?: string | null;
  onet_code?: string | null;
  seniority?: number | null;
  salary?: number | null;
  weight?: number | null;
  rics_k50?: string | null;
  naics_code?: string | null;
}

export interface UserRow {
  uid: number;
  user_country?: string | null;
  highest_degree?: string | null;
  sex_predicted?: string | null;
}

export interface EducationRow {
  uid: number;
  education_number?: number | null;
  university_name?: string | null;
  university_country?: string | null;
  degree?: string | null;
  field?: string | null;
  startdate?: string | null;
  enddate?: string | null;
}

export interface SkillRow {
  uid: number;
  skill_raw?: string | null;
  first_reported?: string | null;
  /** Any mapped `skill_*` column (VARCHAR). */
  [skillColumn: `skill_${string}`]: FixtureValue;
}

export interface AiSkillRow {
  uid: number;
  skill: string;
  subfield?: string | null;
  /** ISO date the skill counts from (default `0001-01-01`: always, as timeless AI status). */
  since?: string;
}

export interface UserAiRow {
  uid: number;
  n_ai_skills?: number;
  is_ai?: boolean;
  grp?: 'ai' | 'non_ai';
  /** ISO date the user counts as AI from (default `0001-01-01` for an AI user, NULL otherwise). */
  ai_since?: string | null;
}

export interface ColumnPresentRow {
  tbl: string;
  col: string;
}

/** The tables a fixture may give. */
export interface FixtureTables {
  user_keys?: { uid: number; user_id: string }[];
  positions?: PositionRow[];
  users?: UserRow[];
  education?: EducationRow[];
  skills?: SkillRow[];
  companies?: Record<string, FixtureValue>[];
  ai_skills?: AiSkillRow[];
  users_ai?: UserAiRow[];
  columns_present?: ColumnPresentRow[];
}

/** Contract column types, in contract order (ARCHITECTURE.md). */
export const TABLE_TYPES: Record<keyof FixtureTables, [string, string][]> = {
  user_keys: [['uid', 'INTEGER'], ['user_id', 'VARCHAR']],
  positions: [
    ['uid', 'INTEGER'], ['position_id', 'VARCHAR'], ['pid_rank', 'BIGINT'], ['position_number', 'INTEGER'],
    ['startdate', 'DATE'], ['enddate', 'DATE'], ['country', 'VARCHAR'], ['rcid', 'VARCHAR'], ['company', 'VARCHAR'],
    ['role_k50', 'VARCHAR'], ['role_k150', 'VARCHAR'], ['role_k1500', 'VARCHAR'], ['role_k17000_v3', 'VARCHAR'],
    ['onet_code', 'VARCHAR'], ['seniority', 'INTEGER'], ['salary', 'DOUBLE'], ['weight', 'DOUBLE'],
    ['rics_k50', 'VARCHAR'], ['naics_code', 'VARCHAR'],
  ],
  users: [['uid', 'INTEGER'], ['user_country', 'VARCHAR'], ['highest_degree', 'VARCHAR'], ['sex_predicted', 'VARCHAR']],
  education: [
    ['uid', 'INTEGER'], ['education_number', 'INTEGER'], ['university_name', 'VARCHAR'], ['university_country', 'VARCHAR'],
    ['degree', 'VARCHAR'], ['field', 'VARCHAR'], ['startdate', 'DATE'], ['enddate', 'DATE'],
  ],
  skills: [['uid', 'INTEGER'], ['skill_raw', 'VARCHAR'], ['first_reported', 'DATE']],
  companies: [
    ['rcid', 'VARCHAR'], ['company', 'VARCHAR'], ['hq_country', 'VARCHAR'], ['rics_k50', 'VARCHAR'],
    ['naics_code', 'VARCHAR'], ['ultimate_parent_rcid', 'VARCHAR'],
  ],
  ai_skills: [['uid', 'INTEGER'], ['skill', 'VARCHAR'], ['subfield', 'VARCHAR'], ['since', 'DATE']],
  users_ai: [['uid', 'INTEGER'], ['n_ai_skills', 'INTEGER'], ['is_ai', 'BOOLEAN'], ['grp', 'VARCHAR'], ['ai_since', 'DATE']],
  columns_present: [['tbl', 'VARCHAR'], ['col', 'VARCHAR']],
};

/** Columns of each input table that are optional in the Revelio schema (for `columns_present`). */
const OPTIONAL: Partial<Record<keyof FixtureTables, string[]>> = {
  positions: [
    'position_number', 'enddate', 'rcid', 'company', 'role_k50', 'role_k150', 'role_k1500', 'role_k17000_v3',
    'onet_code', 'seniority', 'salary', 'weight', 'rics_k50', 'naics_code',
  ],
  users: ['user_country', 'highest_degree', 'sex_predicted'],
  education: ['education_number', 'university_name', 'university_country', 'degree', 'field', 'startdate', 'enddate'],
  skills: ['skill_raw', 'first_reported'],
};

/** Create one table with its contract types (plus any extra columns of the rows as VARCHAR) and insert the rows. */
export async function createTable(
  db: Db,
  name: string,
  types: [string, string][],
  rows: Record<string, FixtureValue>[],
): Promise<void> {
  const cols = [...types];
  const known = new Set(cols.map(([c]) => c));
  for (const r of rows)
    for (const k of Object.keys(r))
      if (!known.has(k)) {
        known.add(k);
        cols.push([k, 'VARCHAR']);
      }
  const defs = join(cols.map(([c, t]) => sql`${ident(c)} ${raw(t)}`));
  await db.run(sql`CREATE OR REPLACE TABLE ${ident(name)} (${defs})`);
  const batch = 500;
  for (let i = 0; i < rows.length; i += batch) {
    const values: Sql[] = rows.slice(i, i + batch).map((r) => {
      const cells = cols.map(([c, t]) => {
        const v = r[c] ?? null;
        return sql`CAST(${v} AS ${raw(t)})`;
      });
      return sql`(${join(cells)})`;
    });
    await db.run(sql`INSERT INTO ${ident(name)} VALUES ${join(values)}`);
  }
}

/**
 * Build a database from fixture rows. Defaults for what is not given:
 * - positions: `position_id` = `p<index>`, `pid_rank` = index + 1 (row order), `weight` = 1
 *   when left out (an explicit `null` stays NULL, to test the measures' own default);
 * - users: one row per uid of positions with NULL attributes;
 * - users_ai: one row per uid of users, `n_ai_skills` = its distinct ai_skills,
 *   `is_ai` = n ≥ 1, `grp` from is_ai, `ai_since` 0001-01-01 for an AI user (rows given may
 *   set any of these); ai_skills: `since` 0001-01-01;
 * - columns_present: the optional columns any fixture row sets (and a user-given list wins);
 * - every other table: empty.
 */
export async function makeDb(t: FixtureTables = {}, db?: Db): Promise<Db> {
  const d = db ?? (await Db.open());
  const positions = (t.positions ?? []).map((p, i) => ({
    ...p,
    position_id: p.position_id ?? `p${i + 1}`,
    pid_rank: p.pid_rank ?? i + 1,
    weight: p.weight === undefined ? 1 : p.weight,
  }));
  const users =
    t.users ?? [...new Set(positions.map((p) => p.uid))].sort((a, b) => a - b).map((uid) => ({ uid }) as UserRow);
  const aiCount = new Map<number, Set<string>>();
  for (const s of t.ai_skills ?? []) {
    const set = aiCount.get(s.uid) ?? new Set<string>();
    set.add(s.skill);
    aiCount.set(s.uid, set);
  }
  const givenAi = new Map((t.users_ai ?? []).map((u) => [u.uid, u]));
  const uids = new Set([...users.map((u) => u.uid), ...givenAi.keys()]);
  const usersAi = [...uids].sort((a, b) => a - b).map((uid) => {
    const g = givenAi.get(uid);
    const n = g?.n_ai_skills ?? aiCount.get(uid)?.size ?? 0;
    const isAi = g?.is_ai ?? (g?.grp !== undefined ? g.grp === 'ai' : n >= 1);
    const aiSince = g?.ai_since !== undefined ? g.ai_since : isAi ? '0001-01-01' : null;
    return { uid, n_ai_skills: n, is_ai: isAi, grp: g?.grp ?? (isAi ? 'ai' : 'non_ai'), ai_since: aiSince };
  });
  const present: ColumnPresentRow[] = [];
  if (t.columns_present) present.push(...t.columns_present);
  else {
    const given: [keyof FixtureTables, Record<string, FixtureValue>[]][] = [
      ['positions', (t.positions ?? []) as unknown as Record<string, FixtureValue>[]],
      ['users', (t.users ?? []) as unknown as Record<string, FixtureValue>[]],
      ['education', (t.education ?? []) as unknown as Record<string, FixtureValue>[]],
      ['skills', (t.skills ?? []) as unknown as Record<string, FixtureValue>[]],
    ];
    for (const [tbl, rows] of given) {
      const keys = new Set(rows.flatMap((r) => Object.keys(r)));
      for (const col of OPTIONAL[tbl] ?? []) if (keys.has(col)) present.push({ tbl, col });
      if (tbl === 'skills') for (const k of keys) if (/^skill_/.test(k) && k !== 'skill_raw') present.push({ tbl, col: k });
    }
  }
  const rowsOf: Record<keyof FixtureTables, Record<string, FixtureValue>[]> = {
    user_keys: t.user_keys ?? users.map((u) => ({ uid: u.uid, user_id: `u${u.uid}` })),
    positions,
    users: users as unknown as Record<string, FixtureValue>[],
    education: (t.education ?? []) as unknown as Record<string, FixtureValue>[],
    skills: (t.skills ?? []) as unknown as Record<string, FixtureValue>[],
    companies: t.companies ?? [],
    ai_skills: (t.ai_skills ?? []).map((s) => ({ ...s, since: s.since ?? '0001-01-01' })) as unknown as Record<string, FixtureValue>[],
    users_ai: usersAi,
    columns_present: present as unknown as Record<string, FixtureValue>[],
  };
  for (const [name, types] of Object.entries(TABLE_TYPES) as [keyof FixtureTables, [string, string][]][])
    await createTable(d, name, types, rowsOf[name]);
  return d;
}

/** A study context on a fixture database (options through `studyOptions`, so defaults apply). */
export function makeCtx(
  db: Db,
  years: number[],
  options: Partial<import('../../src/study/options.ts').StudyOptions> = {},
): import('../../src/study/context.ts').StudyContext {
  return { db, years, options: studyOptions(options) };
}

/**
 * Run the study's stages `targets` and what they need on a fixture database, as a run
 * does, with the fixture's `ai_skills` / `users_ai` standing in for the classification.
 */
export async function buildStages(ctx: import('../../src/study/context.ts').StudyContext, targets: string[]): Promise<void> {
  await STUDY_GRAPH.run(ctx, { targets, given: ['ai_skills', 'users_ai'] });
}

/** Build every table the stage `stage` needs (e.g. the panel for `headcount`), to call its measure alone. */
export async function buildNeeds(ctx: import('../../src/study/context.ts').StudyContext, stage: string): Promise<void> {
  await buildStages(ctx, STUDY_GRAPH.needsOf(stage));
}
