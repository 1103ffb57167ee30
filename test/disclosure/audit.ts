/**
 * An attacker's audit of an output folder's disclosure control, written independently of
 * the suppression code: it imports nothing from src/ and knows the tables only as CSV
 * files. It derives the additive relations between published figures from the files
 * themselves (a candidate relation — categories of a dimension summing to the headcount,
 * destinations to the total abroad, bilateral moves to a country's outflow and inflow,
 * seniority levels to a country's premium sample, years to a pooled row, groups to a
 * total — is used as an equality only when every instance the files publish in full
 * satisfies it, as an inequality when they satisfy that, and dropped otherwise), then, for
 * every suppressed count, minimises and maximises it by linear programming (HiGHS) subject
 * to every published figure, those relations, non-negativity, n_ai ≤ n within a
 * regression row, and primary cells (rows of a one-count table suppressed by the
 * threshold) in [1, minCell − 1]. A withheld total with no part row at all has its
 * breakdown left out, not zero. A suppressed count is *determined* when the interval
 * holds a single integer; a suppressed weighted twin when its interval is a point.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import highsModule from 'highs';

// highs declares its types as CommonJS; under `import` Node loads its ES module, whose default is the loader
const loadHighs: typeof highsModule.default = typeof highsModule === 'function' ? highsModule : highsModule.default;

/** A CSV table read as text cells. */
export interface CsvTable {
  columns: string[];
  rows: Record<string, string>[];
}

/** Read a CSV file (RFC 4180 quoting) into text cells. */
export function readCsv(path: string): CsvTable {
  const text = readFileSync(path, 'utf8');
  const records: string[][] = [];
  let field = '';
  let rec: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { rec.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      rec.push(field); field = '';
      records.push(rec); rec = [];
    } else field += ch;
  }
  if (field !== '' || rec.length) { rec.push(field); records.push(rec); }
  const [header, ...body] = records;
  const columns = header ?? [];
  return { columns, rows: body.map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j] ?? '']))) };
}

/** One term of a relation: a cell (table, row, column) with a coefficient. */
interface Term { table: string; row: number; col: string; coef: number }
/** Σ coef·cell = 0 ('eq') or ≤ 0 ('le'). */
interface Relation { family: string; kind: 'eq' | 'le'; terms: Term[] }

/** A suppressed cell whose interval holds a single value. */
export interface Determined {
  table: string;
  key: string;
  column: string;
  value: number;
  /** The kind of the cell: a person count or a weighted twin. */
  weighted: boolean;
  primary: boolean;
}

/** What the audit found. */
export interface AuditResult {
  /** Suppressed cells examined (counts and weighted twins). */
  cells: number;
  /** Suppressed cells pinned to one value other than 0 (a failure). */
  determined: Determined[];
  /** Suppressed cells pinned to 0: they reveal that nobody is there, no person (listed, not a failure). */
  zeros: Determined[];
  /** Relation families found in the files and how each was used. */
  families: Record<string, 'eq' | 'le' | 'part_le_total' | 'dropped' | 'unseen'>;
  /** Components whose linear program was infeasible even with its equalities relaxed to ≤: a failure. */
  infeasible: string[];
  /** Components whose equalities the files contradict, audited with parts ≤ total instead (listed, not a failure). */
  relaxed: string[];
  /** Components of weighted twins whose published sums contradict even parts ≤ total: not audited (listed, not a failure). */
  inconsistent: string[];
  /** Linear programs solved. */
  lps: number;
}

/** Options of {@link audit}. */
export interface AuditOptions {
  minCell: number;
  /**
   * Which suppressed rows were withheld by the threshold itself: `table|key` strings
   * (key = the row's key cells joined by `|`). Default: every suppressed row is primary
   * (an output protected by primary suppression only).
   */
  primary?: ReadonlySet<string>;
}

