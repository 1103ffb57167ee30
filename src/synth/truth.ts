/**
 * The truth of a synthetic world: exact values of the indicators of docs/methods.md,
 * computed by an implementation independent of the study (plain TypeScript over the rows
 * as written, including the mess), accumulated person by person into dense counters keyed
 * by country, year and group — memory does not grow with the number of users.
 *
 * Definitions applied (docs/methods.md): year-end stocks on 31 December; primary position =
 * active position with the latest startdate, ties by the larger position_id; moves between
 * consecutive positions ordered by (startdate, position_id), in the year of the new
 * position's start; origin = university_country of the earliest education record by
 * startdate (undated after dated, then education_number), else the first position's
 * country; AI = at least one distinct bok12 skill; missing weight = 1; a country's weighted
 * outflow weighs the positions left in it, its weighted inflow the positions taken in it. Dates `YYYY-MM`
 * are the first of the month. Rows the ingest rejects (unknown country, unparseable date,
 * end before start) are dropped first and counted in `expected_rejects`.
 */
import { AI_SKILLS, AI_SPELLINGS, COUNTRY_SPELLINGS, DEGREES, FIELDS, INDUSTRIES, ROLES, ROLE_K150_SUFFIX } from './params.ts';
import { parseDay as day, yearEnd, yearOfDay } from './dates.ts';

const skillMemo = new Map<string, number>();
/** Index in AI_SKILLS of the canonical AI skill of a skill text, or −1 (memoised). */
function aiSkillIndexOf(raw: string): number {
  let v = skillMemo.get(raw);
  if (v === undefined) {
    const k = AI_SPELLING_INDEX.get(normaliseSkillText(raw));
    v = k === undefined ? -1 : AI_SKILL_INDEX.get(k)!;
    if (skillMemo.size > 200_000) skillMemo.clear();
    skillMemo.set(raw, v);
  }
  return v;
}
const countryMemo = new Map<string, number>();
/** Country number (index in CODES) of a country text, or −1 when unknown (memoised). */
function countryIndexOf(text: string): number {
  let v = countryMemo.get(text);
  if (v === undefined) {
    const c = COUNTRY_TEXT_INDEX.get(text.toLowerCase());
    v = c === undefined ? -1 : CIDX.get(c)!;
    if (countryMemo.size > 200_000) countryMemo.clear();
    countryMemo.set(text, v);
  }
  return v;
}

/** Column order of the CSV files the world writes. */
export const COLUMNS = {
  individual_positions: ['user_id', 'position_id', 'position_number', 'startdate', 'enddate', 'country', 'rcid', 'company',
    'role_k50', 'role_k150', 'seniority', 'salary', 'weight', 'rics_k50', 'naics_code'],
  individual_user: ['user_id', 'user_country', 'highest_degree', 'sex_predicted'],
  individual_user_education: ['user_id', 'education_number', 'university_name', 'university_country', 'degree', 'field',
    'startdate', 'enddate'],
  individual_user_skills: ['user_id', 'skill_raw', 'first_reported'],
  company_mapping: ['rcid', 'company', 'hq_country', 'rics_k50', 'naics_code', 'ultimate_parent_rcid'],
} as const;

/** One person's rows as written (cells as strings, in COLUMNS order). */
export interface WrittenPerson {
  positions: string[][];
  education: string[][];
  skills: string[][];
  user: string[] | null;
  /** Hidden: the AI log-premium component of each position row (same order as `positions`). */
  aiLogPremium: number[];
}

/** A table of the truth: column names and rows. */
export interface TruthTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/** The truth.json document (see docs/synthetic-world.md). */
export interface Truth {
  schema: 'talentflow-synth-truth/1';
  generator: { seed: number; users: number; format: string; years: [number, number]; positions_per_user?: number; tenure_scale?: number };
  parameters: unknown;
  weights: { country_factor: Record<string, number>; role_coverage: Record<string, number>; resolution: number };
  expected_rejects: { table: string; column: string; reason: string; count: number }[];
  rows: Record<string, number>;
  users: { total: number; ai: number; non_ai: number };
  headcount: TruthTable;
  flows: TruthTable;
  bilateral_flows: TruthTable;
  abroad: TruthTable;
  abroad_share: TruthTable;
  mobility: TruthTable;
  composition: TruthTable;
  premium: TruthTable;
  premium_by_seniority: TruthTable;
}

