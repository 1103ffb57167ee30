/**
 * sensitivity.csv: the headline figures under each taxonomy preset (bok12, linkedin,
 * oecd, and the study's own when it is another) × min_ai_skills 1 and 2. Each variant
 * is classified into the working tables `tf_sens_ai_skills` / `tf_sens_users_ai` (dropped
 * at the end, whatever happens); the study's `users_ai` and `ai_skills` are never touched.
 */
import { fill, ident, sql, sqlFile, type Db } from '../../db/index.ts';
import { SENSITIVITY, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { classify, type ClassifyOptions, type ClassifyTarget } from '../../taxonomy/classify.ts';
import { loadTaxonomy } from '../../taxonomy/match.ts';

const QUERY = sqlFile(import.meta.url, 'query.sql');

/** Presets compared by default. */
export const SENSITIVITY_PRESETS = ['bok12', 'linkedin', 'oecd'] as const;
/** Thresholds of distinct AI skills compared. */
export const SENSITIVITY_MIN_AI = [1, 2] as const;

/** Where each variant's classification is written. */
export const SENSITIVITY_CLASSIFICATION: Readonly<ClassifyTarget> = { aiSkills: 'tf_sens_ai_skills', usersAi: 'tf_sens_users_ai' };

/** The classification step (injectable for tests). */
export type ClassifyFn = (db: Db, opts: ClassifyOptions) => Promise<unknown>;

interface Headline {
  ai_first: number; ai_first_w: number; ai_last: number; ai_last_w: number; all_last: number; all_last_w: number;
  ab_persons: number; ab_abroad: number; ab_persons_w: number; ab_abroad_w: number;
  fl_in: number; fl_out: number; fl_in_w: number; fl_out_w: number;
  n_countries: number; ai_users: number;
}

/**
 * Headline figures per variant, as long rows (`measure` ∈ ai_users, ai_headcount (first
 * and last year), ai_share_of_headcount, ai_share_abroad, net_ai_flow, countries_with_ai).
 * Disclosure as in the main tables: a figure is blanked when a person or move count it is
 * made of is 1 … minCell−1. countries_with_ai counts countries with at least
 * max(minCell, 1) AI users at the last year.
 */
export async function measureSensitivity(ctx: StudyContext, classifyFn: ClassifyFn = classify): Promise<OutputTable[]> {
  const { db, options } = ctx;
  const rows: Record<string, Cell>[] = [];
  if (!ctx.years.length) return [buildTable(SENSITIVITY, rows, options.minCell)];
  const first = Math.min(...ctx.years);
  const last = Math.max(...ctx.years);
  const focus = options.focus;
  const presets: string[] = [...SENSITIVITY_PRESETS];
  if (!presets.includes(options.taxonomy)) presets.push(options.taxonomy);
  const minCell = options.minCell;
  const q = fill(QUERY, {
    focus: sql`${focus}`,
    first,
    last,
    threshold: Math.max(minCell, 1),
    users_ai: sql`${ident(SENSITIVITY_CLASSIFICATION.usersAi)}`,
  });

  try {
    for (const preset of presets) {
      const taxonomy = loadTaxonomy(preset);
      for (const m of SENSITIVITY_MIN_AI) {
        await classifyFn(db, { taxonomy, minAiSkills: m, skillColumn: options.skillColumn, dating: options.skillDating, target: SENSITIVITY_CLASSIFICATION });
        const h = (await db.one<Headline>(q))!;
        const base = { taxonomy: preset, min_ai_skills: m };
        const add = (measure: string, country: string | null, year: number | null, value: number | null, w: number | null, counts: number[]) => {
          // The disclosure rule looks at the smallest positive count the figure is made of.
          const positive = counts.filter((c) => c > 0);
          const min_count = positive.length ? Math.min(...positive) : null;
          rows.push({ ...base, measure, country, year, value, value_weighted: w, min_count });
        };
        const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
        add('ai_users', null, null, h.ai_users, null, [h.ai_users]);
        add('ai_headcount', focus, first, h.ai_first, h.ai_first_w, [h.ai_first]);
        add('ai_headcount', focus, last, h.ai_last, h.ai_last_w, [h.ai_last]);
        add('ai_share_of_headcount', focus, last, ratio(h.ai_last, h.all_last), ratio(h.ai_last_w, h.all_last_w), [h.ai_last, h.all_last]);
        add('ai_share_abroad', focus, last, ratio(h.ab_abroad, h.ab_persons), ratio(h.ab_abroad_w, h.ab_persons_w), [h.ab_persons, h.ab_abroad]);
        add('net_ai_flow', focus, last, h.fl_in - h.fl_out, h.fl_in_w - h.fl_out_w, [h.fl_in, h.fl_out]);
        add('countries_with_ai', null, last, h.n_countries, null, []);
      }
    }
  } finally {
    await db.run(sql`DROP TABLE IF EXISTS ${ident(SENSITIVITY_CLASSIFICATION.usersAi)}`);
    await db.run(sql`DROP TABLE IF EXISTS ${ident(SENSITIVITY_CLASSIFICATION.aiSkills)}`);
  }
  return [buildTable(SENSITIVITY, rows, minCell)];
}
