/**
 * The output contract as data: every output table's schema (`tables.ts`), and the one
 * implementation of what a schema implies — building a table from a measure's rows with
 * disclosure control (`buildTable`), re-applying it to a table read back (`enforce`),
 * and typing CSV cells (`typeCell`). See ARCHITECTURE.md, "Output contract".
 */
import { DataError } from '../errors.ts';
import type { Cell, ColumnSpec, Row, TableSchema } from './types.ts';
import { STUDY_TABLES } from './tables.ts';

export type { Cell, ColumnSpec, ColumnType, ColumnRole, DisclosureRule, Follows, Partition, Row, TableSchema, Unit } from './types.ts';
export * from './tables.ts';
export { protectTables, type ProtectOptions, type SuppressionCounts, type SuppressionSummary } from './sdc.ts';

/**
 * Version of the output contract, recorded in every manifest. Raised when a column is
 * added, renamed or removed (CHANGELOG.md lists each change).
 */
export const CONTRACT_VERSION = 5;

/** A finished output table: its schema's name, published columns in order, and rows. */
export interface OutputTable {
  /** File stem, e.g. `headcount` for `headcount.csv`. */
  name: string;
  columns: string[];
  rows: Row[];
}

const REGISTRY = new Map<string, TableSchema>();

/** Add schemas to the contract (each module of tables registers its own once). */
export function registerSchemas(schemas: readonly TableSchema[]): void {
  for (const s of schemas) {
    const prev = REGISTRY.get(s.name);
    if (prev && prev !== s) throw new Error(`contract: two schemas named "${s.name}"`);
    checkSchema(s);
    REGISTRY.set(s.name, s);
  }
}
registerSchemas(STUDY_TABLES);

/** The schema of an output table; throws (a bug) when the contract has none. */
export function schemaOf(name: string): TableSchema {
  const s = REGISTRY.get(name);
  if (!s) throw new Error(`contract: no schema for table "${name}" (declare it in src/contract)`);
  return s;
}

/** The schema of an output table, or undefined. */
export function findSchema(name: string): TableSchema | undefined {
  return REGISTRY.get(name);
}

/** Every registered schema, by name. */
export function allSchemas(): TableSchema[] {
  return [...REGISTRY.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The spec of one column (throws when the schema lacks it). */
export function columnOf(schema: TableSchema, name: string): ColumnSpec {
  const c = schema.columns.find((x) => x.name === name);
  if (!c) throw new Error(`contract: table "${schema.name}" has no column "${name}"`);
  return c;
}

/** Names of the published columns, in file order. */
export function columnNames(schema: TableSchema): string[] {
  return schema.columns.map((c) => c.name);
}

/** A measure built rows that do not fit its schema: a bug in the measure or the schema. */
export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

function checkSchema(s: TableSchema): void {
  const names = new Set<string>();
  for (const c of s.columns) {
    if (names.has(c.name)) throw new Error(`contract: table "${s.name}" declares column "${c.name}" twice`);
    names.add(c.name);
  }
  for (const k of s.key) if (!names.has(k)) throw new Error(`contract: table "${s.name}" key "${k}" is not a column`);
  const internal = new Set(s.internal ?? []);
  for (const i of internal) if (names.has(i)) throw new Error(`contract: table "${s.name}" internal column "${i}" is also published`);
  for (const r of s.disclosure?.rules ?? []) {
    for (const c of r.counts) if (!names.has(c) && !internal.has(c)) throw new Error(`contract: table "${s.name}" disclosure count "${c}" is not a column`);
    for (const c of r.blank) if (!names.has(c)) throw new Error(`contract: table "${s.name}" disclosure blanks unknown column "${c}"`);
  }
  if (s.disclosure && !names.has('suppressed')) throw new Error(`contract: table "${s.name}" has disclosure rules but no suppressed column`);
  for (const p of s.partitions ?? []) {
    if (!names.has(p.count)) throw new Error(`contract: table "${s.name}" partition "${p.description}" counts unknown column "${p.count}"`);
    for (const k of [...p.within, p.over]) if (!s.key.includes(k)) throw new Error(`contract: table "${s.name}" partition "${p.description}": "${k}" is not a key column`);
  }
  if (s.df !== undefined && !names.has(s.df)) throw new Error(`contract: table "${s.name}" df column "${s.df}" is not a column`);
}

function smallCount(v: Cell | undefined, minCell: number, zeroIsSmall: boolean): boolean {
  return typeof v === 'number' && v < minCell && (v > 0 || zeroIsSmall);
}

/**
 * Whether disclosure control would withhold a cell of this row (any rule fires): lets a
 * measure skip work on cells that will not be published.
 */
export function wouldSuppress(schema: TableSchema, row: Row, minCell: number): boolean {
  if (minCell <= 0) return false;
  return (schema.disclosure?.rules ?? []).some((rule) => rule.counts.some((c) => smallCount(row[c], minCell, rule.zeroIsSmall === true)));
}

/**
 * Primary disclosure control by the schema's rules: a row where any rule's person counts
 * include one of 1 … minCell − 1 is withheld — every count and value column emptied,
 * `suppressed` true (a rule's `blank` columns name what it protects; a row is withheld
 * whole, so that its other figures give nothing back). `minCell` 0 turns it off.
 * Internal columns are dropped from the result. Complementary suppression across tables
 * is `protectTables` (src/contract/sdc.ts).
 */
export function protect(schema: TableSchema, rows: readonly Row[], minCell: number): Row[] {
  const rules = schema.disclosure?.rules ?? [];
  const internal = schema.internal ?? [];
  const hidden = schema.columns.filter((c) => c.role === 'count' || c.role === 'value').map((c) => c.name);
  return rows.map((r) => {
    const out: Row = { ...r };
    if (schema.disclosure) {
      const fired = minCell > 0 && rules.some((rule) => rule.counts.some((c) => smallCount(r[c], minCell, rule.zeroIsSmall === true)));
      if (fired) for (const c of hidden) out[c] = null;
      out.suppressed = fired;
    }
    for (const c of internal) delete out[c];
    return out;
  });
}

/** Check one cell against its column type; returns a reason or undefined. */
function badCell(c: ColumnSpec, v: Cell | undefined): string | undefined {
  if (v === null) return undefined;
  switch (c.type) {
    case 'text':
      return typeof v === 'string' ? undefined : `expected text, got ${typeof v} ${String(v)}`;
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) ? undefined : `expected an integer, got ${typeof v} ${String(v)}`;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : `expected a finite number, got ${typeof v} ${String(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expected true/false, got ${typeof v} ${String(v)}`;
    case 'year':
      return (typeof v === 'number' && Number.isInteger(v)) || v === 'pooled' ? undefined : `expected a year or "pooled", got ${typeof v} ${String(v)}`;
    case 'level':
      return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && !/^-?\d+$/.test(v)) ? undefined : `expected an integer level or a text label, got ${typeof v} ${String(v)}`;
  }
}