/** Normalise skill text as docs/methods.md says (own implementation, not the study's). */
export function normaliseSkillText(s: string): string {
  let t = s.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
  const m = /^(.*\S)\s*\([^()\s]{1,8}\)$/.exec(t);
  if (m) t = m[1]!.trim();
  return t;
}

/** Every AI spelling the world writes, normalised → canonical bok12 skill. */
export const AI_SPELLING_INDEX: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const k of AI_SKILLS) {
    for (const [s] of AI_SPELLINGS[k].en) m.set(normaliseSkillText(s), k);
    for (const s of AI_SPELLINGS[k].ko) m.set(normaliseSkillText(s), k);
  }
  return m;
})();

/** Country text → alpha-2 for every spelling the world writes (names, variants, alpha-2, alpha-3). */
export const COUNTRY_TEXT_INDEX: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [a2, sp] of Object.entries(COUNTRY_SPELLINGS)) {
    for (const s of [a2, sp.alpha3, sp.name, ...sp.variants]) m.set(s.toLowerCase(), a2);
  }
  return m;
})();

const CODES = Object.keys(COUNTRY_SPELLINGS);
const NC = CODES.length;
const CIDX = new Map(CODES.map((c, i) => [c, i]));
const AI_SKILL_INDEX = new Map<string, number>(AI_SKILLS.map((k, i) => [k, i]));

const DIMS = {
  degree: [...Object.keys(DEGREES.wage), 'unknown'],
  field: [...new Set([...Object.keys(FIELDS.KR_AI), ...Object.keys(FIELDS.AI), ...Object.keys(FIELDS.NON_AI), 'General']), 'unknown'],
  industry: [...INDUSTRIES.map((x) => x.name), 'unknown'],
  role: [...ROLES.flatMap((r) => ROLE_K150_SUFFIX.map((s) => r.name + s)), 'unknown'],
  seniority: ['1', '2', '3', '4', '5', '6', '7', 'unknown'],
  skill: [...AI_SKILLS],
} as const;
type Dim = keyof typeof DIMS;
const DIM_NAMES = Object.keys(DIMS) as Dim[];
const DIM_INDEX = Object.fromEntries(DIM_NAMES.map((d) => [d, new Map(DIMS[d].map((c, i) => [c, i]))])) as Record<Dim, Map<string, number>>;

/** A valid position row of the person being added (reused objects: see `TruthAccumulator.add`). */
interface Pos {
  pid: number;
  start: number;
  end: number | null;
  c: number;
  w: number;
  /** A positive salary (the premium sample). */
  paid: boolean;
  /** Seniority level − 1, or −1 when missing. */
  sen: number;
  industry: number;
  role: number;
  seniority: number;
  startYear: number;
  /** Row number in the person's positions (its AI log-premium). */
  row: number;
}

/** Order of positions: (startdate, position_id). */
const byStartPid = (a: Pos, b: Pos): number => a.start - b.start || a.pid - b.pid;

interface EduRec {
  n: number;
  start: number | null;
  country: number;
  field: string;
}

/** Order of education records: dated first, by startdate, then education_number. */
function eduOrder(a: EduRec, b: EduRec): number {
  const ad = a.start === null ? 1 : 0;
  const bd = b.start === null ? 1 : 0;
  if (ad !== bd) return ad - bd;
  if (a.start !== null && b.start !== null && a.start !== b.start) return a.start - b.start;
  return a.n - b.n;
}
const byNumber = (a: EduRec, b: EduRec): number => a.n - b.n;

/** Seniority levels of premium_by_seniority: 1–7, then `unknown` (missing seniority). */
const SEN_LEVELS = 8;

