/**
 * Turning a generated person into the rows of the Revelio-schema files (cells as text),
 * and the company_mapping table of every firm of the world.
 */
import { COUNTRY_SPELLINGS, FIRMS_PER_INDUSTRY, INDUSTRIES, ROLES, ROLE_K150_SUFFIX } from './params.ts';
import { COUNTRY_CODES, rcidOf, type GenPerson } from './model.ts';
import { isoDay, isoMonth } from './dates.ts';
import { hash32 } from './rng.ts';
import type { WrittenPerson } from './truth.ts';

/** Weights are multiples of 1/WEIGHT_RESOLUTION, so that sums of weights are exact in any order. */
export const WEIGHT_RESOLUTION = 64;

/** Round a weight to the exact grid. */
export function gridWeight(w: number): number {
  return Math.max(1, Math.round(w * WEIGHT_RESOLUTION)) / WEIGHT_RESOLUTION;
}

/** Rows of one person; `countryFactor` gives the weight factor of each alpha-2 country. */
export function renderPerson(p: GenPerson, countryFactor: Record<string, number>): WrittenPerson {
  const uid = String(p.userId);
  const aiLogPremium = new Map<string, number>();
  const positions = p.positions.map((x, j) => {
    const pid = String(x.pid);
    aiLogPremium.set(pid, x.aiLogPremium);
    const ind = INDUSTRIES[x.industry]!;
    const role = ROLES[x.role]!.name;
    return [
      uid, pid, String(j + 1),
      x.startMonthOnly ? isoMonth(x.start) : isoDay(x.start),
      x.end === null ? '' : x.endMonthOnly ? isoMonth(x.end) : isoDay(x.end),
      x.countryText, String(x.firm), `Company ${x.firm}`, role, role + ROLE_K150_SUFFIX[x.roleSuffix]!,
      x.seniority === null ? '' : String(x.seniority),
      x.salary === null ? '' : String(x.salary),
      x.weightMissing ? '' : String(gridWeight((countryFactor[x.country] ?? 1) * x.coverage)),
      ind.name, ind.naics,
    ];
  });
  const education = p.education.map((e) => [
    uid, String(e.number), e.university, e.countryText, e.degree, e.field,
    e.start === null ? '' : isoDay(e.start), e.end === null ? '' : isoDay(e.end),
  ]);
  const skills = p.skills.map((s) => [uid, s.raw, s.firstReported === null ? '' : isoDay(s.firstReported)]);
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

/** One CSV line (RFC 4180 quoting where needed). */
export function csvLine(cells: readonly string[]): string {
  let s = '';
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i]!;
    if (i) s += ',';
    s += /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }
  return s + '\n';
}
