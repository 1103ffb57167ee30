/**
 * composition.csv: who the AI and non-AI users of a country are, by degree, field,
 * industry, role, seniority and (AI group) skill (docs/methods.md, "Stocks").
 */
import { fill, sqlFile } from '../../db/index.ts';
import { COMPOSITION, buildTable, type Cell, type OutputTable } from '../../contract/index.ts';
import type { StudyContext } from '../../study/context.ts';

const QUERY = sqlFile(import.meta.url, 'query.sql');
const READ = sqlFile(import.meta.url, 'read.sql');

/**
 * Key width (bits) up to which DuckDB aggregates with a perfect hash table (one slot per
 * possible key; its default is 12): 2^20 slots keep each thread's table near 32 MiB.
 */
const PERFECT_HT_BITS = 20;

const TEMP_TABLES = ['tf_comp', 'tf_comp_agg', 'tf_comp_usr', 'tf_comp_dict', 'tf_comp_edu'];

/**
 * Persons and shares (raw and weighted) per category. Disclosure by the contract
 * (COMPOSITION): a category with 1 … minCell−1 persons is blanked (persons, share and
 * their weighted values). Rows come from the database in batches (a few hundred thousand).
 */
export async function measureComposition(ctx: StudyContext): Promise<OutputTable[]> {
  const ys = [...new Set(ctx.years)].sort((a, b) => a - b);
  const ymin = ys[0] ?? 0;
  const ny = ys.length ? ys[ys.length - 1]! - ymin + 1 : 1;
  const rows: Record<string, Cell>[] = [];
  // The (stratum, code) GROUP BYs of query.sql mostly fit a perfect hash table of
  // PERFECT_HT_BITS (a DuckDB setting); the session's own setting is restored afterwards.
  const duck = ctx.db.dialect === 'duckdb';
  const threshold = duck ? await ctx.db.scalar<number>(`select current_setting('perfect_ht_threshold')`) : undefined;
  try {
    if (duck) await ctx.db.run(`SET perfect_ht_threshold = ${PERFECT_HT_BITS}`);
    await ctx.db.run(fill(QUERY, { ymin, ny }));
    for await (const chunk of ctx.db.batches(READ)) {
      const [country, year, group, dimension, category, persons, share, pw, sw] = Array.from({ length: 9 }, (_, i) => chunk.column(i));
      for (let r = 0; r < chunk.rowCount; r++) {
        const n = persons![r];
        rows.push({
          country: country![r] as string,
          year: year![r] as number,
          group: group![r] as string,
          dimension: dimension![r] as string,
          category: category![r] as string,
          persons: n === null ? null : Number(n),
          share: share![r] as number | null,
          persons_weighted: pw![r] as number | null,
          share_weighted: sw![r] as number | null,
        });
      }
    }
  } finally {
    if (duck) await ctx.db.run(`SET perfect_ht_threshold = ${Number(threshold ?? 12)}`);
    await ctx.db.run(TEMP_TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`).join(' '));
  }
  return [buildTable(COMPOSITION, rows, ctx.options.minCell)];
}
