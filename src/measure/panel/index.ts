/**
 * The year-end panel every stock indicator starts from (ARCHITECTURE.md, table `panel`):
 * one row per user and year t with a primary position at t, carrying that position's
 * attributes, the study's role and industry columns, experience, AI group, origin and
 * highest degree.
 */
import { fill, ident, sql, sqlFile, type Db, type Sql } from '../../db/index.ts';
import { isView, tableColumns } from '../../db/catalog.ts';
import { UsageError } from '../../errors.ts';
import type { StudyContext } from '../../study/context.ts';
import type { StudyOptions } from '../../study/options.ts';
import { ROLE_COLUMNS, INDUSTRY_COLUMNS, chooseColumn } from '../../ingest/schema.ts';

export { ROLE_COLUMNS, INDUSTRY_COLUMNS } from '../../ingest/schema.ts';

/** `--role-column` / `--industry-column` names a column the positions table does not have. */
export class UnknownColumnError extends UsageError {}

const PANEL_SQL = sqlFile(import.meta.url, 'query.sql');
const YEARS_SQL = sqlFile(import.meta.url, 'years.sql');
const PREV_SQL = sqlFile(import.meta.url, 'prev.sql');

/** The data's span of years (first startdate year .. last startdate/enddate year), narrowed by yearFrom/yearTo. */
export async function defaultYears(db: Db, options: Pick<StudyOptions, 'yearFrom' | 'yearTo'> = {}): Promise<number[]> {
  const span = await db.one<{ first: number | null; last: number | null }>(YEARS_SQL);
  if (!span || span.first === null || span.last === null) return [];
  const first = Math.max(span.first, options.yearFrom ?? -Infinity);
  const last = Math.min(span.last, options.yearTo ?? Infinity);
  const out: number[] = [];
  for (let y = first; y <= last; y++) out.push(y);
  return out;
}

async function positionColumns(db: Db): Promise<Set<string>> {
  return new Set(await tableColumns(db, 'positions'));
}

/** The optional positions columns the input had (`columns_present`), or, without that table, the non-empty ones. */
async function presentColumns(db: Db, candidates: readonly string[]): Promise<Set<string>> {
  const have = await positionColumns(db);
  const inTable = candidates.filter((c) => have.has(c));
  if (await db.hasTable('columns_present')) {
    const rows = await db.all<{ col: string }>(
      sql`select distinct lower(col) as col from columns_present where tbl in ('positions', 'individual_positions')`,
    );
    const listed = new Set(rows.map((r) => r.col));
    return new Set(inTable.filter((c) => listed.has(c)));
  }
  const out = new Set<string>();
  for (const c of inTable)
    if (((await db.scalar<number>(sql`select count(${ident(c)}) from positions`)) ?? 0) > 0) out.add(c);
  return out;
}

/**
 * Resolve the role or industry column: the option when given (it must exist in
 * `positions`), else the first candidate present in the data, else none (NULL). A run's
 * ingest keeps in `positions` the columns this resolves to (`studyColumns` of
 * src/ingest/schema.ts), which is the same choice.
 */
export async function resolveColumn(db: Db, option: string | undefined, candidates: readonly string[]): Promise<string | null> {
  if (option !== undefined) {
    const have = await positionColumns(db);
    if (!have.has(option))
      throw new UnknownColumnError(
        `column "${option}" is not in the positions table; use one of ${[...candidates].join(', ')} that the data has`,
      );
    return option;
  }
  return chooseColumn(undefined, candidates, await presentColumns(db, candidates));
}

/**
 * The panel's `role` and `industry` as expressions over `positions p` (`p."role_k150"`, or
 * `NULL` when the data has no such column), resolved as `buildPanel` does; for readers that
 * take these attributes from `positions` directly rather than through the view.
 */
export async function attributeColumns(ctx: StudyContext): Promise<{ role: Sql; industry: Sql }> {
  const role = await resolveColumn(ctx.db, ctx.options.roleColumn, ROLE_COLUMNS);
  const industry = await resolveColumn(ctx.db, ctx.options.industryColumn, INDUSTRY_COLUMNS);
  const col = (c: string | null): Sql => (c === null ? sql`NULL` : sql`p.${ident(c)}`);
  return { role: col(role), industry: col(industry) };
}

/**
 * The panel's AI flag of a user-year as SQL over the rows `pr` (with `year`) and their
 * `panel_user pu`: the user's group, or with `--skill-dating first-reported` the status
 * at the end of the year from `users_ai.ai_since` (joined as `a` by `join`).
 */