/** Key columns and count columns of each table the audit knows, by file name. */
const TABLES: Record<string, { key: string[]; counts: string[]; weighted: Record<string, string> }> = {
  headcount: { key: ['country', 'year', 'group'], counts: ['persons'], weighted: { persons: 'persons_weighted' } },
  composition: { key: ['country', 'year', 'group', 'dimension', 'category'], counts: ['persons'], weighted: { persons: 'persons_weighted' } },
  abroad: { key: ['origin', 'destination', 'year', 'group'], counts: ['persons'], weighted: { persons: 'persons_weighted' } },
  abroad_share: { key: ['origin', 'year', 'group'], counts: ['persons', 'persons_abroad'], weighted: { persons: 'persons_weighted', persons_abroad: 'persons_abroad_weighted' } },
  flows: { key: ['country', 'year', 'group'], counts: ['inflow', 'outflow'], weighted: { inflow: 'inflow_weighted', outflow: 'outflow_weighted' } },
  bilateral_flows: { key: ['origin', 'destination', 'year', 'group'], counts: ['moves'], weighted: {} },
  premium: { key: ['country', 'year', 'skill'], counts: ['n', 'n_ai'], weighted: {} },
  premium_by_seniority: { key: ['country', 'year', 'seniority'], counts: ['n', 'n_ai'], weighted: {} },
  premium_new_hires: { key: ['country', 'year'], counts: ['n', 'n_ai'], weighted: {} },
  abroad_gap: { key: ['origin', 'year'], counts: ['n', 'n_ai'], weighted: {} },
  decomposition: { key: ['country', 'year', 'component'], counts: ['n', 'n_ai'], weighted: {} },
};

const keyOf = (t: string, r: Record<string, string>): string => TABLES[t]!.key.map((k) => r[k]).join('|');

/**
 * Candidate relation families: parts of a table grouped by `group(row)` summing to the
 * total found by `total(groupKey)` (a table, a row index and a column), or nothing when
 * the total is not published as a row.
 */
interface Family {
  name: string;
  partTable: string;
  partCol: string;
  /** Group key of a part row, or undefined when the row is not a part. */
  group: (r: Record<string, string>) => string | undefined;
  totalTable: string;
  totalCol: string;
  /** Group key of a total row, or undefined when the row is not a total. */
  totalGroup: (r: Record<string, string>) => string | undefined;
  /**
   * Regression tables: the column whose values are the parts. A regression row is absent
   * when its model cannot be fitted, though its people still count in the total; an
   * instance lacking one of the values seen anywhere is therefore only parts ≤ total.
   */
  over?: string;
}

