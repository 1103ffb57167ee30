/**
 * The in-memory form of an output table (declared in src/contract): re-exported here for
 * the modules that only write tables.
 */
export type { Cell, OutputTable, Row } from '../contract/index.ts';