function aiFlag(options: StudyOptions): { ai: Sql; grp: Sql; join: Sql } {
  if (options.skillDating !== 'first-reported') return { ai: sql`pu.is_ai`, grp: sql`coalesce(pu.grp, 'non_ai')`, join: sql`` };
  const flag = sql`coalesce(a.ai_since <= make_date(pr.year, 12, 31), false)`;
  return { ai: flag, grp: sql`CASE WHEN ${flag} THEN 'ai' ELSE 'non_ai' END`, join: sql`LEFT JOIN users_ai a ON a.uid = pr.uid` };
}

/** Largest pid_rank and year span the packed keys of query.sql and prev.sql can hold. */
const MAX_PID_RANK = 2 ** 34;
const MAX_YEAR_SPAN = 4096;

async function checkKeys(ctx: StudyContext, ys: number[]): Promise<void> {
  if (ys.length && ys[ys.length - 1]! - ys[0]! >= MAX_YEAR_SPAN) throw new Error(`year span too wide for the panel: ${ys[0]}–${ys.at(-1)}`);
  const maxRank = (await ctx.db.scalar<number | null>('select max(pid_rank) from positions')) ?? 0;
  if (maxRank >= MAX_PID_RANK) throw new Error(`pid_rank ${maxRank} exceeds the panel key's 2^34`);
}

/** Drop `name` whether it is a table or a view (the panel was a table in older databases). */
async function dropRelation(db: Db, name: string): Promise<void> {
  await db.run((await isView(db, name)) ? sql`DROP VIEW IF EXISTS ${ident(name)}` : sql`DROP TABLE IF EXISTS ${ident(name)}`);
}

/**
 * Build the panel for `ctx.years` from `positions`, `users`, `users_ai` and `origins`: the tables
 * `panel_core(uid, year, pid_rank, country, weight, grp, origin, cc, rc, ic, sen,
 * moves_next)` (cc, rc, ic: codes of `panel_codes(dim, v, code)`) and `panel_user(uid,
 * first_start, grp, is_ai, origin, highest_degree)`, which the stock indicators read, and
 * the view `panel` with the columns of ARCHITECTURE.md (the core joined to `positions` and
 * `panel_user`), which the other stages read; and, from the same pass over the positions,
 * the table `panel_pos` and the view over it `job_changes(uid, year, from_country,
 * to_country, pid_rank, from_weight, weight)` that flows, mobility and sensitivity read
 * (built here only).
 */
export async function buildPanel(ctx: StudyContext): Promise<void> {
  const db = ctx.db;
  const { role, industry } = await attributeColumns(ctx);
  const ys = [...new Set(ctx.years)].sort((a, b) => a - b);
  await checkKeys(ctx, ys);
  // the views first: on PostgreSQL a view holds on to the tables it reads
  await dropRelation(db, 'panel');
  await dropRelation(db, 'panel_country');
  await dropRelation(db, 'job_changes');
  await db.run(
    fill(PANEL_SQL, {
      years: yearsSql(ys),
      ymin: ys[0] ?? 0,
      ymax: ys[ys.length - 1] ?? -1,
      // Consecutive years: the range ymin..ymax is the study's years, no filter needed.
      allYears: sql`${ys.length === 0 || ys[ys.length - 1]! - ys[0]! + 1 === ys.length}`,
      role,
      industry,
      ai: aiFlag(ctx.options).ai,
      aiJoin: aiFlag(ctx.options).join,
    }),
  );
}

/**
 * Build a temporary table `table(uid, year, country, grp)`: the primary position's country
 * and the group of every user with a primary position at each of `years` (mobility's
 * stocks at t − 1 for the t − 1 that are not study years). Reads `positions` and the panel's `panel_user`.
 */
export async function buildStockTable(ctx: StudyContext, table: string, years: number[]): Promise<void> {
  const ys = [...new Set(years)].sort((a, b) => a - b);
  await checkKeys(ctx, ys);
  await ctx.db.run(
    fill(PREV_SQL, {
      table: sql`${ident(table)}`,
      years: yearsSql(ys),
      ymin: ys[0] ?? 0,
      ymax: ys[ys.length - 1] ?? -1,
      grp: aiFlag(ctx.options).grp,
      aiJoin: aiFlag(ctx.options).join,
    }),
  );
}

const GRID_SQL = sqlFile(import.meta.url, 'grid.sql');

/** The published grid (study years × countries of positions × groups) as the CTEs `yrs`, `countries`, `grps`, for `WITH {{grid}}, …`. */
export function gridSql(years: number[]): Sql {
  return fill(GRID_SQL, { years: yearsSql(years) });
}

/** The years of a study as a SQL INTEGER[] value (`ARRAY[2019, 2020]::INTEGER[]`), for `{{years}}` placeholders. */
export function yearsSql(years: number[]): Sql {
  const ys = [...new Set(years)].sort((a, b) => a - b);
  return ys.length ? sql`ARRAY[${ys}]::INTEGER[]` : sql`ARRAY[]::INTEGER[]`;
}
