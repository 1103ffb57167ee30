/**
 * Complete (secondary) suppression over every table of a run at once. `buildTable`
 * withholds the rows whose own counts are small (primary suppression); the relations
 * between published figures — the schemas' {@link Partition}s, within a table and across
 * tables — could still give a withheld count back by subtraction. `protectTables` adds
 * complementary (secondary) rows, chosen by cell cost, smallest cells first (as τ-ARGUS's
 * hypercube method and R sdcTable do), until no withheld count is determined: the
 * interval each withheld count can take, given the published figures, the relations,
 * non-negativity and a primary count being 1 … minCell − 1, propagated across relations to
 * a fixed point, holds more than one value (a count pinned to 0 reveals nobody and is
 * left as it is). A relation with a single withheld count pins it, so every relation
 * ends with none or at least two.
 *
 * A secondary row is withheld as a primary one is: every count and value column blank and
 * `suppressed = true`. Rows of a schema that `follows` another table share its rows'
 * suppression (rates computed from the counts there). Relations are treated as equalities
 * even when the data only promise ≤ (conservative).
 */
import type { Cell, Partition, Row, TableSchema } from './types.ts';
import type { OutputTable } from './index.ts';

/** How many cells disclosure control withheld, primary and secondary. */
export interface SuppressionCounts {
  /** Rows of the table. */
  rows: number;
  /** Count and value cells of the table (the cells disclosure control may withhold). */
  cells: number;
  /** Rows withheld because their own counts are small. */
  primaryRows: number;
  primaryCells: number;
  /** Rows withheld so that no primary one can be recovered by adding and subtracting. */
  secondaryRows: number;
  secondaryCells: number;
  /**
   * Withheld rows left out of the table (counted among the primary or secondary rows):
   * parts of a total withheld with all its parts, whose existence alone (each part is at
   * least 1) would give a count back.
   */
  omittedRows: number;
}

/** The summary of {@link protectTables}: totals and per table. */
export interface SuppressionSummary extends SuppressionCounts {
  minCell: number;
  /** `complete` (primary + secondary) or `primary` (secondary turned off). */
  mode: 'complete' | 'primary';
  tables: Record<string, SuppressionCounts>;
}

/** Options of {@link protectTables}. */
export interface ProtectOptions {
  minCell: number;
  /** Focus country: its AI rows (and rows without a group) get a high cell cost, so they stay published where their own counts allow. */
  focus?: string;
  /** `primary` skips secondary suppression (internal work, the audit's baseline). */
  mode?: 'complete' | 'primary';
}

/** Key columns naming a place; the focus country's rows are expensive to withhold. */
const PLACE_COLUMNS = ['country', 'origin', 'destination'];
const FOCUS_COST = 1e9;
const ZERO_COST = 1e12;

interface TableState {
  schema: TableSchema;
  table: OutputTable;
  rows: Row[];
  /** Row index by its key (key cells joined by U+0001). */
  byKey: Map<string, number>;
  suppressed: boolean[];
  primary: boolean[];
  /** Rows left out of the table: parts of a relation withheld whole whose mere existence would pin a count. */
  omitted: boolean[];
  /** The published count columns. */
  counts: string[];
  /** Primary rows of a one-count table: the count is 1 … minCell − 1. */
  smallBounds: boolean;
}

/** One relation instance: Σ parts = total, over cells (table, row, count column). */
interface Relation {
  cells: { t: string; row: number; col: string; coef: number }[];
}

const SEP = '\u0001';
const keyString = (cells: readonly Cell[]): string => cells.map((c) => String(c)).join(SEP);

/**
 * Complete suppression of the tables of one run (tables built by `buildTable`, primary
 * suppression applied): adds secondary suppression over the partitions the schemas
 * declare, then withholds rows that follow a withheld row. Returns new tables (same
 * order) and the counts of withheld cells. `minCell` 0 leaves the tables as they are.
 */