/**
 * Check rows against a schema: each row holds exactly the published columns (no more, no
 * fewer) and every cell has its column's type. Throws {@link ContractViolation}.
 */
export function checkRows(schema: TableSchema, rows: readonly Row[]): void {
  const cols = schema.columns;
  const names = new Set(columnNames(schema));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (const k of Object.keys(r)) {
      if (!names.has(k)) throw new ContractViolation(`${schema.name}: row ${i + 1} has column "${k}", which the schema does not declare`);
    }
    for (const c of cols) {
      if (!(c.name in r)) throw new ContractViolation(`${schema.name}: row ${i + 1} lacks column "${c.name}", which the schema declares`);
      const bad = badCell(c, r[c.name]);
      if (bad) throw new ContractViolation(`${schema.name}: row ${i + 1}, column "${c.name}": ${bad}`);
    }
  }
}

/**
 * A measure's finished output table: disclosure control by the schema (rows carry the
 * published columns except `suppressed`, plus the schema's internal counts), then a
 * check that every row fits the schema exactly. `minCell` is the study's `--min-cell`.
 */
export function buildTable(schema: TableSchema, rows: readonly Row[], minCell: number): OutputTable {
  const out = protect(schema, rows, minCell);
  checkRows(schema, out);
  return { name: schema.name, columns: columnNames(schema), rows: out };
}

/**
 * Re-apply disclosure control to a table read back from a folder (the dashboard): a row
 * already flagged, or whose published counts (or their declared differences) include one
 * of 1 … minCell − 1, has every count and value column blanked and `suppressed = true`.
 * Key and label columns stay. Idempotent.
 */
export function enforce(schema: TableSchema, table: OutputTable, minCell: number): OutputTable {
  if (!schema.disclosure) return table;
  const counts = schema.columns.filter((c) => c.role === 'count').map((c) => c.name);
  const diffs = schema.disclosure.differences ?? [];
  const present = new Set(table.columns);
  const hidden = schema.columns.filter((c) => (c.role === 'count' || c.role === 'value') && present.has(c.name)).map((c) => c.name);
  const rows = table.rows.map((r) => {
    const small =
      minCell > 0 &&
      (counts.some((c) => smallCount(r[c], minCell, false)) ||
        diffs.some(([a, b]) => typeof r[a] === 'number' && typeof r[b] === 'number' && smallCount((r[a] as number) - (r[b] as number), minCell, false)));
    if (!small && r.suppressed !== true) return r;
    const out: Row = { ...r };
    for (const c of hidden) out[c] = null;
    out.suppressed = true;
    return out;
  });
  return { ...table, rows };
}

/** A CSV cell that does not fit its column's type. */
export class CellTypeError extends DataError {}

/**
 * Type one CSV cell by its column: empty → null; text stays text; integers, numbers,
 * booleans and years (`pooled` or an integer) are parsed. Throws {@link CellTypeError}
 * (with `where`, e.g. "premium.csv line 12") when the text does not fit.
 */
export function typeCell(c: ColumnSpec, raw: string, where: string): Cell {
  if (raw === '') return null;
  const fail = (): never => {
    throw new CellTypeError(`${where}, column "${c.name}": "${raw}" is not ${c.type === 'year' ? 'a year or "pooled"' : `a ${c.type}`}; the folder was not written by this version of talentflow: run the study again`);
  };
  switch (c.type) {
    case 'text':
      return raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : fail();
    case 'year':
      if (raw === 'pooled') return raw;
      return /^-?\d+$/.test(raw) ? Number(raw) : fail();
    case 'level':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'integer':
    case 'number': {
      if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) return fail();
      const n = Number(raw);
      return c.type === 'integer' && !Number.isInteger(n) ? fail() : n;
    }
  }
}