function families(present: Set<string>, cols: (t: string) => string[]): Family[] {
  const out: Family[] = [];
  const add = (f: Family): void => {
    if (present.has(f.partTable) && present.has(f.totalTable) && cols(f.partTable).includes(f.partCol) && cols(f.totalTable).includes(f.totalCol)) out.push(f);
  };
  const twin = (t: string, c: string): string | undefined => TABLES[t]!.weighted[c];
  const both = (f: Family): void => {
    add(f);
    const pw = twin(f.partTable, f.partCol);
    const tw = twin(f.totalTable, f.totalCol);
    if (pw && tw) add({ ...f, name: `${f.name} (weighted)`, partCol: pw, totalCol: tw });
  };
  // categories of a composition dimension → headcount, one family per dimension
  const dims = new Set((present.has('composition') ? readCache.get('composition')!.rows : []).map((r) => r.dimension!));
  for (const d of [...dims].sort()) {
    both({
      name: `composition ${d} categories → headcount`, partTable: 'composition', partCol: 'persons',
      group: (r) => (r.dimension === d ? [r.country, r.year, r.group].join('|') : undefined),
      totalTable: 'headcount', totalCol: 'persons', totalGroup: (r) => [r.country, r.year, r.group].join('|'),
    });
  }
  both({
    name: 'abroad destinations → abroad_share persons_abroad', partTable: 'abroad', partCol: 'persons',
    group: (r) => [r.origin, r.year, r.group].join('|'),
    totalTable: 'abroad_share', totalCol: 'persons_abroad', totalGroup: (r) => [r.origin, r.year, r.group].join('|'),
  });
  for (const [side, own, col] of [['outflow', 'origin', 'outflow'], ['inflow', 'destination', 'inflow']] as const) {
    add({
      name: `bilateral moves → flows ${side}`, partTable: 'bilateral_flows', partCol: 'moves',
      group: (r) => [r[own], r.year, r.group].join('|'),
      totalTable: 'flows', totalCol: col, totalGroup: (r) => [r.country, r.year, r.group].join('|'),
    });
    for (const w of ['moves_weighted', 'moves_weighted_origin', 'moves_weighted_destination']) {
      add({
        name: `bilateral ${w} → flows ${col}_weighted`, partTable: 'bilateral_flows', partCol: w,
        group: (r) => [r[own], r.year, r.group].join('|'),
        totalTable: 'flows', totalCol: `${col}_weighted`, totalGroup: (r) => [r.country, r.year, r.group].join('|'),
      });
    }
  }
  for (const c of ['n', 'n_ai']) {
    add({
      name: `premium_by_seniority levels ${c} → premium skill all`, partTable: 'premium_by_seniority', partCol: c, over: 'seniority',
      group: (r) => [r.country, r.year].join('|'),
      totalTable: 'premium', totalCol: c, totalGroup: (r) => (r.skill === 'all' ? [r.country, r.year].join('|') : undefined),
    });
    for (const [t, by] of [['premium', 'skill'], ['premium_by_seniority', 'seniority'], ['premium_new_hires', ''], ['abroad_gap', '']] as const) {
      const place = t === 'abroad_gap' ? 'origin' : 'country';
      add({
        name: `${t} years ${c} → pooled`, partTable: t, partCol: c, over: 'year',
        group: (r) => (r.year !== 'pooled' ? [r[place], by ? r[by] : ''].join('|') : undefined),
        totalTable: t, totalCol: c, totalGroup: (r) => (r.year === 'pooled' ? [r[place], by ? r[by] : ''].join('|') : undefined),
      });
    }
  }
  // groups of abroad_share → the abroad gap's sample (n: both groups; n_ai: the AI group)
  both({
    name: 'abroad_share groups persons → abroad_gap n', partTable: 'abroad_share', partCol: 'persons',
    group: (r) => [r.origin, r.year].join('|'),
    totalTable: 'abroad_gap', totalCol: 'n', totalGroup: (r) => [r.origin, r.year].join('|'),
  });
  add({
    name: 'abroad_share ai persons → abroad_gap n_ai', partTable: 'abroad_share', partCol: 'persons',
    group: (r) => (r.group === 'ai' ? [r.origin, r.year].join('|') : undefined),
    totalTable: 'abroad_gap', totalCol: 'n_ai', totalGroup: (r) => [r.origin, r.year].join('|'),
  });
  // groups ai + non_ai of a table → a total row `all` where one is published
  for (const t of ['headcount', 'flows', 'abroad_share']) {
    for (const c of TABLES[t]!.counts) {
      const place = t === 'abroad_share' ? 'origin' : 'country';
      both({
        name: `${t} groups ${c} → group all`, partTable: t, partCol: c,
        group: (r) => (r.group !== 'all' ? [r[place], r.year].join('|') : undefined),
        totalTable: t, totalCol: c, totalGroup: (r) => (r.group === 'all' ? [r[place], r.year].join('|') : undefined),
      });
    }
  }
  // rows of one sample: each component of a decomposition has the n and n_ai of its `total` row
  for (const c of ['n', 'n_ai']) {
    const comps = new Set((present.has('decomposition') ? readCache.get('decomposition')!.rows : []).map((r) => r.component!));
    for (const k of [...comps].filter((x) => x !== 'total').sort()) {
      add({
        name: `decomposition ${k} ${c} = total`, partTable: 'decomposition', partCol: c,
        group: (r) => (r.component === k ? [r.country, r.year].join('|') : undefined),
        totalTable: 'decomposition', totalCol: c, totalGroup: (r) => (r.component === 'total' ? [r.country, r.year].join('|') : undefined),
      });
    }
  }
  return out;
}

const readCache = new Map<string, CsvTable>();