function catIndex(dim: Dim, value: string): number {
  const i = DIM_INDEX[dim].get(value);
  if (i === undefined) throw new Error(`truth: unexpected ${dim} category "${value}"`);
  return i;
}
const colIndex = <T extends readonly string[]>(cols: T): Record<T[number], number> =>
  Object.fromEntries(cols.map((c, i) => [c, i])) as Record<T[number], number>;
const PC = colIndex(COLUMNS.individual_positions);
const EC = colIndex(COLUMNS.individual_user_education);
const UC = colIndex(COLUMNS.individual_user);

/**
 * The sums of a TruthAccumulator (one block of users), as plain data a worker thread can
 * post: the non-zero cells of its store, in store order (the arrays are transferable).
 * Parts are merged in block order, so the truth is the same whatever the number of threads.
 * Skipping zero cells changes no bit: no sum is ever −0, and x + 0 = x for any other x.
 */
export interface TruthPart {
  /** Offsets in the accumulator's store of the non-zero cells, ascending. */
  cells: Int32Array;
  /** The values of those cells. */
  values: Float64Array;
  rejects: [string, number][];
  rowCounts: Record<string, number>;
  users: { total: number; ai: number; non_ai: number };
}

if (AI_SKILLS.length > 30) throw new Error('truth: held AI skills are kept in a 31-bit mask');

/** Accumulates the truth person by person. */
export class TruthAccumulator {
  readonly y0: number;
  readonly y1: number;
  private readonly ny: number;
  /** Every sum lives in this one array; the named arrays below are views of it. */
  private readonly store: Float64Array;
  private readonly hc: Float64Array;
  private readonly hcW: Float64Array;
  private readonly moves: Float64Array;
  /** Moves weighted by the position left (origin side) and by the position taken (destination side). */
  private readonly movesWO: Float64Array;
  private readonly movesWD: Float64Array;
  private readonly jc: Float64Array;
  private readonly fjc: Float64Array;
  private readonly toBase: Float64Array;
  private readonly toMove: Float64Array;
  private readonly orig: Float64Array;
  private readonly origW: Float64Array;
  private readonly abr: Float64Array;
  private readonly abrW: Float64Array;
  private readonly comp: Record<Dim, { n: Float64Array; w: Float64Array }>;
  private readonly prem: { n: Float64Array; nai: Float64Array; sum: Float64Array };
  private readonly premSen: { n: Float64Array; nai: Float64Array; sum: Float64Array };
  private readonly premSkill: { n: Float64Array; sum: Float64Array };
  private readonly rejects = new Map<string, number>();
  private rowCounts: Record<string, number> = {
    individual_positions: 0, individual_user: 0, individual_user_education: 0, individual_user_skills: 0,
  };
  private users = { total: 0, ai: 0, non_ai: 0 };
  /** Day number of 31 December of each year y0 … y1. */
  private readonly yearEnds: number[];
  // Scratch of `add`, reused from person to person (it runs for every person of the world).
  private readonly posPool: Pos[] = [];
  private readonly pos: Pos[] = [];
  private readonly primary: Int32Array;
  private readonly startsIn: Uint8Array;
  /** Scratch of `take`. */
  private found: Int32Array | undefined;

  constructor(y0: number, y1: number) {
    this.y0 = y0;
    this.y1 = y1;
    const ny = (this.ny = y1 - y0 + 1);
    this.yearEnds = Array.from({ length: ny }, (_, i) => yearEnd(y0 + i));
    this.primary = new Int32Array(ny);
    this.startsIn = new Uint8Array(ny);
    const ctg = NC * ny * 2;
    const ct = NC * ny;
    // Sizes of the arrays, in the fixed order of the store.
    const sizes = [
      ctg, ctg, NC * ctg, NC * ctg, NC * ctg, ctg, ctg, ctg, ctg, ctg, ctg, NC * ctg, NC * ctg,
      ...DIM_NAMES.flatMap((d) => [ctg * DIMS[d].length, ctg * DIMS[d].length]),
      ct, ct, ct, ct * SEN_LEVELS, ct * SEN_LEVELS, ct * SEN_LEVELS, ct * AI_SKILLS.length, ct * AI_SKILLS.length,
    ];
    this.store = new Float64Array(sizes.reduce((x, y) => x + y, 0));
    let at = 0;
    const next = (): Float64Array => {
      const n = sizes.shift()!;
      const v = this.store.subarray(at, at + n);
      at += n;
      return v;
    };
    this.hc = next();
    this.hcW = next();
    this.moves = next();
    this.movesWO = next();
    this.movesWD = next();
    this.jc = next();
    this.fjc = next();
    this.toBase = next();
    this.toMove = next();
    this.orig = next();
    this.origW = next();
    this.abr = next();
    this.abrW = next();
    this.comp = Object.fromEntries(DIM_NAMES.map((d) => [d, { n: next(), w: next() }])) as TruthAccumulator['comp'];
    this.prem = { n: next(), nai: next(), sum: next() };
    this.premSen = { n: next(), nai: next(), sum: next() };
    this.premSkill = { n: next(), sum: next() };
  }

