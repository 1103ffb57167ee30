/**
 * The measure stages of a run, in order. Each takes the study context and the tables
 * produced so far and returns its output tables.
 */
import type { OutputTable } from '../output/table.ts';
import type { StudyContext } from './context.ts';

export interface Stage {
  name: string;
  run(ctx: StudyContext, done: Map<string, OutputTable>): Promise<OutputTable[]>;
}

export const STAGES: Stage[] = [];
