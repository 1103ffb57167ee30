/**
 * Turning a generated person into the rows of the Revelio-schema files (cells as text),
 * and the company_mapping table of every firm of the world.
 */
import { COUNTRY_SPELLINGS, FIRMS_PER_INDUSTRY, INDUSTRIES, ROLES, ROLE_K150_SUFFIX } from './params.ts';
import { COUNTRY_CODES, rcidOf, type GenPerson } from './model.ts';
import { isoDay, isoMonth } from './dates.ts';
import { hash32 } from './rng.ts';
import { COLUMNS, type WrittenPerson } from './truth.ts';

/** Weights are multiples of 1/WEIGHT_RESOLUTION, so that sums of weights are exact in any order. */
export const WEIGHT_RESOLUTION = 64;

/** Round a weight to the exact grid. */
export function gridWeight(w: number): number {
  return Math.max(1, Math.round(w * WEIGHT_RESOLUTION)) / WEIGHT_RESOLUTION;
}

// Texts that recur across people, built once: the same string objects are then reused
// (fewer allocations, and Map lookups in truth.ts hit strings whose hash is cached).
const ROLE_K150_TEXT = ROLES.map((r) => ROLE_K150_SUFFIX.map((s) => r.name + s));
const SMALL_INT_TEXT = Array.from({ length: 64 }, (_, i) => String(i));

function smallIntText(n: number): string {
  return SMALL_INT_TEXT[n] ?? String(n);
}

/** Rows of one person; `countryFactor` gives the weight factor of each alpha-2 country. */
export function renderPerson(p: GenPerson, countryFactor: Record<string, number>): WrittenPerson {
  const uid = String(p.userId);
  const aiLogPremium: number[] = [];
  const positions: string[][] = [];
  // Plain loops (no map callbacks): this runs for every person of the world.
  for (let j = 0; j < p.positions.length; j++) {
    const x = p.positions[j]!;
    aiLogPremium.push(x.aiLogPremium);
    const ind = INDUSTRIES[x.industry]!;
    const role = ROLES[x.role]!.name;
    positions.push([
      uid, String(x.pid), smallIntText(j + 1),
      x.startMonthOnly ? isoMonth(x.start) : isoDay(x.start),
      x.end === null ? '' : x.endMonthOnly ? isoMonth(x.end) : isoDay(x.end),
      x.countryText, String(x.firm), `Company ${x.firm}`, role, ROLE_K150_TEXT[x.role]![x.roleSuffix]!,
      x.seniority === null ? '' : smallIntText(x.seniority),
      x.salary === null ? '' : String(x.salary),
      x.weightMissing ? '' : String(gridWeight((countryFactor[x.country] ?? 1) * x.coverage * p.design)),
      ind.name, ind.naics,
    ]);
  }
  const education: string[][] = [];
  for (const e of p.education) {
    education.push([
      uid, smallIntText(e.number), e.university, e.countryText, e.degree, e.field,
      e.start === null ? '' : isoDay(e.start), e.end === null ? '' : isoDay(e.end),
    ]);
  }
  const skills: string[][] = [];
  for (const s of p.skills) skills.push([uid, s.raw, s.firstReported === null ? '' : isoDay(s.firstReported)]);
  const user = p.user ? [uid, p.user.countryText, p.user.degree, p.user.sex] : null;
  return { positions, education, skills, user, aiLogPremium };
}

/** Every firm of the world: 8% are subsidiaries of a US-headquartered parent (plausible). */
export function* companyRows(): Generator<string[]> {
  for (const c of COUNTRY_CODES) {
    for (let ind = 0; ind < INDUSTRIES.length; ind++) {
      for (let k = 0; k < FIRMS_PER_INDUSTRY; k++) {
        const rcid = rcidOf(c, ind, k);
        const foreign = c !== 'US' && ((hash32(rcid, 5) >>> 0) % 100) < 8;
        const parent = foreign ? String(rcidOf('US', ind, k)) : '';
        yield [String(rcid), `Company ${rcid}`, COUNTRY_SPELLINGS[foreign ? 'US' : c]!.name, INDUSTRIES[ind]!.name, INDUSTRIES[ind]!.naics, parent];
      }
    }
  }
}

/** Whether a cell needs RFC 4180 quoting (a char-code scan: cheaper than a RegExp on short cells). */
function needsQuotes(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 34 || c === 44 || c === 10 || c === 13) return true; // " , \n \r
  }
  return false;
}

