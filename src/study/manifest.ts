/** The run manifest (`manifest.json`): what was read, with which options, and how long each stage took. */
import type { SuppressionSummary } from '../contract/index.ts';

export interface InputFileInfo {
  table: string;
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  tool: { name: 'talentflow'; version: string };
  /** Version of the output contract the files follow (src/contract, CONTRACT_VERSION). */
  contract?: number;
  created: string;
  /** The dataset folder, or the PostgreSQL source's URL without its password. */
  data: string;
  /** A run on a PostgreSQL server (`run --source`): its URL without the password, where each table was read, the statement timeout in force (ms, 0 = none). */
  source?: { url: string; tables: Record<string, string>; statementTimeoutMs: number };
  options: Record<string, unknown>;
  /** The engine's memory limit and threads (they change speed, never results). */
  resources?: { memoryLimit: string; threads: number };
  inputs: InputFileInfo[];
  rows: {
    read: Record<string, number>;
    rejected: Record<string, number>;
    rejectedByReason: Record<string, number>;
  };
  years: number[];
  countries: string[];
  timings: Record<string, number>;
  /** The data are a world of talentflow's synthetic generator (its truth.json says so): its seed and size. */
  synthetic?: { seed: number; users: number };
  /** Counters the stages reported (e.g. `mobility.unknown_hq_job_changes`); absent when none. */
  counts?: Record<string, number>;
  /** Cells withheld by disclosure control, primary and secondary, in all and per table. */
  disclosure?: SuppressionSummary;
  outputs: string[];
}
