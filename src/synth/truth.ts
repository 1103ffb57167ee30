/**
 * The truth of a synthetic world: exact values of the indicators of indicators.md,
 * computed by an implementation independent of the study (plain TypeScript over the rows
 * as written, including the mess), accumulated person by person into dense counters keyed
 * by country, year and group — memory does not grow with the number of users.
 *
 * Definitions applied (indicators.md): year-end stocks on 31 December; primary position =
 * active position with the latest startdate, ties by the larger position_id; moves between
 * consecutive positions ordered by (startdate, position_id), in the year of the new
 * position's start; origin = university_country of the earliest education record by
 * startdate (undated after dated, then education_number), else the first position's
 * country; AI = at least one distinct bok12 skill; missing weight = 1. Dates `YYYY-MM`
 * are the first of the month. Rows the ingest rejects (unknown country, unparseable date,
 * end before start) are dropped first and counted in `expected_rejects`.
 */
import { AI_SKILLS, AI_SPELLINGS, COUNTRY_SPELLINGS, DEGREES, FIELDS, INDUSTRIES, ROLES, ROLE_K150_SUFFIX } from './params.ts';
import { parseDay, yearEnd, yearOfDay } from './dates.ts';

const dayMemo = new Map<string, number | null>();
/** parseDay, memoised (a world has a few tens of thousands of distinct dates). */
function day(s: string): number | null {
  let v = dayMemo.get(s);
  if (v === undefined) {
    v = parseDay(s);
    if (dayMemo.size > 200_000) dayMemo.clear();
    dayMemo.set(s, v);
  }
  return v;
}
const skillMemo = new Map<string, string | null>();
/** Canonical AI skill of a skill text, or null (memoised). */
function aiSkillOf(raw: string): string | null {
  let v = skillMemo.get(raw);
  if (v === undefined) {
    v = AI_SPELLING_INDEX.get(normaliseSkillText(raw)) ?? null;
    if (skillMemo.size > 200_000) skillMemo.clear();
    skillMemo.set(raw, v);
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
  /** Hidden: the AI log-premium component of each position, by position_id. */
  aiLogPremium: Map<string, number>;
}

/** A table of the truth: column names and rows. */
export interface TruthTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/** The truth.json document (see docs/synthetic-world.md). */
export interface Truth {
  schema: 'talentflow-synth-truth/1';
  generator: { seed: number; users: number; format: string; years: [number, number] };
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

/** Normalise skill text as indicators.md says (own implementation, not the study's). */
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

interface Pos {
  pid: number;
  pidText: string;
  start: number;
  end: number | null;
  c: number;
  w: number;
  salary: number | null;
  seniority: string;
  role: string;
  industry: string;
  /** Seniority level − 1, or −1 when missing. */
  sen: number;
  /** Category index in each dimension of CAT_DIMS. */
  cat: number[];
  startYear: number;
}

/** Seniority levels of premium_by_seniority: 1–7, then `unknown` (missing seniority). */
const SEN_LEVELS = 8;

/** The single-category composition dimensions, in the order of `Pos.cat`. */
const CAT_DIMS = ['degree', 'field', 'industry', 'role', 'seniority'] as const;
const DIM_SIZE = CAT_DIMS.map((d) => DIMS[d].length);
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

/** Accumulates the truth person by person. */
/**
 * The sums of a TruthAccumulator, as plain data a worker thread can post (its arrays are
 * transferable): accumulated per block of users and merged in block order, so the truth is
 * the same whatever the number of threads.
 */
export interface TruthPart {
  arrays: Float64Array[];
  rejects: [string, number][];
  rowCounts: Record<string, number>;
  users: { total: number; ai: number; non_ai: number };
}

export class TruthAccumulator {
  readonly y0: number;
  readonly y1: number;
  private readonly ny: number;
  private readonly hc: Float64Array;
  private readonly hcW: Float64Array;
  private readonly moves: Float64Array;
  private readonly movesW: Float64Array;
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
  private readonly rowCounts: Record<string, number> = {
    individual_positions: 0, individual_user: 0, individual_user_education: 0, individual_user_skills: 0,
  };
  private users = { total: 0, ai: 0, non_ai: 0 };

  constructor(y0: number, y1: number) {
    this.y0 = y0;
    this.y1 = y1;
    const ny = (this.ny = y1 - y0 + 1);
    const ctg = NC * ny * 2;
    this.hc = new Float64Array(ctg);
    this.hcW = new Float64Array(ctg);
    this.moves = new Float64Array(NC * ctg);
    this.movesW = new Float64Array(NC * ctg);
    this.jc = new Float64Array(ctg);
    this.fjc = new Float64Array(ctg);
    this.toBase = new Float64Array(ctg);
    this.toMove = new Float64Array(ctg);
    this.orig = new Float64Array(ctg);
    this.origW = new Float64Array(ctg);
    this.abr = new Float64Array(NC * ctg);
    this.abrW = new Float64Array(NC * ctg);
    this.comp = Object.fromEntries(DIM_NAMES.map((d) => [d, { n: new Float64Array(ctg * DIMS[d].length), w: new Float64Array(ctg * DIMS[d].length) }])) as TruthAccumulator['comp'];
    const ct = NC * ny;
    this.prem = { n: new Float64Array(ct), nai: new Float64Array(ct), sum: new Float64Array(ct) };
    this.premSen = { n: new Float64Array(ct * SEN_LEVELS), nai: new Float64Array(ct * SEN_LEVELS), sum: new Float64Array(ct * SEN_LEVELS) };
    this.premSkill = { n: new Float64Array(ct * AI_SKILLS.length), sum: new Float64Array(ct * AI_SKILLS.length) };
  }

  /** Every accumulating array, in a fixed order (snapshot and merge). */
  private arrays(): Float64Array[] {
    return [
      this.hc, this.hcW, this.moves, this.movesW, this.jc, this.fjc, this.toBase, this.toMove, this.orig, this.origW,
      this.abr, this.abrW, ...DIM_NAMES.flatMap((d) => [this.comp[d].n, this.comp[d].w]),
      this.prem.n, this.prem.nai, this.prem.sum, this.premSen.n, this.premSen.nai, this.premSen.sum,
      this.premSkill.n, this.premSkill.sum,
    ];
  }

  /** This accumulator's sums as transferable data (the arrays themselves, not copies). */
  snapshot(): TruthPart {
    return { arrays: this.arrays(), rejects: [...this.rejects], rowCounts: { ...this.rowCounts }, users: { ...this.users } };
  }

  /** Add the sums of another accumulator of the same years (a block of users). */
  merge(part: TruthPart): void {
    const mine = this.arrays();
    if (part.arrays.length !== mine.length) throw new Error('truth parts of different shapes');
    for (let i = 0; i < mine.length; i++) {
      const a = mine[i]!;
      const b = part.arrays[i]!;
      if (a.length !== b.length) throw new Error('truth parts of different shapes');
      for (let j = 0; j < a.length; j++) a[j]! += b[j]!;
    }
    for (const [k, v] of part.rejects) this.rejects.set(k, (this.rejects.get(k) ?? 0) + v);
    for (const [k, v] of Object.entries(part.rowCounts)) this.rowCounts[k] = (this.rowCounts[k] ?? 0) + v;
    this.users.total += part.users.total;
    this.users.ai += part.users.ai;
    this.users.non_ai += part.users.non_ai;
  }

  private ctg(c: number, t: number, g: number): number {
    return (c * this.ny + (t - this.y0)) * 2 + g;
  }

  private reject(table: string, column: string, reason: string): void {
    const k = `${table}\u0000${column}\u0000${reason}`;
    this.rejects.set(k, (this.rejects.get(k) ?? 0) + 1);
  }

  /** Add one person's written rows. */
  add(p: WrittenPerson): void {
    this.rowCounts.individual_positions! += p.positions.length;
    this.rowCounts.individual_user_education! += p.education.length;
    this.rowCounts.individual_user_skills! += p.skills.length;
    if (p.user) this.rowCounts.individual_user! += 1;
    const pos: Pos[] = [];
    for (const r of p.positions) {
      const c = COUNTRY_TEXT_INDEX.get(r[PC.country]!.toLowerCase());
      if (c === undefined) {
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
      const pidText = r[PC.position_id]!;
      const sen = r[PC.seniority] || 'unknown';
      const role = r[PC.role_k150] || r[PC.role_k50] || 'unknown';
      const industry = r[PC.rics_k50] || 'unknown';
      const x: Pos = {
        pid: Number(pidText), pidText, start, end, c: CIDX.get(c)!,
        w: wText === '' ? 1 : Number(wText),
        salary: sText === '' ? null : Number(sText),
        seniority: sen, role, industry,
        sen: sen === 'unknown' ? -1 : Number(sen) - 1,
        cat: [0, 0, catIndex('industry', industry), catIndex('role', role), catIndex('seniority', sen)],
        startYear: yearOfDay(start),
      };
      pos.push(x);
    }
    if (pos.length === 0) return;
    pos.sort((a, b) => a.start - b.start || a.pid - b.pid);

    const held = new Set<string>();
    for (const s of p.skills) {
      const k = aiSkillOf(s[1]!);
      if (k) held.add(k);
    }
    const g = held.size >= 1 ? 0 : 1; // 0 = ai, 1 = non_ai
    const heldIdx = AI_SKILLS.map((k, i) => (held.has(k) ? i : -1)).filter((i) => i >= 0);
    this.users.total++;
    if (g === 0) this.users.ai++;
    else this.users.non_ai++;

    // Origin (first-education) and the latest education record's field.
    const recs = p.education.map((r) => ({
      n: Number(r[EC.education_number]),
      start: day(r[EC.startdate]!),
      country: COUNTRY_TEXT_INDEX.get((r[EC.university_country] ?? '').toLowerCase()),
      field: r[EC.field] || 'unknown',
    }));
    const order = (a: (typeof recs)[number], b: (typeof recs)[number]): number => {
      const ad = a.start === null ? 1 : 0;
      const bd = b.start === null ? 1 : 0;
      if (ad !== bd) return ad - bd;
      if (a.start !== null && b.start !== null && a.start !== b.start) return a.start - b.start;
      return a.n - b.n;
    };
    recs.sort(order);
    const usable = recs.find((r) => r.country !== undefined);
    const origin = CIDX.get(usable?.country ?? CODES[pos[0]!.c]!)!;
    const dated = recs.filter((r) => r.start !== null);
    const latest = dated.length ? dated[dated.length - 1] : recs.slice().sort((a, b) => a.n - b.n).at(-1);
    const fieldIdx = catIndex('field', latest?.field ?? 'unknown');
    const degreeIdx = catIndex('degree', (p.user ? p.user[UC.highest_degree] : '') || 'unknown');
    for (const x of pos) {
      x.cat[0] = degreeIdx;
      x.cat[1] = fieldIdx;
    }

    // Year-end stocks.
    const firstYear = Math.max(this.y0, pos[0]!.startYear);
    let prevPrimary: Pos | undefined;
    const nSkill = AI_SKILLS.length;
    for (let t = firstYear; t <= this.y1; t++) {
      const d = yearEnd(t);
      let prim: Pos | undefined;
      for (const x of pos) {
        if (x.start <= d && (x.end === null || x.end >= d)) {
          if (!prim || x.start > prim.start || (x.start === prim.start && x.pid > prim.pid)) prim = x;
        }
      }
      if (prevPrimary) {
        const k = this.ctg(prevPrimary.c, t, g);
        this.toBase[k]! += 1;
        for (const x of pos) {
          if (x.startYear === t) {
            this.toMove[k]! += 1;
            break;
          }
        }
      }
      prevPrimary = prim;
      if (!prim) continue;
      const k = this.ctg(prim.c, t, g);
      this.hc[k]! += 1;
      this.hcW[k]! += prim.w;
      for (let di = 0; di < CAT_DIMS.length; di++) {
        const arr = this.comp[CAT_DIMS[di]!];
        const j = k * DIM_SIZE[di]! + prim.cat[di]!;
        arr.n[j]! += 1;
        arr.w[j]! += prim.w;
      }
      for (const i of heldIdx) {
        this.comp.skill.n[k * nSkill + i]! += 1;
        this.comp.skill.w[k * nSkill + i]! += prim.w;
      }
      const ko = this.ctg(origin, t, g);
      this.orig[ko]! += 1;
      this.origW[ko]! += prim.w;
      if (prim.c !== origin) {
        const ka = origin * NC * this.ny * 2 + k;
        this.abr[ka]! += 1;
        this.abrW[ka]! += prim.w;
      }
      if (prim.salary !== null && prim.salary > 0) {
        const kp = prim.c * this.ny + (t - this.y0);
        const s = prim.sen >= 0 ? prim.sen : SEN_LEVELS - 1; // missing seniority: the level `unknown`
        this.prem.n[kp]! += 1;
        this.premSen.n[kp * SEN_LEVELS + s]! += 1;
        if (g === 0) {
          const prem = p.aiLogPremium.get(prim.pidText) ?? 0;
          this.prem.nai[kp]! += 1;
          this.prem.sum[kp]! += prem;
          this.premSen.nai[kp * SEN_LEVELS + s]! += 1;
          this.premSen.sum[kp * SEN_LEVELS + s]! += prem;
          for (const i of heldIdx) {
            this.premSkill.n[kp * nSkill + i]! += 1;
            this.premSkill.sum[kp * nSkill + i]! += prem;
          }
        }
      }
    }

    // Moves and job changes.
    for (let j = 1; j < pos.length; j++) {
      const a = pos[j - 1]!;
      const b = pos[j]!;
      const t = b.startYear;
      if (t < this.y0 || t > this.y1) continue;
      const k = this.ctg(a.c, t, g);
      this.jc[k]! += 1;
      if (a.c !== b.c) {
        this.fjc[k]! += 1;
        const km = a.c * NC * this.ny * 2 + this.ctg(b.c, t, g);
        this.moves[km]! += 1;
        this.movesW[km]! += b.w;
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
    const bilateral: TruthTable = { columns: ['origin', 'destination', 'year', 'group', 'moves', 'moves_weighted'], rows: [] };
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
            bilateral.rows.push([CODES[a]!, CODES[b]!, years[ti]!, G[g]!, m, this.movesW[km]!]);
            outflow[(a * ny + ti) * 2 + g]! += m;
            outflowW[(a * ny + ti) * 2 + g]! += this.movesW[km]!;
            inflow[(b * ny + ti) * 2 + g]! += m;
            inflowW[(b * ny + ti) * 2 + g]! += this.movesW[km]!;
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
