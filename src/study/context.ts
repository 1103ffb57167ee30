/**
 * What every measure receives: the database after ingest and classification, the
 * validated options and the years measured.
 */
import type { Db } from '../db/index.ts';
import type { StudyOptions } from './options.ts';

export interface StudyContext {
  db: Db;
  options: StudyOptions;
  /** Years measured, ascending (year t = stock on 31 December of t). */
  years: number[];
  /** Progress/log sink; quiet by default. */
  log?: (msg: string) => void;
}