export function protectTables(
  tables: ReadonlyMap<string, OutputTable>,
  schemaOf: (name: string) => TableSchema | undefined,
  opts: ProtectOptions,
): { tables: Map<string, OutputTable>; summary: SuppressionSummary } {
  const mode = opts.mode ?? 'complete';
  const states = new Map<string, TableState>();
  for (const [name, table] of tables) {
    const schema = schemaOf(name);
    if (!schema?.disclosure) continue;
    const rows = table.rows.map((r) => ({ ...r }));
    const counts = schema.columns.filter((c) => c.role === 'count').map((c) => c.name);
    const ruleCounts = new Set(schema.disclosure.rules.flatMap((r) => r.counts));
    states.set(name, {
      schema, table, rows,
      byKey: new Map(rows.map((r, i) => [keyString(schema.key.map((k) => r[k] ?? null)), i])),
      suppressed: rows.map((r) => r.suppressed === true),
      primary: rows.map((r) => r.suppressed === true),
      omitted: rows.map(() => false),
      counts,
      smallBounds: counts.length === 1 && ruleCounts.size === 1 && ruleCounts.has(counts[0]!),
    });
  }
  if (opts.minCell > 0 && mode === 'complete') secondary(states, opts);
  if (opts.minCell > 0) follow(states, schemaOf);

  const out = new Map<string, OutputTable>();
  const summary: SuppressionSummary = { minCell: opts.minCell, mode, rows: 0, cells: 0, primaryRows: 0, primaryCells: 0, secondaryRows: 0, secondaryCells: 0, omittedRows: 0, tables: {} };
  for (const [name, table] of tables) {
    const st = states.get(name);
    if (!st) {
      out.set(name, table);
      continue;
    }
    const hidden = st.schema.columns.filter((c) => (c.role === 'count' || c.role === 'value') && table.columns.includes(c.name)).map((c) => c.name);
    const c: SuppressionCounts = { rows: st.rows.length, cells: st.rows.length * hidden.length, primaryRows: 0, primaryCells: 0, secondaryRows: 0, secondaryCells: 0, omittedRows: 0 };
    st.rows.forEach((r, i) => {
      if (!st.suppressed[i]) return;
      if (st.omitted[i]) c.omittedRows++;
      if (st.primary[i]) {
        c.primaryRows++;
        c.primaryCells += hidden.length;
        return;
      }
      for (const h of hidden) r[h] = null;
      r.suppressed = true;
      c.secondaryRows++;
      c.secondaryCells += hidden.length;
    });
    summary.tables[name] = c;
    for (const k of ['rows', 'cells', 'primaryRows', 'primaryCells', 'secondaryRows', 'secondaryCells', 'omittedRows'] as const) summary[k] += c[k];
    out.set(name, { ...table, rows: st.rows.filter((_, i) => !st.omitted[i]) });
  }
  return { tables: out, summary };
}

/** The total row of a partition for one group of parts, or undefined when it is not published. */
function totalRow(p: Partition, part: Row, st: TableState | undefined): number | undefined {
  if (!p.total || !st) return undefined;
  const where = p.total.where ?? {};
  const on = p.total.on ?? {};
  const cells: Cell[] = [];
  for (const k of st.schema.key) {
    if (k in where) cells.push(where[k]!);
    else if (k in on) cells.push(part[on[k]!] ?? null);
    else if (p.within.includes(k)) cells.push(part[k] ?? null);
    else throw new Error(`contract: partition "${p.description}" cannot place key "${k}" of table "${p.total.table}" (declare it in total.on or total.where)`);
  }
  return st.byKey.get(keyString(cells));
}

function isPart(p: Partition, r: Row): boolean {
  for (const [k, v] of Object.entries(p.where ?? {})) if (r[k] !== v) return false;
  for (const [k, vs] of Object.entries(p.except ?? {})) if (vs.includes(r[k] ?? null)) return false;
  return true;
}

