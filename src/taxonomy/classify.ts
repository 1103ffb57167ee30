/**
 * Classification of users as AI-skilled: the skill strings are normalised and matched once
 * per distinct value in TypeScript, the small (string → skill) mapping goes back into
 * DuckDB, and the per-user tables are built there with one join (ARCHITECTURE.md:
 * `ai_skills`, `users_ai`).
 */
import { Db, fill, ident, join, sql, sqlFile } from '../db/index.ts';
import { MissingColumnError, MissingTableError } from '../errors.ts';
import { matchSkill, type Taxonomy } from './match.ts';

/** The chosen skills column is not in the `skills` table. */
export class UnknownSkillColumnError extends MissingColumnError {}

/** Options of the classification. */
export interface ClassifyOptions {
  taxonomy: Taxonomy;
  /** Minimum number of distinct AI skills for a user to be AI-skilled (≥ 1). */
  minAiSkills: number;
  /** Column of `skills` to match: `skill_raw` or a mapped `skill_*` column. */
  skillColumn: string;
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
 * Write `ai_skills(uid, skill, subfield)` (one row per user and distinct canonical AI
 * skill) and `users_ai(uid, n_ai_skills, is_ai, grp)` (one row per uid of `users`), or
 * the same shapes under the names of `opts.target`.
 */
export async function classify(db: Db, opts: ClassifyOptions): Promise<ClassifyResult> {
  const { taxonomy, minAiSkills, skillColumn, target = STUDY_CLASSIFICATION } = opts;
  if (!Number.isInteger(minAiSkills) || minAiSkills < 1) throw new Error(`minAiSkills must be an integer ≥ 1, got ${minAiSkills}`);
  for (const t of ['skills', 'users']) {
    if (!(await db.hasTable(t))) throw new MissingTableError(`table "${t}" is missing: run the ingest stage before classification`);
  }
  const cols = await db.all<{ name: string }>(
    sqlFile(import.meta.url, 'classify-columns.sql'),
  );
  const column = cols.find((c) => c.name === skillColumn) ?? cols.find((c) => c.name.toLowerCase() === skillColumn.toLowerCase());
  if (!column) {
    const skillCols = cols.map((c) => c.name).filter((n) => n.toLowerCase().startsWith('skill_'));
    throw new UnknownSkillColumnError(
      `skill column "${skillColumn}" is not in the skills table; available: ${skillCols.join(', ') || '(none)'} — choose one with --skill-column`,
    );
  }
  const col = ident(column.name);

  await db.run(fill(sqlFile(import.meta.url, 'classify-strings.sql'), { column: sql`${col}` }));
  let distinctStrings = 0;
  const matched: { s: string; skill: string; subfield: string }[] = [];
  for await (const chunk of db.chunks(sqlFile(import.meta.url, 'classify-strings-read.sql'))) {
    for (const v of chunk.getColumnValues(0)) {
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
    fill(QUERY, { column: sql`${col}`, min_ai_skills: minAiSkills, ai_skills: sql`${ident(target.aiSkills)}`, users_ai: sql`${ident(target.usersAi)}` }),
  );
  return { distinctStrings, matchedStrings: matched.length };
}
