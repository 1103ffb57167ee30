/**
 * The abroad gap (`abroad_gap.csv`, the BOK's "AI skill holders are about 27 points more
 * likely to work abroad"): per origin o and year t, on users of origin o with a primary
 * position at t, the linear probability model
 * `1[country ≠ o] = γ·AI + b1·exp + b2·exp² + FE(seniority) + FE(role) + FE(highest_degree)`
 * with HC1 errors, γ reported in percentage points; role and seniority are those of the
 * user's last position in the origin country (fixed before the outcome, see query.sql).
 * Beside γ the raw gap (AI minus non-AI share abroad), unweighted and weighted.
 * Unweighted by default; `--weighted` weights the model by `weight`. One `fitBy` pass
 * over origin × year. Choices: docs/premium.md.
 */
import { fill, ident, sql, sqlFile, type Db, type Sql } from '../../db/index.ts';
import { ABROAD_GAP, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { feols, reportTerms, type EncodedLevels, type FitResult, type GroupResults } from '../../engine/index.ts';
import { engineConnection } from '../../db/engine.ts';
import { absorbedSuspects, engineSteps } from '../premium/index.ts';
import { attributeColumns } from '../panel/index.ts';
import { blankNote, publishCoef } from '../publish.ts';


/** Control fixed effects of the abroad-gap model. */
export const ABROAD_GAP_FE = ['seniority', 'role', 'highest_degree'] as const;

const SAMPLE_TABLE = 'tf_abroad_gap_sample';
const ROWS_TABLE = 'tf_abroad_gap_rows';
const USERS_TABLE = 'tf_abroad_gap_users';
const LEVELS_TABLE = 'tf_abroad_gap_levels';

/** The fixed effects the sample carries as level codes (`lv_<effect>`): all of them. */
type CodedFe = (typeof ABROAD_GAP_FE)[number];

/** The abroad-gap sample: its table, the labels of its effects' level codes by effect, and the origin of each origin code. */
export interface AbroadGapSample {
  table: string;
  levels: Readonly<Record<CodedFe, EncodedLevels>>;
  /** `origins[oc]`: the origin (a country) of the code in the sample's `oc` column. */
  origins: readonly string[];
}

/** Into how many ranges of users (about equal in users) the abroad-gap sample is built. */
const SAMPLE_PARTS = 4;

/**
 * Consecutive ranges of uids, about `parts` of them, that cover `lo`..`hi` (each range's
 * first and last uid); none when there is no uid.
 */
export function uidRanges(lo: number | null, hi: number | null, parts: number): [number, number][] {
  if (lo === null || hi === null || hi < lo) return [];
  const n = Math.max(1, Math.min(parts, hi - lo + 1));
  const size = Math.ceil((hi - lo + 1) / n);
  const out: [number, number][] = [];
  for (let a = lo; a <= hi; a += size) out.push([a, Math.min(hi, a + size - 1)]);
  return out;
}

/**
 * Build the abroad-gap sample as a table of the study's database from `panel`, `positions`
 * and `panel_codes` (rows.sql, users.sql, levels.sql, codes.sql, query.sql); `role` is the
 * study's role column over `positions p`. The origin comes as a code (`oc`), the year as an
 * integer, and every fixed effect as level codes (the engine's `encoded` option). The
 * rows and then the sample are written in `parts` ranges of users ({@link uidRanges}), so
 * that no statement joins, sorts or hashes the whole sample.
 */
export async function buildAbroadGapSample(db: Db, years: readonly number[], role: Sql, parts = SAMPLE_PARTS): Promise<AbroadGapSample> {
  const base = {
    levels: sql`${ident(LEVELS_TABLE)}`, rows: sql`${ident(ROWS_TABLE)}`, users: sql`${ident(USERS_TABLE)}`, years: sql`${[...years]}`, role,
  };
  // No user: one range that holds none, so that the first statements still make the (empty) tables.
  const bounds = await db.one<{ lo: number | null; hi: number | null }>(sql`select min(uid) as lo, max(uid) as hi from positions`);
  const found = uidRanges(bounds?.lo ?? null, bounds?.hi ?? null, parts);
  const ranges: [number | null, number | null][] = found.length ? found : [[null, null]];
  const each = async (file: string, target: string, temp: boolean): Promise<void> => {
    const text = sqlFile(import.meta.url, file);
    for (const [i, [ulo, uhi]] of ranges.entries()) {
      const write = i > 0 ? sql`insert into ${ident(target)}` : temp ? sql`create or replace temp table ${ident(target)} as` : sql`create or replace table ${ident(target)} as`;
      await db.run(fill(text, { ...base, write, ulo: sql`${ulo}`, uhi: sql`${uhi}` }));
    }
  };
  try {
    await each('rows.sql', ROWS_TABLE, true);
    await db.run(fill(sqlFile(import.meta.url, 'users.sql'), base));
    await db.run(fill(sqlFile(import.meta.url, 'levels.sql'), base));
    await db.run(fill(sqlFile(import.meta.url, 'codes.sql'), base));
    await each('query.sql', SAMPLE_TABLE, false);
    const rows = await db.all<{ eff: string; code: number; label: string }>(sql`select eff, code, label from ${ident(LEVELS_TABLE)} order by eff, code`);
    const labels = (eff: string): string[] => rows.filter((r) => r.eff === eff).map((r) => String(r.label));
    const of = (f: CodedFe): EncodedLevels => ({ column: `lv_${f}`, labels: labels(f) });
    return { table: SAMPLE_TABLE, levels: { seniority: of('seniority'), role: of('role'), highest_degree: of('highest_degree') }, origins: labels('origin') };
  } finally {
    await db.run(sql`drop table if exists ${ident(LEVELS_TABLE)}`);
    await db.run(sql`drop table if exists ${ident(ROWS_TABLE)}`);
    await db.run(sql`drop table if exists ${ident(USERS_TABLE)}`);
  }
}

/** Per origin × year: persons, AI persons, persons abroad by group and the weighted sums of the raw gap (counts.sql). */
interface GapCounts {
  oc: number;
  year: number;
  n: number;
  n_ai: number;
  n_ai_abroad: number;
  n_non_ai_abroad: number;
  w_ai: number;
  w_ai_abroad: number;
  w_non_ai: number;
  w_non_ai_abroad: number;
}

/** The raw gap in percentage points: 100·(abroad_ai / ai − abroad_non_ai / non_ai), or null when a group is empty. */
export function rawGapPp(abroadAi: number, ai: number, abroadNonAi: number, nonAi: number): number | null {
  if (!(ai > 0) || !(nonAi > 0)) return null;
  return 100 * (abroadAi / ai - abroadNonAi / nonAi);
}

/**
 * `abroad_gap.csv`: one row per origin and year with both AI and non-AI users (γ blank,
 * with the reason in `note`, when the model cannot identify it), origins and years
 * ascending. Cells where the persons, AI persons or non-AI persons number fewer than
 * `min_cell` are blanked; the raw gaps also when a group's persons abroad or at home do.
 */
export async function measureAbroadGap(ctx: StudyContext): Promise<OutputTable[]> {
  const { db, options } = ctx;
  if (ctx.years.length === 0) return [buildTable(ABROAD_GAP, [], options.minCell)];
  const { role } = await attributeColumns(ctx);
  const ts = Date.now();
  const { table: source, levels, origins } = await buildAbroadGapSample(db, ctx.years, role);
  ctx.log?.(`abroad gap: sample built in ${Date.now() - ts} ms`);
  try {
    const tc = Date.now();
    const counts = (
      await db.all<Record<keyof GapCounts, unknown>>(fill(sqlFile(import.meta.url, 'counts.sql'), { source: sql`${ident(source)}` }))
    ).map((r) => ({
      oc: Number(r.oc), year: Number(r.year), n: Number(r.n), n_ai: Number(r.n_ai), n_ai_abroad: Number(r.n_ai_abroad),
      n_non_ai_abroad: Number(r.n_non_ai_abroad), w_ai: Number(r.w_ai), w_ai_abroad: Number(r.w_ai_abroad), w_non_ai: Number(r.w_non_ai),
      w_non_ai_abroad: Number(r.w_non_ai_abroad),
    }));
    const cells = counts.filter((g) => g.n_ai >= 1 && g.n - g.n_ai >= 1);
    let fits: GroupResults | undefined;
    if (cells.length) {
      const model = feols({
        y: 'abroad', x: ['ai', 'exp', 'exp2'], fe: ABROAD_GAP_FE, ...(options.weighted ? { weights: 'w' } : {}), vcov: 'hetero', ssc: options.ssc,
      });
      const t0 = Date.now();
      const steps = engineSteps();
      // the sample's columns with exp² (fits.sql); every effect as the sample's level codes:
      // no levels table, no join per row
      fits = await model.fitBy(engineConnection(db), { query: fill(sqlFile(import.meta.url, 'fits.sql'), { sample: sql`${ident(source)}` }).text }, ['oc', 'year'], {
        terms: reportTerms(['ai']),
        encoded: { fe: levels },
        ...(ctx.log ? { profile: steps.profile } : {}),
      });
      ctx.log?.(`abroad gap: ${fits.size} regressions in ${Date.now() - t0} ms (counts ${t0 - tc} ms; steps ms: ${steps.text()})`);
    }
    // Only a fit that dropped a term can hide an AI dummy absorbed by a fixed effect (an
    // absorbed dummy makes the design rank-deficient). When one did, every cell but those
    // fitted without a dropped term is checked, on its own rows, with the effects' codes
    // (one code per value, NULL included: the same levels).
    const dropped = (f: FitResult | Error | undefined): boolean => f !== undefined && !(f instanceof Error) && f.dropped.length > 0;
    const suspect = [...(fits?.values() ?? [])].some(dropped);
    const suspects = suspect ? cells.filter((g) => { const f = fits?.get([g.oc, g.year]); return f === undefined || f instanceof Error || dropped(f); }) : [];
    const absorbed = new Map<string, string[]>();
    if (suspects.length) {
      const ta = Date.now();
      const column = (f: CodedFe): string => levels[f].column;
      const fam = { source, x: 'ai', fe: ABROAD_GAP_FE.map(column), by: ['oc', 'year'] };
      for (const [k, effects] of await absorbedSuspects(db, fam, suspects.map((g) => [g.oc, g.year])))
        absorbed.set(k, effects.map((e) => ABROAD_GAP_FE.find((f) => column(f) === e) ?? e));
      ctx.log?.(`abroad gap: absorbed check of ${suspects.length} cell(s) in ${Date.now() - ta} ms`);
    }
    const rows: Record<string, Cell>[] = cells.map((g) => {
      const fit = fits?.get([g.oc, g.year]);
      const absorbedBy = absorbed.get(`${g.oc}|${g.year}`);
      const c = absorbedBy ? null : publishCoef(fit, 'ai');
      const nNonAi = g.n - g.n_ai;
      return {
        origin: origins[g.oc]!,
        year: g.year,
        estimate_pp: c ? 100 * c.estimate : null,
        se: c ? 100 * c.se : null,
        ci_low: c?.ci ? 100 * c.ci[0] : null,
        ci_high: c?.ci ? 100 * c.ci[1] : null,
        df: c ? c.df : null,
        raw_gap_pp: rawGapPp(g.n_ai_abroad, g.n_ai, g.n_non_ai_abroad, nNonAi),
        raw_gap_weighted_pp: rawGapPp(g.w_ai_abroad, g.w_ai, g.w_non_ai_abroad, g.w_non_ai),
        n: c ? c.nobs : g.n,
        n_ai: g.n_ai,
        ssc: options.ssc,
        note: blankNote(fit, 'ai', absorbedBy),
        n_non_ai: nNonAi,
        n_ai_abroad: g.n_ai_abroad,
        n_ai_home: g.n_ai - g.n_ai_abroad,
        n_non_ai_abroad: g.n_non_ai_abroad,
        n_non_ai_home: nNonAi - g.n_non_ai_abroad,
      };
    });
    const blanked = rows.filter((r) => typeof r.note === 'string' && r.note.startsWith('absorbed_by:'));
    if (blanked.length)
      ctx.log?.(`abroad gap: ${blanked.length} cell(s) blank: AI absorbed by a fixed effect (${blanked.slice(0, 5).map((r) => `${r.origin}|${r.year} ${r.note}`).join(', ')}${blanked.length > 5 ? ', …' : ''})`);
    rows.sort((x, y) => (x.origin! < y.origin! ? -1 : x.origin! > y.origin! ? 1 : Number(x.year) - Number(y.year)));
    return [buildTable(ABROAD_GAP, rows, options.minCell)];
  } finally {
    await db.run(sql`drop table if exists ${ident(SAMPLE_TABLE)}`);
  }
}
