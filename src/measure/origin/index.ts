/**
 * Origin (nationality proxy) of every user: writes the table `origins(uid, origin)` under
 * the study's `originRule` (docs/methods.md, "Origin"). Every uid of
 * `positions` gets exactly one non-null origin, because each rule falls back to the
 * country of the user's first position.
 */
import { sqlFile, type Sql } from '../../db/index.ts';
import type { StudyContext } from '../../study/context.ts';
import type { StudyOptions } from '../../study/options.ts';

type OriginRule = StudyOptions['originRule'];

const RULE_SQL: Record<OriginRule, Sql> = {
  'first-education': sqlFile(import.meta.url, 'first-education.sql'),
  'first-position': sqlFile(import.meta.url, 'first-position.sql'),
  bachelor: sqlFile(import.meta.url, 'bachelor.sql'),
  modal: sqlFile(import.meta.url, 'modal.sql'),
};

/**
 * Build `origins(uid, origin)` for `ctx.options.originRule`. Without an `education`
 * table the education-based rules reduce to their fallback, the first position's country.
 */
export async function buildOrigins(ctx: StudyContext): Promise<void> {
  const rule = ctx.options.originRule;
  const needsEducation = rule === 'first-education' || rule === 'bachelor';
  const q = needsEducation && !(await ctx.db.hasTable('education')) ? RULE_SQL['first-position'] : RULE_SQL[rule];
  await ctx.db.run(q);
}