/** Audit the output folder `dir`. */
export async function audit(dir: string, opts: AuditOptions): Promise<AuditResult> {
  readCache.clear();
  for (const t of Object.keys(TABLES)) {
    const p = join(dir, `${t}.csv`);
    if (existsSync(p)) readCache.set(t, readCsv(p));
  }
  const present = new Set(readCache.keys());
  const tab = (t: string): CsvTable => readCache.get(t)!;
  const m = opts.minCell;
  const isSuppressed = (t: string, i: number): boolean => tab(t).rows[i]!.suppressed === 'true';
  const isPrimary = (t: string, i: number): boolean =>
    isSuppressed(t, i) && (opts.primary ? opts.primary.has(`${t}|${keyOf(t, tab(t).rows[i]!)}`) : true);
  const cellValue = (t: string, i: number, c: string): number | undefined => {
    const v = tab(t).rows[i]![c];
    return v === undefined || v === '' ? undefined : Number(v);
  };

  const relations: Relation[] = [];
  const familyStatus: AuditResult['families'] = {};
  for (const f of families(present, (t) => tab(t).columns)) {
    const parts = new Map<string, number[]>();
    tab(f.partTable).rows.forEach((r, i) => {
      const g = f.group(r);
      if (g !== undefined) parts.set(g, [...(parts.get(g) ?? []), i]);
    });
    const totals = new Map<string, number>();
    tab(f.totalTable).rows.forEach((r, i) => {
      const g = f.totalGroup(r);
      if (g !== undefined) totals.set(g, i);
    });
    // evidence from instances published in full
    let seen = 0, eq = 0, le = 0, partLe = 0;
    const instances: { total: number; parts: number[]; complete: boolean }[] = [];
    const overValues = new Set<string>();
    if (f.over) for (const is of parts.values()) for (const i of is) overValues.add(tab(f.partTable).rows[i]![f.over]!);
    for (const [g, ti] of totals) {
      const ps = (parts.get(g) ?? []).filter((i) => !(f.partTable === f.totalTable && i === ti));
      // a withheld total without a single part: its breakdown is not published (left out), not zero
      if (!ps.length && tab(f.totalTable).rows[ti]!.suppressed === 'true') continue;
      const complete = !f.over || ps.length === overValues.size;
      instances.push({ total: ti, parts: ps, complete });
      const tv = cellValue(f.totalTable, ti, f.totalCol);
      const pv = ps.map((i) => cellValue(f.partTable, i, f.partCol));
      if (tv === undefined) continue;
      if (pv.some((v) => v === undefined)) {
        // partly published: the published parts alone may already exceed the total
        const known = pv.filter((v): v is number => v !== undefined);
        if (known.reduce((a, b) => a + b, 0) > tv * (1 + 1e-9) + 1e-9) { seen++; if (known.every((v) => v <= tv * (1 + 1e-9) + 1e-9)) partLe++; }
        continue;
      }
      const sum = (pv as number[]).reduce((a, b) => a + b, 0);
      const tol = 1e-7 * Math.max(1, Math.abs(tv));
      seen++;
      if (Math.abs(sum - tv) <= tol || !complete) eq++; // an incomplete instance is no evidence against equality
      if (sum <= tv + tol) le++;
      if ((pv as number[]).every((v) => v <= tv + tol)) partLe++;
    }
    const status = seen === 0 ? 'unseen' : eq === seen ? 'eq' : le === seen ? 'le' : partLe === seen ? 'part_le_total' : 'dropped';
    familyStatus[f.name] = status;
    if (status === 'dropped') continue;
    for (const inst of instances) {
      const total: Term = { table: f.totalTable, row: inst.total, col: f.totalCol, coef: -1 };
      const ps: Term[] = inst.parts.map((i) => ({ table: f.partTable, row: i, col: f.partCol, coef: 1 }));
      if (status === 'part_le_total') for (const p of ps) relations.push({ family: f.name, kind: 'le', terms: [p, total] });
      else relations.push({ family: f.name, kind: status === 'le' || !inst.complete ? 'le' : 'eq', terms: [...ps, total] });
    }
  }
  // within a row: n_ai ≤ n, persons_abroad ≤ persons
  for (const [t, a, b] of [['premium', 'n_ai', 'n'], ['premium_by_seniority', 'n_ai', 'n'], ['premium_new_hires', 'n_ai', 'n'], ['abroad_gap', 'n_ai', 'n'], ['decomposition', 'n_ai', 'n'], ['abroad_share', 'persons_abroad', 'persons']] as const) {
    if (!present.has(t)) continue;
    tab(t).rows.forEach((_, i) => {
      if (isSuppressed(t, i)) relations.push({ family: `${t} ${a} ≤ ${b}`, kind: 'le', terms: [{ table: t, row: i, col: a, coef: 1 }, { table: t, row: i, col: b, coef: -1 }] });
    });
  }

  // variables: the blank count and weighted cells of suppressed rows
  const varId = new Map<string, number>();
  const vars: { table: string; row: number; col: string; weighted: boolean; lo: number; hi: number; primary: boolean }[] = [];
  const idOf = (t: Term): number | undefined => {
    const k = `${t.table}#${t.row}#${t.col}`;
    const got = varId.get(k);
    if (got !== undefined) return got;
    if (!isSuppressed(t.table, t.row) || cellValue(t.table, t.row, t.col) !== undefined) return undefined;
    const spec = TABLES[t.table]!;
    const weighted = !spec.counts.includes(t.col);
    const primary = isPrimary(t.table, t.row);
    // a primary row of a one-count table: that count is 1 … minCell − 1
    const small = primary && !weighted && spec.counts.length === 1;
    vars.push({ table: t.table, row: t.row, col: t.col, weighted, lo: small ? 1 : 0, hi: small ? m - 1 : Infinity, primary });
    varId.set(k, vars.length - 1);
    return vars.length - 1;
  };
  /** Σ coefs·x (= or ≤) rhs; `scale`: the published figures folded into rhs (their rounding sets the tolerance of weighted sums). */
  interface Lin { kind: 'eq' | 'le'; coefs: Map<number, number>; rhs: number; family: string; scale: number }
  const lins: Lin[] = [];
  for (const r of relations) {
    const coefs = new Map<number, number>();
    let rhs = 0;
    let scale = 0;
    for (const t of r.terms) {
      const id = idOf(t);
      if (id === undefined) {
        const v = cellValue(t.table, t.row, t.col);
        if (v === undefined) { coefs.clear(); rhs = NaN; break; } // a blank cell of a published row: not a relation
        rhs -= t.coef * v;
        scale += Math.abs(v);
      } else coefs.set(id, (coefs.get(id) ?? 0) + t.coef);
    }
    if (!coefs.size || Number.isNaN(rhs)) continue;
    lins.push({ kind: r.kind, coefs, rhs, family: r.family, scale });
  }

  // components of variables linked by relations
  const parent = vars.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const l of lins) {
    const ids = [...l.coefs.keys()];
    for (const id of ids.slice(1)) parent[find(id)] = find(ids[0]!);
  }
  const comps = new Map<number, { vars: number[]; lins: Lin[] }>();
  vars.forEach((_, i) => {
    const c = find(i);
    if (!comps.has(c)) comps.set(c, { vars: [], lins: [] });
    comps.get(c)!.vars.push(i);
  });
  for (const l of lins) comps.get(find([...l.coefs.keys()][0]!))!.lins.push(l);

  const highs = await loadHighs();
  const result: AuditResult = { cells: vars.length, determined: [], zeros: [], families: familyStatus, infeasible: [], relaxed: [], inconsistent: [], lps: 0 };
  const name = (i: number): string => `x${i}`;
  const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(17));
  for (const comp of comps.values()) {
    if (!comp.lins.length) continue; // a cell in no relation cannot be determined beyond its bounds
    // relaxed: the files contradict an equality here (a year or level not fitted still counts in its
    // pooled or country row; weighted sums rounded): equalities become parts ≤ total, tolerances wider
    const render = (relaxed: boolean): string => comp.lins.map((l, j) => {
      const lhs = [...l.coefs].map(([id, c]) => `${c >= 0 ? '+' : '-'} ${num(Math.abs(c))} ${name(id)}`).join(' ');
      const tol = [...l.coefs.keys()].some((v) => vars[v]!.weighted) ? (relaxed ? 1e-7 : 1e-9) * Math.max(1, l.scale) : 0;
      if (l.kind === 'le' || relaxed) return ` c${j}: ${lhs} <= ${num(l.rhs + tol)}`;
      if (tol === 0) return ` c${j}: ${lhs} = ${num(l.rhs)}`;
      return ` c${j}a: ${lhs} <= ${num(l.rhs + tol)}\n c${j}b: ${lhs} >= ${num(l.rhs - tol)}`;
    }).join('\n');
    let rows = render(false);
    const bounds = comp.vars.map((v) => {
      const x = vars[v]!;
      return x.hi === Infinity ? ` ${name(v)} >= ${x.lo}` : ` ${x.lo} <= ${name(v)} <= ${x.hi}`;
    }).join('\n');
    // values each variable took in the solutions found so far: two far enough apart prove it free without its own LPs
    const seen = new Map<number, { lo: number; hi: number }>();
    const free = (v: number): boolean => {
      const r = seen.get(v);
      if (!r) return false;
      return vars[v]!.weighted ? r.hi - r.lo > 1e-6 * Math.max(1, Math.abs(r.hi)) : Math.floor(r.hi + 1e-6) - Math.ceil(r.lo - 1e-6) >= 1;
    };
    let feasible = false;
    let lastStatus = '';
    const solve = (sense: 'Minimize' | 'Maximize', v: number): number | 'infeasible' => {
      result.lps++;
      const lp = `${sense}\n obj: ${name(v)}\nSubject To\n${rows}\nBounds\n${bounds}\nEnd\n`;
      const s = highs.solve(lp, { presolve: 'on' });
      // once the component is known feasible, HiGHS's 'Primal infeasible or unbounded' (presolve) is unbounded
      if (s.Status === 'Unbounded' || (feasible && s.Status === 'Primal infeasible or unbounded')) return sense === 'Maximize' ? Infinity : -Infinity;
      if (s.Status !== 'Optimal') { lastStatus = s.Status; return 'infeasible'; }
      for (const u of comp.vars) {
        const val = s.Columns[name(u)]?.Primal;
        if (val === undefined) continue;
        const r = seen.get(u);
        if (!r) seen.set(u, { lo: val, hi: val });
        else { r.lo = Math.min(r.lo, val); r.hi = Math.max(r.hi, val); }
      }
      return s.ObjectiveValue;
    };
    const where = (v: number): string => `${vars[v]!.table} ${keyOf(vars[v]!.table, tab(vars[v]!.table).rows[vars[v]!.row]!)} ${vars[v]!.col}: ${comp.lins.map((l) => l.family).filter((f, i, a) => a.indexOf(f) === i).join('; ')}`;
    if (solve('Minimize', comp.vars[0]!) === 'infeasible') {
      rows = render(true);
      if (solve('Minimize', comp.vars[0]!) === 'infeasible') {
        // weighted sums the files publish inconsistently (e.g. bilateral weighted moves and a
        // country's weighted flows use different weights): no exact relation to exploit
        if (comp.vars.every((v) => vars[v]!.weighted)) result.inconsistent.push(where(comp.vars[0]!));
        else result.infeasible.push(where(comp.vars[0]!));
        continue;
      }
      result.relaxed.push(where(comp.vars[0]!));
    }
    feasible = true;
    for (const v of comp.vars) {
      if (free(v)) continue;
      const x = vars[v]!;
      const lo = solve('Minimize', v);
      const hi = lo === 'infeasible' ? lo : solve('Maximize', v);
      if (lo === 'infeasible' || hi === 'infeasible') {
        // weighted twins only: HiGHS's numerical trouble with sums rounded to 12 digits, not a contradiction of counts
        (comp.vars.every((u) => vars[u]!.weighted) ? result.inconsistent : result.infeasible).push(`${where(v)} (${lastStatus})`);
        break;
      }
      const pinned = Number.isFinite(hi) && (x.weighted ? hi - lo <= 1e-6 * Math.max(1, Math.abs(hi)) : Math.floor(hi + 1e-6) === Math.ceil(lo - 1e-6));
      if (!pinned) continue;
      const d: Determined = { table: x.table, key: keyOf(x.table, tab(x.table).rows[x.row]!), column: x.col, value: x.weighted ? (lo + hi) / 2 : Math.round(lo), weighted: x.weighted, primary: x.primary };
      (Math.abs(d.value) < 1e-9 ? result.zeros : result.determined).push(d);
    }
  }
  return result;
}

/** The suppressed rows of an output folder (`table|key`), e.g. of a run protected by primary suppression only. */
export function primaryRows(dir: string): Set<string> {
  const out = new Set<string>();
  for (const t of Object.keys(TABLES)) {
    const p = join(dir, `${t}.csv`);
    if (!existsSync(p)) continue;
    for (const r of readCsv(p).rows) if (r.suppressed === 'true') out.add(`${t}|${keyOf(t, r)}`);
  }
  return out;
}
