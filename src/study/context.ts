/**
 * What every stage receives: the database after ingest, the validated options and the
 * years measured (the context), and the output tables of earlier stages it declared it
 * needs (the inputs).
 */
import type { Db } from '../db/index.ts';
import type { OutputTable } from '../contract/index.ts';
import type { StudyOptions } from './options.ts';

export interface StudyContext {
  db: Db;
  options: StudyOptions;
  /** Years measured, ascending (year t = stock on 31 December of t). */
  years: number[];
  /** Progress/log sink; quiet by default. */
  log?: (msg: string) => void;
  /** Counters stages report for the manifest (`manifest.counts`), e.g. rows left out of a figure. */
  counts?: Record<string, number>;
}

/** The output tables of earlier stages that a stage declared in its `needs.outputs`. */
export interface StageInputs {
  /** The output table `name`; reading one the stage did not declare is an error. */
  output(name: string): OutputTable;
}
