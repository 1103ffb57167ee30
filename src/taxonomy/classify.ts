/**
 * Classification of users as AI-skilled: the skill strings are normalised and matched once
 * per distinct value in TypeScript, the small (string → skill) mapping goes back into
 * DuckDB, and the per-user tables are built there with one join (ARCHITECTURE.md:
 * `ai_skills`, `users_ai`).
 */
import { Db, fill, ident, join, sql, sqlFile } from '../db/index.ts';
import { tableColumns } from '../db/catalog.ts';
import { MissingColumnError, MissingTableError, UsageError } from '../errors.ts';
import { matchSkill, type Taxonomy } from './match.ts';

/** The chosen skills column is not in the `skills` table. */
export class UnknownSkillColumnError extends MissingColumnError {}

/** `--skill-dating first-reported` on skills data without `first_reported` dates. */
export class SkillDatingError extends UsageError {}

/** When a user counts as AI-skilled: every year (`timeless`) or from the skill's `first_reported` date. */
export type SkillDating = 'timeless' | 'first-reported';

/** Options of the classification. */
export interface ClassifyOptions {
  taxonomy: Taxonomy;
  /** Minimum number of distinct AI skills for a user to be AI-skilled (≥ 1). */
  minAiSkills: number;
  /** Column of `skills` to match: `skill_raw` or a mapped `skill_*` column. */
  skillColumn: string;
  /**
   * AI status over time (default `timeless`: `since` and `ai_since` are 0001-01-01, i.e. always);
   * `first-reported`: a skill counts from its earliest `first_reported` (an undated row from
   * 0001-01-01), a user from the date of their `minAiSkills`-th skill.
   */
  dating?: SkillDating;
  /** Tables to write (default `ai_skills` and `users_ai`, the study's; a variant writes its own). */
  target?: ClassifyTarget;
}

/** Names of the two tables a classification writes. */
export interface ClassifyTarget {
  aiSkills: string;
  usersAi: string;
}

/** The study's classification tables (ARCHITECTURE.md). */
export const STUDY_CLASSIFICATION: Readonly<ClassifyTarget> = { aiSkills: 'ai_skills', usersAi: 'users_ai' };

/** Counts of the classification, for logs and the manifest. */
export interface ClassifyResult {
  /** Distinct non-null values of the skills column. */
  distinctStrings: number;
  /** Of those, how many match a skill of the taxonomy. */
  matchedStrings: number;
}

const QUERY = sqlFile(import.meta.url, 'classify.sql');
const INSERT_BATCH = 1000;

/**
 * Write `ai_skills(uid, skill, subfield, since)` (one row per user and distinct canonical
 * AI skill, dated) and `users_ai(uid, n_ai_skills, is_ai, grp, ai_since)` (one row per uid
 * of `users`; `ai_since` NULL for a user never AI-skilled), or the same shapes under the
 * names of `opts.target`. SkillDatingError when `dating` is `first-reported` and the skills
 * data have no `first_reported` dates.
 */
export async function classify(db: Db, opts: ClassifyOptions): Promise<ClassifyResult> {
  const { taxonomy, minAiSkills, skillColumn, target = STUDY_CLASSIFICATION, dating = 'timeless' } = opts;
  if (!Number.isInteger(minAiSkills) || minAiSkills < 1) throw new Error(`minAiSkills must be an integer ≥ 1, got ${minAiSkills}`);
  for (const t of ['skills', 'users']) {
    if (!(await db.hasTable(t))) throw new MissingTableError(`table "${t}" is missing: run the ingest stage before classification`);
  }
  const cols = (await tableColumns(db, 'skills')).map((name) => ({ name }));
  const column = cols.find((c) => c.name === skillColumn) ?? cols.find((c) => c.name.toLowerCase() === skillColumn.toLowerCase());
  if (!column) {
    const skillCols = cols.map((c) => c.name).filter((n) => n.toLowerCase().startsWith('skill_'));
    throw new UnknownSkillColumnError(
      `skill column "${skillColumn}" is not in the skills table; available: ${skillCols.join(', ') || '(none)'} — choose one with --skill-column`,
    );
  }
  const col = ident(column.name);
  if (dating === 'first-reported') await checkDated(db);

  await db.run(fill(sqlFile(import.meta.url, 'classify-strings.sql'), { column: sql`${col}` }));
  let distinctStrings = 0;
  const matched: { s: string; skill: string; subfield: string }[] = [];
  for await (const chunk of db.batches(sqlFile(import.meta.url, 'classify-strings-read.sql'))) {
    for (const v of Array.from(chunk.column(0))) {
      distinctStrings++;
      if (typeof v !== 'string') continue;
      const m = matchSkill(taxonomy, v);
      if (m) matched.push({ s: v, skill: m.skill, subfield: m.subfield });
    }
  }
  await db.run('drop table if exists tf_skill_strings');

  await db.run(sqlFile(import.meta.url, 'classify-map.sql'));
  for (let i = 0; i < matched.length; i += INSERT_BATCH) {
    const rows = matched.slice(i, i + INSERT_BATCH).map((r) => sql`(${r.s}, ${r.skill}, ${r.subfield})`);
    await db.run(fill(sqlFile(import.meta.url, 'classify-map-insert.sql'), { rows: join(rows) }));
  }
  await db.run(
    fill(QUERY, {
      column: sql`${col}`,
      min_ai_skills: minAiSkills,
      since: dating === 'first-reported' ? sql`coalesce(k.first_reported, DATE '0001-01-01')` : sql`DATE '0001-01-01'`,
      ai_skills: sql`${ident(target.aiSkills)}`,
      users_ai: sql`${ident(target.usersAi)}`,
    }),
  );
  return { distinctStrings, matchedStrings: matched.length };
}

/** SkillDatingError unless the skills input had a `first_reported` column holding some date. */
async function checkDated(db: Db): Promise<void> {
  const how = 'add the column (YYYY-MM-DD, the date the skill was first reported) or run with --skill-dating timeless';
  // the input had a first_reported column (columns_present, when ingest wrote it) and it holds a date
  let present = (await tableColumns(db, 'skills')).includes('first_reported');
  let dated = 0;
  if (present) {
    const listed = (await db.hasTable('columns_present'))
      ? sql`exists (select 1 from columns_present where tbl = 'skills' and lower(col) = 'first_reported')`
      : sql`true`;
    const r = await db.one<{ listed: boolean; dated: number | bigint }>(fill(sqlFile(import.meta.url, 'classify-dated-count.sql'), { listed }));
    present = r?.listed === true;
    dated = Number(r?.dated ?? 0);
  }
  if (!present)
    throw new SkillDatingError(`--skill-dating first-reported needs the column first_reported of the skills file (individual_user_skills), which the data lack: ${how}`);
  if (dated === 0)
    throw new SkillDatingError(`--skill-dating first-reported: the column first_reported of the skills file (individual_user_skills) is empty in every row: ${how}`);
}