/** Every relation instance the schemas declare (Σ parts − total = 0). */
function relations(states: Map<string, TableState>): Relation[] {
  const out: Relation[] = [];
  for (const [name, st] of states) {
    for (const p of st.schema.partitions ?? []) {
      if (!p.total) continue;
      const total = states.get(p.total.table);
      if (!total) continue;
      const groups = new Map<string, number[]>();
      st.rows.forEach((r, i) => {
        if (!isPart(p, r)) return;
        const g = keyString(p.within.map((k) => r[k] ?? null));
        const list = groups.get(g);
        if (list) list.push(i);
        else groups.set(g, [i]);
      });
      for (const parts of groups.values()) {
        const ti = totalRow(p, st.rows[parts[0]!]!, total);
        if (ti === undefined) continue;
        const cells = parts.filter((i) => !(total === st && i === ti)).map((i) => ({ t: name, row: i, col: p.count, coef: 1 }));
        cells.push({ t: p.total.table, row: ti, col: p.total.count, coef: -1 });
        out.push({ cells });
      }
    }
  }
  return out;
}

function secondary(states: Map<string, TableState>, opts: ProtectOptions): void {
  const m = opts.minCell;
  const rels = relations(states);
  const num = numberCells(rels, states);
  const relsOf = new Map<string, number[]>(); // row id → relations it takes part in
  const rowId = (t: string, row: number): string => `${t}${SEP}${row}`;
  rels.forEach((r, j) => {
    for (const c of r.cells) {
      const id = rowId(c.t, c.row);
      const list = relsOf.get(id);
      if (list) list.push(j);
      else relsOf.set(id, [j]);
    }
  });
  const st = (t: string): TableState => states.get(t)!;
  const value = (t: string, row: number, col: string): number => {
    const v = st(t).rows[row]![col];
    return typeof v === 'number' ? v : 0;
  };
  const cost = (t: string, row: number, col: string): number => {
    const s = st(t);
    const r = s.rows[row]!;
    let c = value(t, row, col);
    if (c === 0) c += ZERO_COST;
    const focus = opts.focus !== undefined && PLACE_COLUMNS.some((k) => s.schema.key.includes(k) && r[k] === opts.focus);
    if (focus && (!('group' in r) || r.group === 'ai')) c += FOCUS_COST;
    return c;
  };
  /** Whether relation j is the only one row `row` of table t takes part in. */
  const onlyIn = (t: string, row: number, j: number): boolean => (relsOf.get(rowId(t, row)) ?? []).every((k) => k === j);
  /** Withhold the cheapest published row of relation j; false when every row is withheld. */
  const addOne = (j: number): boolean => {
    let best: { t: string; row: number; cost: number } | undefined;
    for (const c of rels[j]!.cells) {
      if (st(c.t).suppressed[c.row]) continue;
      const k = cost(c.t, c.row, c.col);
      if (!best || k < best.cost || (k === best.cost && (c.t < best.t || (c.t === best.t && c.row < best.row)))) best = { t: c.t, row: c.row, cost: k };
    }
    if (!best) return false;
    st(best.t).suppressed[best.row] = true;
    return true;
  };

  for (let round = 0; round < 10_000; round++) {
    // a withheld count pinned to one value (other than 0: nobody) needs another withheld cell in one of its relations
    let changed = false;
    const touched = new Set<number>(); // one complement per relation and round: it may free several pinned cells
    for (const [t, row] of propagate(num, m)) {
      const js = relsOf.get(rowId(t, row)) ?? [];
      if (js.some((j) => touched.has(j))) continue;
      // the relation whose cheapest published cell is cheapest
      let bestJ = -1;
      let bestCost = Infinity;
      for (const j of js) {
        for (const c of rels[j]!.cells) {
          if (st(c.t).suppressed[c.row]) continue;
          const k = cost(c.t, c.row, c.col);
          if (k < bestCost) { bestCost = k; bestJ = j; }
        }
      }
      if (bestJ >= 0 && addOne(bestJ)) {
        changed = true;
        touched.add(bestJ);
      } else if (bestJ < 0) {
        // every cell of its relations withheld: what pins it is that the parts exist (each at least 1); leave them out
        for (const j of relsOf.get(rowId(t, row)) ?? []) {
          if (rels[j]!.cells.some((c) => st(c.t).omitted[c.row])) continue;
          for (const c of rels[j]!.cells) if (c.coef > 0 && onlyIn(c.t, c.row, j)) { st(c.t).omitted[c.row] = true; changed = true; }
        }
      }
    }
    if (!changed) return;
  }
  throw new Error('contract: secondary suppression did not settle in 10,000 rounds');
}