  /**
   * This accumulator's sums as transferable data (the non-zero cells), after which the
   * accumulator is empty again: a worker reuses one accumulator for all its blocks.
   */
  take(): TruthPart {
    const st = this.store;
    const found = (this.found ??= new Int32Array(st.length));
    let n = 0;
    for (let j = 0; j < st.length; j++) if (st[j] !== 0) found[n++] = j;
    const cells = found.slice(0, n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = st[cells[i]!]!;
      st[cells[i]!] = 0;
    }
    const part: TruthPart = { cells, values, rejects: [...this.rejects], rowCounts: this.rowCounts, users: this.users };
    this.rejects.clear();
    this.rowCounts = { individual_positions: 0, individual_user: 0, individual_user_education: 0, individual_user_skills: 0 };
    this.users = { total: 0, ai: 0, non_ai: 0 };
    return part;
  }

  /** Add the sums of another accumulator of the same years (a block of users). */
  merge(part: TruthPart): void {
    const st = this.store;
    const { cells, values } = part;
    if (cells.length !== values.length || (cells.length > 0 && cells[cells.length - 1]! >= st.length)) throw new Error('truth parts of different shapes');
    for (let i = 0; i < cells.length; i++) st[cells[i]!]! += values[i]!;
    for (const [k, v] of part.rejects) this.rejects.set(k, (this.rejects.get(k) ?? 0) + v);
    for (const [k, v] of Object.entries(part.rowCounts)) this.rowCounts[k] = (this.rowCounts[k] ?? 0) + v;
    this.users.total += part.users.total;
    this.users.ai += part.users.ai;
    this.users.non_ai += part.users.non_ai;
  }

  private reject(table: string, column: string, reason: string): void {
    const k = `${table}\u0000${column}\u0000${reason}`;
    this.rejects.set(k, (this.rejects.get(k) ?? 0) + 1);
  }

