/**
 * The year-end panel every stock indicator starts from (ARCHITECTURE.md, table `panel`):
 * one row per user and year t with a primary position at t, carrying that position's
 * attributes, the study's role and industry columns, experience, AI group, origin and
 * highest degree.
 */
import { fill, ident, sql, sqlFile, type Db, type Sql } from '../../db/index.ts';
import { UsageError } from '../../errors.ts';
import type { StudyContext } from '../../study/context.ts';
import type { StudyOptions } from '../../study/options.ts';
import { buildOrigins } from '../origin/index.ts';
import { ROLE_COLUMNS, INDUSTRY_COLUMNS } from '../../ingest/schema.ts';

export { ROLE_COLUMNS, INDUSTRY_COLUMNS } from '../../ingest/schema.ts';

/** `--role-column` / `--industry-column` names a column the positions table does not have. */
export class UnknownColumnError extends UsageError {}

const PANEL_SQL = sqlFile(import.meta.url, 'query.sql');
const YEARS_SQL = sqlFile(import.meta.url, 'years.sql');

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
  const rows = await db.all<{ c: string }>(
    `select column_name as c from duckdb_columns() where table_name = 'positions' and schema_name = 'main'`,
  );
  return new Set(rows.map((r) => r.c));
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
 * `positions`), else the first candidate present in the data, else none (NULL).
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
  const present = await presentColumns(db, candidates);
  return candidates.find((c) => present.has(c)) ?? null;
}

/** Largest pid_rank and year span the packed keys of query.sql can hold. */
const MAX_PID_RANK = 2 ** 34;
const MAX_YEAR_SPAN = 4096;

/** Build a panel-shaped table for the given years (mobility also builds one for years before study years). */
export async function buildPanelTable(ctx: StudyContext, table: string, years: number[]): Promise<void> {
  if (!(await ctx.db.hasTable('origins'))) await buildOrigins(ctx);
  const role = await resolveColumn(ctx.db, ctx.options.roleColumn, ROLE_COLUMNS);
  const industry = await resolveColumn(ctx.db, ctx.options.industryColumn, INDUSTRY_COLUMNS);
  const col = (c: string | null): Sql => (c === null ? sql`NULL` : sql`p.${ident(c)}`);
  const ys = [...new Set(years)].sort((a, b) => a - b);
  if (ys.length && ys[ys.length - 1]! - ys[0]! >= MAX_YEAR_SPAN) throw new Error(`year span too wide for the panel key: ${ys[0]}–${ys.at(-1)}`);
  const maxRank = (await ctx.db.scalar<number | null>('select max(pid_rank) from positions')) ?? 0;
  if (maxRank >= MAX_PID_RANK) throw new Error(`pid_rank ${maxRank} exceeds the panel key's 2^34`);
  const q = fill(PANEL_SQL, {
    table: sql`${ident(table)}`,
    years: yearsSql(ys),
    ymin: ys[0] ?? 0,
    ymax: ys[ys.length - 1] ?? -1,
    role: col(role),
    industry: col(industry),
  });
  await ctx.db.run(q);
}

/**
 * Build the table `panel` for `ctx.years` (building `origins` first when it is absent).
 * Drops the cached `job_changes` table so that flows and mobility rebuild it for this run.
 */
export async function buildPanel(ctx: StudyContext): Promise<void> {
  await ctx.db.run('DROP TABLE IF EXISTS job_changes');
  await buildPanelTable(ctx, 'panel', ctx.years);
}

/** Build the panel unless this database already has one (measures call this; a run builds it once). */
export async function ensurePanel(ctx: StudyContext): Promise<void> {
  if (!(await ctx.db.hasTable('panel'))) await buildPanel(ctx);
}

/** The years of a study as a SQL INTEGER[] literal (`[2019, 2020]`), for `{{years}}` placeholders. */
export function yearsSql(years: number[]): Sql {
  const ys = [...new Set(years)].sort((a, b) => a - b);
  return ys.length ? sql`[${ys}]::INTEGER[]` : sql`[]::INTEGER[]`;
}