/**
 * The relations with their cells numbered once (a cell: one count of one row), so that
 * {@link propagate}, run again every round of {@link secondary}, works on arrays rather
 * than on string keys. A cell's published value does not change while suppression is
 * chosen (rows are blanked only afterwards), so it is read once.
 */
interface Numbered {
  /** Per relation: its cells' numbers and coefficients, in the relation's order. */
  rels: { cells: Int32Array; coefs: Float64Array }[];
  /** Per cell: its table's state, table name, row, published value (NaN when blank) and whether it is a small primary count (1 … minCell − 1). */
  st: TableState[];
  t: string[];
  row: Int32Array;
  value: Float64Array;
  small: Uint8Array;
  /** Per cell: the number of its (table, row), for the rows {@link propagate} returns. */
  rowRef: Int32Array;
  /** Per (table, row) number: table and row. */
  rows: [string, number][];
}

function numberCells(rels: Relation[], states: Map<string, TableState>): Numbered {
  // per table: the number of each (row, count column) cell and of each row, -1 until seen
  const cellOf = new Map<string, Map<string, Int32Array>>();
  const rowOf = new Map<string, Int32Array>();
  const st: TableState[] = [], t: string[] = [], row: number[] = [], value: number[] = [], small: number[] = [], rowRef: number[] = [];
  const rows: [string, number][] = [];
  const out = rels.map((r) => {
    const cells = new Int32Array(r.cells.length);
    const coefs = new Float64Array(r.cells.length);
    r.cells.forEach((c, b) => {
      const s = states.get(c.t)!;
      let byCol = cellOf.get(c.t);
      if (!byCol) cellOf.set(c.t, (byCol = new Map()));
      let numbers = byCol.get(c.col);
      if (!numbers) byCol.set(c.col, (numbers = new Int32Array(s.rows.length).fill(-1)));
      let k = numbers[c.row]!;
      if (k < 0) {
        k = numbers[c.row] = st.length;
        let rowNumbers = rowOf.get(c.t);
        if (!rowNumbers) rowOf.set(c.t, (rowNumbers = new Int32Array(s.rows.length).fill(-1)));
        let ri = rowNumbers[c.row]!;
        if (ri < 0) {
          ri = rowNumbers[c.row] = rows.length;
          rows.push([c.t, c.row]);
        }
        const v = s.rows[c.row]![c.col];
        st.push(s); t.push(c.t); row.push(c.row); value.push(typeof v === 'number' ? v : NaN);
        small.push(s.primary[c.row] && s.smallBounds ? 1 : 0); rowRef.push(ri);
      }
      cells[b] = k;
      coefs[b] = c.coef;
    });
    return { cells, coefs };
  });
  return {
    rels: out, st, t, row: Int32Array.from(row), value: Float64Array.from(value), small: Uint8Array.from(small), rowRef: Int32Array.from(rowRef), rows,
  };
}

/**
 * Interval propagation over the relations: each withheld count's range given the
 * published figures and the other withheld counts' ranges, to a fixed point (at most 50
 * passes over the relations, in their order). Returns the rows holding a count pinned to
 * one value (or an empty range).
 */