  /**
   * Add one person's written rows. Written for speed (it runs for every person): reused
   * scratch objects, the primary position of every year found in one pass over the
   * positions, no closures. Within a person every cell gets at most one addition per year
   * loop, and persons are added in order, so each cell's floating-point sum is formed in
   * the same order as by the plain definition.
   */
  add(p: WrittenPerson): void {
    this.rowCounts.individual_positions! += p.positions.length;
    this.rowCounts.individual_user_education! += p.education.length;
    this.rowCounts.individual_user_skills! += p.skills.length;
    if (p.user) this.rowCounts.individual_user! += 1;
    const pos = this.pos;
    pos.length = 0;
    for (let row = 0; row < p.positions.length; row++) {
      const r = p.positions[row]!;
      const c = countryIndexOf(r[PC.country]!);
      if (c < 0) {
        this.reject('individual_positions', 'country', 'unknown_country');
        continue;
      }
      const start = day(r[PC.startdate]!);
      const end = day(r[PC.enddate]!);
      if (start === null || Number.isNaN(start) || Number.isNaN(end as number)) {
        this.reject('individual_positions', 'startdate', 'bad_date');
        continue;
      }
      if (end !== null && end < start) {
        this.reject('individual_positions', 'enddate', 'end_before_start');
        continue;
      }
      const wText = r[PC.weight]!;
      const sText = r[PC.salary]!;
      const sen = r[PC.seniority] || 'unknown';
      const role = r[PC.role_k150] || r[PC.role_k50] || 'unknown';
      const industry = r[PC.rics_k50] || 'unknown';
      let x = this.posPool[pos.length];
      if (!x) {
        x = { pid: 0, start: 0, end: null, c: 0, w: 0, paid: false, sen: 0, industry: 0, role: 0, seniority: 0, startYear: 0, row: 0 };
        this.posPool.push(x);
      }
      const salary = sText === '' ? null : Number(sText);
      x.pid = Number(r[PC.position_id]!);
      x.start = start;
      x.end = end;
      x.c = c;
      x.w = wText === '' ? 1 : Number(wText);
      x.paid = salary !== null && salary > 0;
      x.sen = sen === 'unknown' ? -1 : Number(sen) - 1;
      x.industry = catIndex('industry', industry);
      x.role = catIndex('role', role);
      x.seniority = catIndex('seniority', sen);
      x.startYear = yearOfDay(start);
      x.row = row;
      pos.push(x);
    }
    if (pos.length === 0) return;
    pos.sort(byStartPid);

    let held = 0; // bit i: holds AI_SKILLS[i]
    for (const s of p.skills) {
      const i = aiSkillIndexOf(s[1]!);
      if (i >= 0) held |= 1 << i;
    }
    const g = held !== 0 ? 0 : 1; // 0 = ai, 1 = non_ai
    this.users.total++;
    if (g === 0) this.users.ai++;
    else this.users.non_ai++;

    // Origin (first-education) and the latest education record's field.
    const recs: EduRec[] = [];
    for (const r of p.education) {
      recs.push({
        n: Number(r[EC.education_number]),
        start: day(r[EC.startdate]!),
        country: countryIndexOf(r[EC.university_country] ?? ''),
        field: r[EC.field] || 'unknown',
      });
    }
    recs.sort(eduOrder);
    let origin = pos[0]!.c;
    for (const r of recs) {
      if (r.country >= 0) {
        origin = r.country;
        break;
      }
    }
    let latest: EduRec | undefined;
    for (const r of recs) if (r.start !== null) latest = r;
    latest ??= recs.slice().sort(byNumber).at(-1);
    const fieldIdx = catIndex('field', latest?.field ?? 'unknown');
    const degreeIdx = catIndex('degree', (p.user ? p.user[UC.highest_degree] : '') || 'unknown');

    // Primary position at each year-end: the active position with the latest startdate,
    // ties by the larger position_id. One pass over the positions, each over the years it
    // may be active (from its start year until its end passes a year-end).
    const y0 = this.y0;
    const ny = this.ny;
    const ye = this.yearEnds;
    const first = Math.max(y0, pos[0]!.startYear) - y0;
    const primary = this.primary;
    const startsIn = this.startsIn;
    primary.fill(-1);
    startsIn.fill(0);
    for (let i = 0; i < pos.length; i++) {
      const x = pos[i]!;
      const sy = x.startYear - y0;
      if (sy >= 0 && sy < ny) startsIn[sy] = 1;
      for (let ti = Math.max(first, sy); ti < ny; ti++) {
        const d = ye[ti]!;
        if (x.end !== null && x.end < d) break; // ended before this year-end, and all later ones
        if (x.start > d) continue;
        const j = primary[ti]!;
        if (j < 0) primary[ti] = i;
        else {
          const q = pos[j]!;
          if (x.start > q.start || (x.start === q.start && x.pid > q.pid)) primary[ti] = i;
        }
      }
    }

    // Year-end stocks.
    const nSkill = AI_SKILLS.length;
    const { hc, hcW, toBase, toMove, orig, origW, abr, abrW } = this;
    const { degree: cDeg, field: cFld, industry: cInd, role: cRole, seniority: cSen, skill: cSkill } = this.comp;
    const nDeg = DIMS.degree.length;
    const nFld = DIMS.field.length;
    const nInd = DIMS.industry.length;
    const nRole = DIMS.role.length;
    const nSen = DIMS.seniority.length;
    let prev = -1;
    for (let ti = first; ti < ny; ti++) {
      if (prev >= 0) {
        const k = (pos[prev]!.c * ny + ti) * 2 + g;
        toBase[k]! += 1;
        if (startsIn[ti]) toMove[k]! += 1; // someone who starts a position in the year
      }
      const pi = primary[ti]!;
      prev = pi;
      if (pi < 0) continue;
      const prim = pos[pi]!;
      const w = prim.w;
      const k = (prim.c * ny + ti) * 2 + g;
      hc[k]! += 1;
      hcW[k]! += w;
      cDeg.n[k * nDeg + degreeIdx]! += 1;
      cDeg.w[k * nDeg + degreeIdx]! += w;
      cFld.n[k * nFld + fieldIdx]! += 1;
      cFld.w[k * nFld + fieldIdx]! += w;
      cInd.n[k * nInd + prim.industry]! += 1;
      cInd.w[k * nInd + prim.industry]! += w;
      cRole.n[k * nRole + prim.role]! += 1;
      cRole.w[k * nRole + prim.role]! += w;
      cSen.n[k * nSen + prim.seniority]! += 1;
      cSen.w[k * nSen + prim.seniority]! += w;
      if (held !== 0) {
        for (let i = 0; i < nSkill; i++) {
          if ((held >>> i) & 1) {
            cSkill.n[k * nSkill + i]! += 1;
            cSkill.w[k * nSkill + i]! += w;
          }
        }
      }
      const ko = (origin * ny + ti) * 2 + g;
      orig[ko]! += 1;
      origW[ko]! += w;
      if (prim.c !== origin) {
        const ka = origin * NC * ny * 2 + k;
        abr[ka]! += 1;
        abrW[ka]! += w;
      }
      if (prim.paid) {
        const kp = prim.c * ny + ti;
        const s = prim.sen >= 0 ? prim.sen : SEN_LEVELS - 1; // missing seniority: the level `unknown`
        this.prem.n[kp]! += 1;
        this.premSen.n[kp * SEN_LEVELS + s]! += 1;
        if (g === 0) {
          const prem = p.aiLogPremium[prim.row] ?? 0;
          this.prem.nai[kp]! += 1;
          this.prem.sum[kp]! += prem;
          this.premSen.nai[kp * SEN_LEVELS + s]! += 1;
          this.premSen.sum[kp * SEN_LEVELS + s]! += prem;
          for (let i = 0; i < nSkill; i++) {
            if ((held >>> i) & 1) {
              this.premSkill.n[kp * nSkill + i]! += 1;
              this.premSkill.sum[kp * nSkill + i]! += prem;
            }
          }
        }
      }
    }

    // Moves and job changes.
    for (let j = 1; j < pos.length; j++) {
      const a = pos[j - 1]!;
      const b = pos[j]!;
      const ti = b.startYear - y0;
      if (ti < 0 || ti >= ny) continue;
      const k = (a.c * ny + ti) * 2 + g;
      this.jc[k]! += 1;
      if (a.c !== b.c) {
        this.fjc[k]! += 1;
        const km = a.c * NC * ny * 2 + (b.c * ny + ti) * 2 + g;
        this.moves[km]! += 1;
        this.movesWO[km]! += a.w;
        this.movesWD[km]! += b.w;
      }
    }
  }

