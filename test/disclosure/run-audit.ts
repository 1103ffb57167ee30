/**
 * The disclosure audit of one output folder, from the command line (the demo world's audit
 * is too slow for the unit tests):
 *   node --import tsx test/disclosure/run-audit.ts OUT MIN_CELL [PRIMARY_OUT]
 * PRIMARY_OUT, an output of the same data and options run with `--suppression primary`,
 * tells which suppressed rows are primary; without it every suppressed row counts as
 * primary. Exit 1 when a suppressed cell is determined.
 */
import { audit, primaryRows } from './audit.ts';

const [dir, minCell, primaryDir] = process.argv.slice(2);
if (!dir || !minCell) {
  console.error('usage: run-audit.ts OUT MIN_CELL [PRIMARY_OUT]');
  process.exit(2);
}
const t0 = Date.now();
const r = await audit(dir, { minCell: Number(minCell), ...(primaryDir ? { primary: primaryRows(primaryDir) } : {}) });
const by: Record<string, number> = {};
for (const d of r.determined) by[`${d.table}.${d.column}`] = (by[`${d.table}.${d.column}`] ?? 0) + 1;
console.log(JSON.stringify({ cells: r.cells, lps: r.lps, determined: r.determined.length, byColumn: by, zeros: r.zeros.length, infeasible: r.infeasible, relaxed: r.relaxed, inconsistent: r.inconsistent, families: r.families, seconds: (Date.now() - t0) / 1000 }, null, 1));
for (const d of r.determined.slice(0, 10)) console.log(`determined: ${d.table} ${d.key} ${d.column} = ${d.value}${d.primary ? ' (primary)' : ''}`);
process.exit(r.determined.length || r.infeasible.length ? 1 : 0);
