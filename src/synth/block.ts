/**
 * One block of users of a world: their rows as CSV text per table and their truth sums.
 * The unit of work of `generateWorld`, computed in the main thread or in a worker
 * (worker.ts); blocks are written and merged in order, so the files and `truth.json` do
 * not depend on where or in how many threads the blocks were computed.
 */
import { generatePerson } from './model.ts';
import { csvLine, renderPerson } from './render.ts';
import { TruthAccumulator, type TruthPart } from './truth.ts';

/** Users per block (fixed: the truth's floating-point sums are merged per block). */
export const BLOCK_USERS = 2000;

/** What a block of users contributes to the world. */
export interface BlockOut {
  positions: string;
  users: string;
  education: string;
  skills: string;
  truth: TruthPart;
}

/** A block's inputs (plain data, as posted to a worker). */
export interface BlockJob {
  seed: number;
  lo: number;
  hi: number;
  factors: Record<string, number>;
  years: [number, number];
}

/** Generate users lo … hi − 1 of the world and render them. */
export function renderBlock(job: BlockJob): BlockOut {
  const truth = new TruthAccumulator(job.years[0], job.years[1]);
  let positions = '';
  let users = '';
  let education = '';
  let skills = '';
  for (let i = job.lo; i < job.hi; i++) {
    const w = renderPerson(generatePerson(job.seed, i), job.factors);
    for (const r of w.positions) positions += csvLine(r);
    if (w.user) users += csvLine(w.user);
    for (const r of w.education) education += csvLine(r);
    for (const r of w.skills) skills += csvLine(r);
    truth.add(w);
  }
  return { positions, users, education, skills, truth: truth.snapshot() };
}