function propagate(num: Numbered, m: number): [string, number][] {
  const n = num.st.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const seen = new Uint8Array(n);
  const withheld: number[] = [];
  // linear forms over withheld cells: Σ coef·x = rhs, flat: form f holds ids[start[f] .. start[f + 1])
  const ids: number[] = [];
  const coefs: number[] = [];
  const start: number[] = [0];
  const rhsOf: number[] = [];
  for (const r of num.rels) {
    let omitted = false;
    for (let b = 0; b < r.cells.length; b++) {
      const k = r.cells[b]!;
      if (num.st[k]!.omitted[num.row[k]!]) { omitted = true; break; }
    }
    if (omitted) continue; // a part left out: the relation is no longer published
    const mark = ids.length;
    let rhs = 0;
    let blankPublished = false;
    for (let b = 0; b < r.cells.length; b++) {
      const k = r.cells[b]!;
      const c = r.coefs[b]!;
      if (num.st[k]!.suppressed[num.row[k]!]) {
        if (!seen[k]) {
          seen[k] = 1;
          withheld.push(k);
          lo[k] = num.small[k] ? 1 : 0;
          hi[k] = num.small[k] ? m - 1 : Infinity;
        }
        ids.push(k);
        coefs.push(c);
      } else {
        const v = num.value[k]!;
        if (Number.isNaN(v)) blankPublished = true;
        else rhs -= c * v;
      }
    }
    if (ids.length > mark && !blankPublished) {
      start.push(ids.length);
      rhsOf.push(rhs);
    } else {
      ids.length = mark;
      coefs.length = mark;
    }
  }
  let width = 0;
  for (let f = 0; f + 1 < start.length; f++) width = Math.max(width, start[f + 1]! - start[f]!);
  const endMin = new Float64Array(width);
  const endMax = new Float64Array(width);
  for (let pass = 0; pass < 50; pass++) {
    let changed = false;
    for (let f = 0; f + 1 < start.length; f++) {
      const s0 = start[f]!, s1 = start[f + 1]!, rhs = rhsOf[f]!;
      // range of Σ coef·x over all cells: finite parts and how many infinite ends
      let sMin = 0, sMax = 0, infMin = 0, infMax = 0;
      for (let b = s0; b < s1; b++) {
        const k = ids[b]!, c = coefs[b]!;
        const l = lo[k]!, h = hi[k]!;
        const mn = c > 0 ? c * l : c * h;
        const mx = c > 0 ? c * h : c * l;
        if (Number.isFinite(mn)) sMin += mn; else infMin++;
        if (Number.isFinite(mx)) sMax += mx; else infMax++;
        endMin[b - s0] = mn;
        endMax[b - s0] = mx;
      }
      for (let a = s0; a < s1; a++) {
        // coef_a·x_a = rhs − Σ_{b≠a} coef_b·x_b
        const mn = endMin[a - s0]!, mx = endMax[a - s0]!;
        const oMin = Number.isFinite(mn) ? (infMin ? -Infinity : sMin - mn) : infMin > 1 ? -Infinity : sMin;
        const oMax = Number.isFinite(mx) ? (infMax ? Infinity : sMax - mx) : infMax > 1 ? Infinity : sMax;
        const c = coefs[a]!;
        const nl = c > 0 ? (rhs - oMax) / c : (rhs - oMin) / c;
        const nh = c > 0 ? (rhs - oMin) / c : (rhs - oMax) / c;
        const k = ids[a]!;
        const l = Number.isFinite(nl) ? Math.ceil(nl - 1e-9) : -Infinity;
        const h = Number.isFinite(nh) ? Math.floor(nh + 1e-9) : Infinity;
        if (l > lo[k]!) { lo[k] = l; changed = true; }
        if (h < hi[k]!) { hi[k] = h; changed = true; }
      }
    }
    if (!changed) break;
  }
  const pinned = new Set<number>();
  for (const k of withheld) {
    const l = lo[k]!, h = hi[k]!;
    if (h > l || (h === 0 && l === 0)) continue;
    pinned.add(num.rowRef[k]!);
  }
  return [...pinned].map((r) => num.rows[r]!).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
}

/** Rows of a schema that `follows` other tables are withheld when a matching row there is. */
function follow(states: Map<string, TableState>, schemaOf: (name: string) => TableSchema | undefined): void {
  for (const st of states.values()) {
    for (const f of st.schema.follows ?? []) {
      const other = states.get(f.table);
      if (!other || !schemaOf(f.table)) continue;
      const hit = new Set<string>();
      other.rows.forEach((r, i) => {
        if (other.suppressed[i] && Object.entries(f.where ?? {}).every(([k, v]) => r[k] === v)) hit.add(keyString(f.on.map((k) => r[k] ?? null)));
      });
      st.rows.forEach((r, i) => {
        if (!st.suppressed[i] && hit.has(keyString(f.on.map((k) => r[k] ?? null)))) st.suppressed[i] = true;
      });
    }
  }
}