function quoted(v: string): string {
  return needsQuotes(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line (RFC 4180 quoting where needed). */
export function csvLine(cells: readonly string[]): string {
  // Almost no cell needs quoting: then the native join builds the line as one flat string
  // (appending cell by cell builds a rope of small pieces, slower to make and to flatten).
  for (let i = 0; i < cells.length; i++) if (needsQuotes(cells[i]!)) return cells.map(quoted).join(',') + '\n';
  return cells.join(',') + '\n';
}

const textColumns = <T extends keyof typeof COLUMNS>(table: T, names: (typeof COLUMNS)[T][number][]): number[] =>
  names.map((n) => (COLUMNS[table] as readonly string[]).indexOf(n)).sort((x, y) => x - y);

/**
 * The columns of each table renderPerson fills with names (which may hold a comma, as
 * "Korea, Republic of" does); the others hold numbers and dates it formats itself, which
 * never need quoting.
 */
export const TEXT_COLUMNS = {
  positions: textColumns('individual_positions', ['country', 'company', 'role_k50', 'role_k150', 'rics_k50', 'naics_code']),
  user: textColumns('individual_user', ['user_country', 'highest_degree', 'sex_predicted']),
  education: textColumns('individual_user_education', ['university_name', 'university_country', 'degree', 'field']),
  skills: textColumns('individual_user_skills', ['skill_raw']),
} as const;

/**
 * CSV lines of rendered rows, written straight into a growing byte buffer as UTF-8 — the
 * bytes csvLine's text would become in the file. A worker thread hands these bytes to the
 * main thread without copying (transfer), and the main thread writes them without
 * encoding; building them costs no more than building the text.
 */
export class CsvBytes {
  private buf = new Uint8Array(1 << 16);
  private n = 0;

  /**
   * Append one line (as csvLine would write it), looking for characters to quote only in
   * the `text` columns (ascending): see TEXT_COLUMNS.
   */
  line(cells: readonly string[], text: readonly number[]): void {
    let t = 0; // index in `text` of the next text column
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i]!;
      // Room for the worst case: 3 bytes per UTF-16 unit, doubled quotes, separators.
      if (this.n + 6 * v.length + 4 > this.buf.length) this.grow(6 * v.length + 4);
      const b = this.buf;
      if (i) b[this.n++] = 44;
      const isText = text[t] === i;
      if (isText) t++;
      // One pass: copy the cell, and start again quoted if a text cell has a " , \n or \r.
      const start = this.n;
      let n = start;
      for (let j = 0; j < v.length; j++) {
        const c = v.charCodeAt(j);
        if (c < 0x80) {
          if (isText && (c === 34 || c === 44 || c === 10 || c === 13)) {
            n = -1;
            break;
          }
          b[n++] = c;
        } else {
          this.n = n;
          j = this.wide(v, j);
          n = this.n;
        }
      }
      if (n >= 0) this.n = n;
      else {
        this.n = start;
        this.quotedCell(v);
      }
    }
    if (this.n + 1 > this.buf.length) this.grow(1);
    this.buf[this.n++] = 10;
  }

  private quotedCell(v: string): void {
    const b = this.buf;
    b[this.n++] = 34;
    for (let j = 0; j < v.length; j++) {
      const c = v.charCodeAt(j);
      if (c === 34) {
        b[this.n++] = 34;
        b[this.n++] = 34;
      } else if (c < 0x80) b[this.n++] = c;
      else j = this.wide(v, j);
    }
    b[this.n++] = 34;
  }

  /** Encode the non-ASCII UTF-16 unit at v[j] (and its pair); returns the last index used. */
  private wide(v: string, j: number): number {
    const b = this.buf;
    let c = v.charCodeAt(j);
    if (c < 0x800) {
      b[this.n++] = 0xc0 | (c >> 6);
      b[this.n++] = 0x80 | (c & 63);
      return j;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = j + 1 < v.length ? v.charCodeAt(j + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        b[this.n++] = 0xf0 | (c >> 18);
        b[this.n++] = 0x80 | ((c >> 12) & 63);
        b[this.n++] = 0x80 | ((c >> 6) & 63);
        b[this.n++] = 0x80 | (c & 63);
        return j + 1;
      }
      c = 0xfffd; // a lone surrogate: the replacement character, as Buffer.from writes it
    }
    b[this.n++] = 0xe0 | (c >> 12);
    b[this.n++] = 0x80 | ((c >> 6) & 63);
    b[this.n++] = 0x80 | (c & 63);
    return j;
  }

  private grow(need: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + need));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  /** The bytes written since the last take (a copy), and start again. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.n);
    this.n = 0;
    return out;
  }
}
