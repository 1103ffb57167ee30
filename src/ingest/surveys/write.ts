/**
 * Writes the canonical survey tables (`sv_person`, `sv_skill`, `sv_reject`) of an adapter
 * as a Revelio-schema dataset folder that `talentflow run --data DIR` reads:
 * individual_positions.csv, individual_user.csv, individual_user_education.csv,
 * individual_user_skills.csv, plus survey_rejects.csv and survey.json. The folder is built
 * under a temporary name and swapped in whole.
 */
import { join } from 'node:path';
import { sql, ident, fill, join as joinSql, type Db, type Sql } from '../../db/index.ts';
import { q } from './queries.ts';
import { buildFolderAtomic, writeFileAtomic } from '../../output/csv.ts';

/** Columns every adapter puts in `sv_person` (one row per respondent kept). */
export const PERSON_COLUMNS = [
  'user_id', 'country', 'user_country', 'startdate', 'salary', 'salary_usd', 'salary_basis',
  'role', 'seniority', 'industry', 'highest_degree',
] as const;

/** Row counts of the files written. */
export interface WrittenCounts {
  positions: number;
  users: number;
  education: number;
  skills: number;
  rejects: number;
}

async function copyTo(db: Db, query: Sql, path: string): Promise<void> {
  await db.run(fill(q('write-copy.sql'), { query, path: sql`${path}` }));
}

/**
 * Write the folder `outDir` from `sv_person` (PERSON_COLUMNS + `positionExtras` +
 * `userExtras`), `sv_skill` (user_id, skill_raw) and `sv_reject` (file, line, column, reason,
 * value). `meta` becomes survey.json, with the counts added.
 */
export async function writeSurveyFolder(
  db: Db,
  outDir: string,
  opts: { positionExtras: string[]; userExtras: string[]; meta: Record<string, unknown> },
): Promise<WrittenCounts> {
  const count = async (query: Sql) => (await db.scalar<number>(fill(q('write-count.sql'), { query }))) ?? 0;
  const extrasP = opts.positionExtras.length ? sql`, ${joinSql(opts.positionExtras.map((c) => ident(c)))}` : sql``;
  const extrasU = opts.userExtras.length ? sql`, ${joinSql(opts.userExtras.map((c) => ident(c)))}` : sql``;
  const positions = fill(q('write-positions.sql'), { extras: extrasP });
  const users = fill(q('write-users.sql'), { extras: extrasU });
  const education = q('write-education.sql');
  const skills = q('write-skills.sql');
  const rejects = q('write-rejects.sql');
  const counts: WrittenCounts = {
    positions: await count(positions),
    users: await count(users),
    education: await count(education),
    skills: await count(skills),
    rejects: await count(rejects),
  };
  const byReason = await db.all<{ reason: string; n: number }>(q('reject-reasons.sql'));
  await buildFolderAtomic(outDir, async (dir) => {
    await copyTo(db, positions, join(dir, 'individual_positions.csv'));
    await copyTo(db, users, join(dir, 'individual_user.csv'));
    await copyTo(db, education, join(dir, 'individual_user_education.csv'));
    await copyTo(db, skills, join(dir, 'individual_user_skills.csv'));
    await copyTo(db, rejects, join(dir, 'survey_rejects.csv'));
    const meta = { ...opts.meta, written: counts, rejects_by_reason: Object.fromEntries(byReason.map((r) => [r.reason, r.n])) };
    writeFileAtomic(join(dir, 'survey.json'), JSON.stringify(meta, null, 2) + '\n');
  });
  return counts;
}
