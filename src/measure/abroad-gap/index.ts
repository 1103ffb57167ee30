/**
 * The abroad gap (`abroad_gap.csv`, the BOK's "AI skill holders are about 27 points more
 * likely to work abroad"): per origin o and year t, on users of origin o with a primary
 * position at t, the linear probability model
 * `1[country ≠ o] = γ·AI + b1·exp + b2·exp² + FE(seniority) + FE(role) + FE(highest_degree)`
 * with HC1 errors, γ reported in percentage points. One `fitBy` pass over
 * origin × year. Choices: docs/premium.md.
 */
import { fill, ident, sql, sqlFile, type Db } from '../../db/index.ts';
import { ABROAD_GAP, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';
import { feols, reportTerms, type GroupResults } from '../../engine/index.ts';
import { engineConnection } from '../../db/engine.ts';
import { absorbedCells } from '../premium/index.ts';
import { publishCoef } from '../publish.ts';


/** Control fixed effects of the abroad-gap model. */
export const ABROAD_GAP_FE = ['seniority', 'role', 'highest_degree'] as const;

const SAMPLE_TABLE = 'tf_abroad_gap_sample';

/** Build the abroad-gap sample as a temporary table from `panel` (see query.sql). */
export async function buildAbroadGapSample(db: Db, years: readonly number[]): Promise<string> {
  await db.run(
    fill(sqlFile(import.meta.url, 'query.sql'), { target: sql`${ident(SAMPLE_TABLE)}`, years: sql`${[...years]}` }),
  );
  return SAMPLE_TABLE;
}

/**
 * `abroad_gap.csv`: one row per origin and year with both AI and non-AI users (γ blank
 * when the model cannot identify it), origins and years ascending. Cells where the
 * persons, AI persons or non-AI persons number fewer than `min_cell` are blanked.
 */
export async function measureAbroadGap(ctx: StudyContext): Promise<OutputTable[]> {
  const { db, options } = ctx;
  if (ctx.years.length === 0) return [buildTable(ABROAD_GAP, [], options.minCell)];
  const source = await buildAbroadGapSample(db, ctx.years);
  try {
    const counts = await db.all<{ origin: string; ykey: string; n: number; n_ai: number }>(
      fill(sqlFile(import.meta.url, 'counts.sql'), { source: sql`${ident(source)}` }),
    );
    const cells = counts.filter((g) => g.n_ai >= 1 && g.n - g.n_ai >= 1);
    let fits: GroupResults | undefined;
    if (cells.length) {
      const model = feols({ y: 'abroad', x: ['ai', 'exp', 'exp2'], fe: ABROAD_GAP_FE, vcov: 'hetero', ssc: options.ssc });
      const t0 = Date.now();
      fits = await model.fitBy(engineConnection(db), { table: source }, ['origin', 'ykey'], { terms: reportTerms(['ai']) });
      ctx.log?.(`abroad gap: ${fits.size} regressions in ${Date.now() - t0} ms`);
    }
    // Only a fit that dropped a term can hide an AI dummy absorbed by a fixed effect.
    const suspect = (fits?.values() ?? []).some((f) => !(f instanceof Error) && f.dropped.length > 0);
    const absorbed = suspect ? await absorbedCells(db, source, ['origin', 'ykey'], ABROAD_GAP_FE, 'ai') : new Set<string>();
    const blanked = cells.map((g) => `${g.origin}|${g.ykey}`).filter((k) => absorbed.has(k));
    if (blanked.length) ctx.log?.(`abroad gap: ${blanked.length} cell(s) blank: AI absorbed by a fixed effect (${blanked.slice(0, 5).join(', ')}${blanked.length > 5 ? ', …' : ''})`);
    const rows: Record<string, Cell>[] = cells.map((g) => {
      const key = `${g.origin}|${g.ykey}`;
      const fit = absorbed.has(key) ? undefined : fits?.get([g.origin, g.ykey]);
      const out: Record<string, Cell> = {
        origin: g.origin,
        year: Number(g.ykey),
        estimate_pp: null,
        se: null,
        ci_low: null,
        ci_high: null,
        n: g.n,
        n_ai: g.n_ai,
        ssc: options.ssc,
        df: null,
        n_non_ai: g.n - g.n_ai,
      };
      const c = publishCoef(fit, 'ai');
      if (c) {
        out.estimate_pp = 100 * c.estimate;
        out.se = 100 * c.se;
        out.ci_low = c.ci ? 100 * c.ci[0] : null;
        out.ci_high = c.ci ? 100 * c.ci[1] : null;
        out.n = c.nobs;
        out.df = c.df;
      }
      return out;
    });
    rows.sort((x, y) => (x.origin! < y.origin! ? -1 : x.origin! > y.origin! ? 1 : Number(x.year) - Number(y.year)));
    return [buildTable(ABROAD_GAP, rows, options.minCell)];
  } finally {
    await db.run(sql`drop table if exists ${ident(SAMPLE_TABLE)}`);
  }
}

