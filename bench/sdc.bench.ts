/**
 * Complementary suppression (`protectTables`) on a run's primary-only output:
 *   node --import tsx bench/sdc.bench.ts OUT_PRIMARY MIN_CELL [FOCUS]
 * OUT_PRIMARY is an output folder written with `--suppression primary`. Prints the median
 * of three runs and the cells withheld.
 */
import { readOutputFolder } from '../src/report/read.ts';
import { findSchema, protectTables } from '../src/contract/index.ts';

const [dir, minCell, focus] = process.argv.slice(2);
if (!dir || !minCell) {
  console.log('usage: bench/sdc.bench.ts OUT_PRIMARY MIN_CELL [FOCUS] (skipped: no folder given)');
  process.exit(0);
}
const { tables } = await readOutputFolder(dir);
const times: number[] = [];
let summary;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  summary = protectTables(tables, findSchema, { minCell: Number(minCell), focus: focus ?? 'KR' }).summary;
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const s = summary!;
console.log(`protectTables: median ${(times[1]! / 1000).toFixed(2)} s; cells ${s.cells}, primary ${s.primaryCells}, secondary ${s.secondaryCells} (${((100 * s.secondaryCells) / s.cells).toFixed(2)}%), rows left out ${s.omittedRows}`);