  /** Count an expected reject that happened outside `add` (none today; kept for symmetry). */
  countReject(table: string, column: string, reason: string): void {
    this.reject(table, column, reason);
  }

  /** The truth tables (rows with at least one person or move). */
  finish(meta: Pick<Truth, 'generator' | 'parameters' | 'weights'> & { companyRows: number }): Truth {
    const ny = this.ny;
    const G = ['ai', 'non_ai'];
    const years = Array.from({ length: ny }, (_, i) => this.y0 + i);
    const headcount: TruthTable = { columns: ['country', 'year', 'group', 'persons', 'persons_weighted'], rows: [] };
    const flows: TruthTable = {
      columns: ['country', 'year', 'group', 'inflow', 'outflow', 'net', 'inflow_weighted', 'outflow_weighted', 'net_weighted'], rows: [],
    };
    const bilateral: TruthTable = {
      columns: ['origin', 'destination', 'year', 'group', 'moves', 'moves_weighted_origin', 'moves_weighted_destination'], rows: [],
    };
    const abroad: TruthTable = { columns: ['origin', 'destination', 'year', 'group', 'persons', 'persons_weighted'], rows: [] };
    const abroadShare: TruthTable = {
      columns: ['origin', 'year', 'group', 'persons', 'persons_abroad', 'share_abroad', 'persons_weighted', 'persons_abroad_weighted', 'share_abroad_weighted'], rows: [],
    };
    const mobility: TruthTable = {
      columns: ['country', 'year', 'group', 'turnover_base', 'turnover_movers', 'turnover_rate', 'job_changes', 'foreign_job_changes', 'foreign_job_change_share', 'net_per_10k'], rows: [],
    };
    const composition: TruthTable = {
      columns: ['country', 'year', 'group', 'dimension', 'category', 'persons', 'share', 'persons_weighted', 'share_weighted'], rows: [],
    };
    const premium: TruthTable = { columns: ['country', 'year', 'skill', 'n', 'n_ai', 'true_log_premium', 'true_premium_pct'], rows: [] };
    const premiumSen: TruthTable = { columns: ['country', 'year', 'seniority', 'n', 'n_ai', 'true_log_premium', 'true_premium_pct'], rows: [] };
    const inflow = new Float64Array(NC * ny * 2);
    const inflowW = new Float64Array(NC * ny * 2);
    const outflow = new Float64Array(NC * ny * 2);
    const outflowW = new Float64Array(NC * ny * 2);
    for (let a = 0; a < NC; a++) {
      for (let b = 0; b < NC; b++) {
        for (let ti = 0; ti < ny; ti++) {
          for (let g = 0; g < 2; g++) {
            const km = a * NC * ny * 2 + (b * ny + ti) * 2 + g;
            const m = this.moves[km]!;
            if (m === 0) continue;
            bilateral.rows.push([CODES[a]!, CODES[b]!, years[ti]!, G[g]!, m, this.movesWO[km]!, this.movesWD[km]!]);
            // Country-side weights: an outflow from a weighs the positions left in a, an
            // inflow to b the positions taken in b.
            outflow[(a * ny + ti) * 2 + g]! += m;
            outflowW[(a * ny + ti) * 2 + g]! += this.movesWO[km]!;
            inflow[(b * ny + ti) * 2 + g]! += m;
            inflowW[(b * ny + ti) * 2 + g]! += this.movesWD[km]!;
            // abroad(o, d, t, g) uses the same layout (origin major).
          }
        }
      }
    }
    const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
    for (let c = 0; c < NC; c++) {
      for (let ti = 0; ti < ny; ti++) {
        for (let g = 0; g < 2; g++) {
          const k = (c * ny + ti) * 2 + g;
          const row = [CODES[c]!, years[ti]!, G[g]!];
          if (this.hc[k]! > 0) headcount.rows.push([...row, this.hc[k]!, this.hcW[k]!]);
          if (inflow[k]! > 0 || outflow[k]! > 0) {
            flows.rows.push([...row, inflow[k]!, outflow[k]!, inflow[k]! - outflow[k]!, inflowW[k]!, outflowW[k]!, inflowW[k]! - outflowW[k]!]);
          }
          // A cell with a move in or out has a rate per 10,000 even when the group has no
          // one placed in c at year end (the denominator is everyone placed in c).
          if (this.toBase[k]! > 0 || this.jc[k]! > 0 || this.hc[k]! > 0 || inflow[k]! > 0 || outflow[k]! > 0) {
            const all = this.hc[(c * ny + ti) * 2]! + this.hc[(c * ny + ti) * 2 + 1]!;
            mobility.rows.push([...row, this.toBase[k]!, this.toMove[k]!, ratio(this.toMove[k]!, this.toBase[k]!), this.jc[k]!, this.fjc[k]!,
              ratio(this.fjc[k]!, this.jc[k]!), all > 0 ? ((inflow[k]! - outflow[k]!) / all) * 10000 : null]);
          }
          if (this.orig[k]! > 0) {
            let ab = 0;
            let abW = 0;
            for (let d = 0; d < NC; d++) {
              const ka = c * NC * ny * 2 + (d * ny + ti) * 2 + g;
              if (this.abr[ka]! > 0) {
                abroad.rows.push([CODES[c]!, CODES[d]!, years[ti]!, G[g]!, this.abr[ka]!, this.abrW[ka]!]);
                ab += this.abr[ka]!;
                abW += this.abrW[ka]!;
              }
            }
            abroadShare.rows.push([...row, this.orig[k]!, ab, ab / this.orig[k]!, this.origW[k]!, abW, abW / this.origW[k]!]);
          }
          for (const dim of DIM_NAMES) {
            const n = DIMS[dim].length;
            for (let i = 0; i < n; i++) {
              const v = this.comp[dim].n[k * n + i]!;
              if (v > 0) {
                composition.rows.push([...row, dim, DIMS[dim][i]!, v, v / this.hc[k]!, this.comp[dim].w[k * n + i]!, this.comp[dim].w[k * n + i]! / this.hcW[k]!]);
              }
            }
          }
        }
        const kp = c * ny + ti;
        const pct = (lp: number): number => 100 * (Math.exp(lp) - 1);
        // Every sample with someone in it has a row (a study pools the yearly samples, the
        // years without AI users included); the truth is null without AI users.
        if (this.prem.n[kp]! > 0) {
          const nai = this.prem.nai[kp]!;
          const lp = nai > 0 ? this.prem.sum[kp]! / nai : null;
          premium.rows.push([CODES[c]!, years[ti]!, 'all', this.prem.n[kp]!, nai, lp, lp === null ? null : pct(lp)]);
          const nonAi = this.prem.n[kp]! - nai;
          AI_SKILLS.forEach((sk, i) => {
            const nk = this.premSkill.n[kp * AI_SKILLS.length + i]!;
            if (nk > 0) {
              const l = this.premSkill.sum[kp * AI_SKILLS.length + i]! / nk;
              premium.rows.push([CODES[c]!, years[ti]!, sk, nonAi + nk, nk, l, pct(l)]);
            }
          });
          for (let s = 0; s < SEN_LEVELS; s++) {
            const n = this.premSen.n[kp * SEN_LEVELS + s]!;
            const na = this.premSen.nai[kp * SEN_LEVELS + s]!;
            if (n > 0) {
              const l = na > 0 ? this.premSen.sum[kp * SEN_LEVELS + s]! / na : null;
              const level = s < SEN_LEVELS - 1 ? s + 1 : 'unknown';
              premiumSen.rows.push([CODES[c]!, years[ti]!, level, n, na, l, l === null ? null : pct(l)]);
            }
          }
        }
      }
      // Pooled premium over 2010 to the last year (the BOK's window).
      let n = 0;
      let nai = 0;
      let sum = 0;
      for (let t = Math.max(2010, this.y0); t <= this.y1; t++) {
        const kp = c * ny + (t - this.y0);
        n += this.prem.n[kp]!;
        nai += this.prem.nai[kp]!;
        sum += this.prem.sum[kp]!;
      }
      if (nai > 0) premium.rows.push([CODES[c]!, 'pooled', 'all', n, nai, sum / nai, 100 * (Math.exp(sum / nai) - 1)]);
    }
    const expected_rejects = [...this.rejects.entries()].map(([k, count]) => {
      const [table, column, reason] = k.split('\u0000') as [string, string, string];
      return { table, column, reason, count };
    });
    return {
      schema: 'talentflow-synth-truth/1',
      generator: meta.generator,
      parameters: meta.parameters,
      weights: meta.weights,
      expected_rejects,
      rows: { ...this.rowCounts, company_mapping: meta.companyRows },
      users: this.users,
      headcount, flows, bilateral_flows: bilateral, abroad, abroad_share: abroadShare, mobility, composition, premium,
      premium_by_seniority: premiumSen,
    };
  }
}
