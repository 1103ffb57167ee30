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
    for (const [t, row] of propagate(rels, states, m)) {
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
 * Interval propagation over the relations: each withheld count's range given the
 * published figures and the other withheld counts' ranges, to a fixed point. Returns
 * the rows holding a count pinned to one value (or an empty range).
 */
function propagate(rels: Relation[], states: Map<string, TableState>, m: number): [string, number][] {
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  const id = (t: string, row: number, col: string): string => `${t}${SEP}${row}${SEP}${col}`;
  // linear forms over withheld cells: Σ coef·x = rhs
  const forms: { ids: string[]; coefs: number[]; rhs: number }[] = [];
  for (const r of rels) {
    if (r.cells.some((c) => states.get(c.t)!.omitted[c.row])) continue; // a part left out: the relation is no longer published
    const ids: string[] = [];
    const coefs: number[] = [];
    let rhs = 0;
    let blankPublished = false;
    for (const c of r.cells) {
      const s = states.get(c.t)!;
      if (s.suppressed[c.row]) {
        const k = id(c.t, c.row, c.col);
        if (!lo.has(k)) {
          const small = s.primary[c.row] && s.smallBounds;
          lo.set(k, small ? 1 : 0);
          hi.set(k, small ? m - 1 : Infinity);
        }
        ids.push(k);
        coefs.push(c.coef);
      } else {
        const v = s.rows[c.row]![c.col];
        if (typeof v !== 'number') blankPublished = true;
        else rhs -= c.coef * v;
      }
    }
    if (ids.length && !blankPublished) forms.push({ ids, coefs, rhs });
  }
  for (let pass = 0; pass < 50; pass++) {
    let changed = false;
    for (const f of forms) {
      // range of Σ coef·x over all cells: finite parts and how many infinite ends
      let sMin = 0, sMax = 0, infMin = 0, infMax = 0;
      const ends = f.ids.map((k, b) => {
        const l = lo.get(k)!, h = hi.get(k)!, c = f.coefs[b]!;
        const mn = c > 0 ? c * l : c * h;
        const mx = c > 0 ? c * h : c * l;
        if (Number.isFinite(mn)) sMin += mn; else infMin++;
        if (Number.isFinite(mx)) sMax += mx; else infMax++;
        return [mn, mx] as const;
      });
      for (let a = 0; a < f.ids.length; a++) {
        // coef_a·x_a = rhs − Σ_{b≠a} coef_b·x_b
        const [mn, mx] = ends[a]!;
        const oMin = Number.isFinite(mn) ? (infMin ? -Infinity : sMin - mn) : infMin > 1 ? -Infinity : sMin;
        const oMax = Number.isFinite(mx) ? (infMax ? Infinity : sMax - mx) : infMax > 1 ? Infinity : sMax;
        const c = f.coefs[a]!;
        const nl = c > 0 ? (f.rhs - oMax) / c : (f.rhs - oMin) / c;
        const nh = c > 0 ? (f.rhs - oMin) / c : (f.rhs - oMax) / c;
        const k = f.ids[a]!;
        const l = Number.isFinite(nl) ? Math.ceil(nl - 1e-9) : -Infinity;
        const h = Number.isFinite(nh) ? Math.floor(nh + 1e-9) : Infinity;
        if (l > lo.get(k)!) { lo.set(k, l); changed = true; }
        if (h < hi.get(k)!) { hi.set(k, h); changed = true; }
      }
    }
    if (!changed) break;
  }
  const rows = new Map<string, [string, number]>();
  for (const [k, l] of lo) {
    const h = hi.get(k)!;
    if (h > l || (h === 0 && l === 0)) continue;
    const [t, row] = k.split(SEP);
    rows.set(`${t}${SEP}${row}`, [t!, Number(row)]);
  }
  return [...rows.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
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
