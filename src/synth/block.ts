/**
 * One block of users of a world: their rows as CSV text per table and their truth sums.
 * The unit of work of `generateWorld`, computed in the main thread or in a worker
 * (worker.ts); blocks are written and merged in order, so the files and `truth.json` do
 * not depend on where or in how many threads the blocks were computed.
 */
import { generatePerson } from './model.ts';
import { CsvBytes, renderPerson, TEXT_COLUMNS as TC } from './render.ts';
import { TruthAccumulator, type TruthPart } from './truth.ts';

/** Users per block (fixed: the truth's floating-point sums are merged per block). */
export const BLOCK_USERS = 2000;

/** What a block of users contributes to the world: its CSV lines (UTF-8) per table, and its truth sums. */
export interface BlockOut {
  positions: Uint8Array;
  users: Uint8Array;
  education: Uint8Array;
  skills: Uint8Array;
  truth: TruthPart;
}

/** A block's inputs (plain data, as posted to a worker). */
export interface BlockJob {
  seed: number;
  lo: number;
  hi: number;
  factors: Record<string, number>;
  years: [number, number];
  /** Spell-length multiplier of the careers (model.ts `CareerShape`; 1 = calibrated). */
  tenureScale: number;
}

/** The CSV lines of a block, per table. */
interface Lines {
  positions: CsvBytes;
  users: CsvBytes;
  education: CsvBytes;
  skills: CsvBytes;
}

// Scratch of this thread, reused from block to block: the truth accumulator (emptied by
// `take`, rather than 5 MB of fresh zeroed arrays per block) and the line buffers.
let truthScratch: TruthAccumulator | undefined;
let lineScratch: Lines | undefined;

/** Generate users lo … hi − 1 of the world and render them. */
export function renderBlock(job: BlockJob): BlockOut {
  if (!truthScratch || truthScratch.y0 !== job.years[0] || truthScratch.y1 !== job.years[1]) {
    truthScratch = new TruthAccumulator(job.years[0], job.years[1]);
  }
  const lines = (lineScratch ??= { positions: new CsvBytes(), users: new CsvBytes(), education: new CsvBytes(), skills: new CsvBytes() });
  for (let i = job.lo; i < job.hi; i++) renderUser(job, i, lines, truthScratch);
  return {
    positions: lines.positions.take(), users: lines.users.take(), education: lines.education.take(), skills: lines.skills.take(),
    truth: truthScratch.take(),
  };
}

/** One user's lines and truth (a function of its own, so the JIT optimises it as a whole). */
function renderUser(job: BlockJob, i: number, lines: Lines, truth: TruthAccumulator): void {
  const w = renderPerson(generatePerson(job.seed, i, false, { tenureScale: job.tenureScale }), job.factors);
  for (const r of w.positions) lines.positions.line(r, TC.positions);
  if (w.user) lines.users.line(w.user, TC.user);
  for (const r of w.education) lines.education.line(r, TC.education);
  for (const r of w.skills) lines.skills.line(r, TC.skills);
  truth.add(w);
}
