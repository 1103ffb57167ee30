/**
 * The generating model: one synthetic person from (seed, index). A person has an origin,
 * education records (bachelor at home, graduate study possibly abroad), a career of
 * successive positions with firms, roles, seniority and industries, Mincer-style log
 * salaries with a country- and year-specific AI premium (and, in Korea, skill-specific
 * shifts), skills as people write them, and the deliberate mess of real profiles.
 *
 * Everything random about person i comes from its own stream `Rng(seed, i)`, so people
 * are independent of chunking. Strings are chosen here; the writer only formats them.
 */
import {
  AI_INFO_SERVICES, AI_OTHER_INDUSTRIES, AI_SKILLS, AI_SPELLINGS, CALENDAR, COUNTRIES, COUNTRY_SPELLINGS, DEGREES,
  FIELDS, FIRMS_PER_INDUSTRY, INDUSTRIES, KO_SPELLING_SHARE, KR_SKILL_PREMIUM_PCT, MESS, OTHER_SKILLS, OTHER_SKILLS_KO,
  ROLES, ROLE_K150_SUFFIX, ROW_MEMBERS, SKILL_SHARES, TRAP_SKILLS, WAGE, type AiSkill, type CountryParams,
} from './params.ts';
import { Rng, cumulative, hash32 } from './rng.ts';
import { dayOf, firstOfMonth, monthDay, yearEnd, yearOfDay } from './dates.ts';

/** Every country the world writes (alpha-2), in a fixed order (index = country number). */
export const COUNTRY_CODES: readonly string[] = Object.keys(COUNTRY_SPELLINGS);
const COUNTRY_INDEX = new Map(COUNTRY_CODES.map((c, i) => [c, i]));
/** Parameter key of a country: itself, or `ROW` for members of the rest-of-world group. */
export function paramKey(c: string): string {
  return (ROW_MEMBERS as readonly string[]).includes(c) ? 'ROW' : c;
}
/** Parameters of each written country, looked up once (params() runs several times per person). */
const PARAMS_OF = new Map(COUNTRY_CODES.map((c) => [c, COUNTRIES[paramKey(c)]!]));
function params(c: string): CountryParams {
  return PARAMS_OF.get(c) ?? COUNTRIES[paramKey(c)]!;
}

/** One position as generated (days are day numbers; null end = still held). */
export interface GenPosition {
  pid: number;
  start: number;
  end: number | null;
  startMonthOnly: boolean;
  endMonthOnly: boolean;
  country: string;
  countryText: string;
  role: number;
  roleSuffix: number;
  industry: number;
  firm: number;
  seniority: number | null;
  salary: number | null;
  /** The AI log-premium component the wage model gave this position (0 for non-AI). */
  aiLogPremium: number;
  /** LinkedIn coverage factor of the role: weight = country factor × this × the person's design factor. */
  coverage: number;
  weightMissing: boolean;
  /** An extra row with an unknown country: an expected reject. */
  junk: boolean;
}

/** One education record as generated. */
export interface GenEducation {
  number: number;
  university: string;
  country: string | null;
  countryText: string;
  degree: string;
  field: string;
  start: number | null;
  end: number | null;
}

/** One person as generated. */
export interface GenPerson {
  index: number;
  userId: number;
  origin: string;
  isAi: boolean;
  aiSkills: AiSkill[];
  skills: { raw: string; firstReported: number | null }[];
  positions: GenPosition[];
  education: GenEducation[];
  user: { countryText: string; degree: string; sex: string } | null;
  /** Design factor of the person's weights (the origin's `aiShareWeighted` over its `aiShare`; 1 by default). */
  design: number;
}

/** Design factor of the weights of a person of this origin and group (see `CountryParams.aiShareWeighted`). */
export function designFactor(origin: string, isAi: boolean): number {
  const p = params(origin);
  const w = p.aiShareWeighted ?? p.aiShare;
  return isAi ? w / p.aiShare : (1 - w) / (1 - p.aiShare);
}

const ORIGIN_KEYS = Object.keys(COUNTRIES);
const ORIGIN_CDF = cumulative(ORIGIN_KEYS.map((k) => COUNTRIES[k]!.originShare));
const ROLE_CDF_AI = cumulative(ROLES.map((r) => r.aiProb));
const ROLE_CDF_OTHER = cumulative(ROLES.map((r) => r.otherProb));
const IND_CDF_OTHER = cumulative(INDUSTRIES.map((x) => x.share));
const INFO = INDUSTRIES.findIndex((x) => x.name === 'Information Services');
const AI_OTHER_IND = Object.keys(AI_OTHER_INDUSTRIES).map((n) => INDUSTRIES.findIndex((x) => x.name === n));
const AI_OTHER_IND_CDF = cumulative(Object.values(AI_OTHER_INDUSTRIES));
const DEST_CACHE = new Map<string, { codes: string[]; cdf: Float64Array }>();
function destinations(origin: string): { codes: string[]; cdf: Float64Array } {
  let d = DEST_CACHE.get(origin);
  if (!d) {
    const entries = Object.entries(params(origin).dest).filter(([c]) => c !== origin);
    d = { codes: entries.map(([c]) => c), cdf: cumulative(entries.map(([, w]) => w)) };
    DEST_CACHE.set(origin, d);
  }
  return d;
}
function cat(weights: Record<string, number>): { keys: string[]; cdf: Float64Array } {
  return { keys: Object.keys(weights), cdf: cumulative(Object.values(weights)) };
}
const DEG = { KR_AI: cat(DEGREES.KR_AI), AI: cat(DEGREES.AI), NON_AI: cat(DEGREES.NON_AI) };
const FLD = { KR_AI: cat(FIELDS.KR_AI), AI: cat(FIELDS.AI), NON_AI: cat(FIELDS.NON_AI) };

/**
 * Per-skill inclusion probabilities q such that, conditioned on holding at least one AI
 * skill, the share holding skill k is the target share (fixed point of q = s·(1 − Π(1 − q))).
 */
function inclusionProbs(shares: Record<AiSkill, number>): number[] {
  const s = AI_SKILLS.map((k) => shares[k]);
  let q = s.slice();
  for (let it = 0; it < 200; it++) {
    const pNone = q.reduce((a, x) => a * (1 - x), 1);
    q = s.map((x) => Math.min(0.99, x * (1 - pNone)));
  }
  return q;
}
const SPELLING_CDF = new Map(AI_SKILLS.map((k) => [k, cumulative(AI_SPELLINGS[k].en.map(([, w]) => w))]));
const Q_KR = inclusionProbs(SKILL_SHARES.KR);
const Q_OTHER = inclusionProbs(SKILL_SHARES.other);

/**
 * Korean skill shifts δ_k (log points) so that the mean premium of holders of k is the
 * target: holders' mean ≈ base + δ_k·(1 − s_k) with base the KR 2024 premium; centred by
 * K = Σ s_k δ_k so that the mean over all AI users stays on the country path.
 */
const KR_LOG_2024 = Math.log(1 + COUNTRIES.KR!.premium2024 / 100);
const KR_DELTA: number[] = AI_SKILLS.map((k) => {
  const p = KR_SKILL_PREMIUM_PCT[k];
  return p === undefined ? 0 : (Math.log(1 + p / 100) - KR_LOG_2024) / (1 - SKILL_SHARES.KR[k]);
});
const KR_CENTRE = AI_SKILLS.reduce((a, k, i) => a + SKILL_SHARES.KR[k] * KR_DELTA[i]!, 0);

/** Years by which the premium path is led, so the mean over positions started up to t is on target at t. */
const PREMIUM_LEAD = 2.5;

/** premiumPath's values (a pure function of country and year), memoised. */
const PREMIUM_CACHE = new Map<string, Map<number, number>>();

/** AI log-premium of a position that starts in year y in country c (before skill shifts). */
export function premiumPath(c: string, y: number): number {
  let byYear = PREMIUM_CACHE.get(c);
  if (!byYear) PREMIUM_CACHE.set(c, (byYear = new Map()));
  let v = byYear.get(y);
  if (v === undefined) byYear.set(y, (v = computePremiumPath(c, y)));
  return v;
}
function computePremiumPath(c: string, y: number): number {
  const p = params(c);
  const yy = y + PREMIUM_LEAD;
  const pct = Math.max(0, p.premium2010 + ((p.premium2024 - p.premium2010) * (yy - 2010)) / 14);
  return Math.log(1 + pct / 100);
}

const LAST_DAY = yearEnd(CALENDAR.lastYear);
const FIRST_DAY = dayOf(CALENDAR.firstYear, 1, 1);
const DAYS_PER_YEAR = 365.25;
const DAY_2025 = dayOf(2025, 1, 1);

function countryText(rng: Rng, c: string): string {
  const sp = COUNTRY_SPELLINGS[c]!;
  const u = rng.u();
  if (u < MESS.countryAlpha2) return c;
  if (u < MESS.countryAlpha2 + MESS.countryAlpha3) return sp.alpha3;
  if (u < MESS.countryAlpha2 + MESS.countryAlpha3 + MESS.countryVariant && sp.variants.length) return rng.pick(sp.variants);
  return sp.name;
}

/** A concrete country for a parameter key (`ROW` → one of its members). */
function concrete(rng: Rng, key: string): string {
  return key === 'ROW' ? rng.pick(ROW_MEMBERS) : key;
}

/** rcid of firm k of an industry in a country (unique integer). */
export function rcidOf(country: string, industry: number, k: number): number {
  return 100000 + (COUNTRY_INDEX.get(country)! * 100 + industry) * 1000 + k;
}

/** Firm wage effect (fixed per rcid). */
function firmEffect(rcid: number): number {
  const u = ((hash32(rcid, 77) >>> 0) + 0.5) / 4294967296;
  return (u - 0.5) * WAGE.firmSd * Math.sqrt(12);
}

function drawIndustry(rng: Rng, isAi: boolean, year: number): number {
  if (!isAi) return rng.cdf(IND_CDF_OTHER);
  const f = Math.min(1, Math.max(0, (year - 2010) / 14));
  const info = AI_INFO_SERVICES.infoFrom + (AI_INFO_SERVICES.infoTo - AI_INFO_SERVICES.infoFrom) * f;
  return rng.chance(info) ? INFO : AI_OTHER_IND[rng.cdf(AI_OTHER_IND_CDF)]!;
}

const CONSULTANT = ROLES.findIndex((r) => r.name === 'Consultant');
const EDUCATOR = ROLES.findIndex((r) => r.name === 'Educator');

// The helpers below are module functions rather than closures inside generatePerson: they
// run for every person, and a closure per person costs an allocation (and, under tsx, a
// __name call) each time. Their random draws are made in the same order as before.

/** A new position (details filled in later by `detail`). */
function makePosition(rng: Rng, start: number, end: number | null, c: string, r: number, roleSuffix: number): GenPosition {
  return {
    pid: 0, start, end, startMonthOnly: false, endMonthOnly: false, country: c, countryText: '', role: r, roleSuffix,
    industry: 0, firm: 0, seniority: null, salary: null, aiLogPremium: 0, coverage: ROLES[r]!.coverage,
    weightMissing: rng.chance(MESS.weightMissing), junk: false,
  };
}

/** A position's industry, firm, seniority, salary and country text (the detail stream). */
function detail(rd: Rng, x: GenPosition, isAi: boolean, careerStart: number, aiSkills: AiSkill[], degreeWage: number): void {
  const y = yearOfDay(x.start);
  const c = x.country;
  const industry = drawIndustry(rd, isAi, y);
  const rcid = rcidOf(c, industry, Math.floor(FIRMS_PER_INDUSTRY * rd.u() * rd.u()));
  const expYears = Math.max(0, (x.start - careerStart) / DAYS_PER_YEAR);
  const seniority = Math.min(7, Math.max(1, 1 + Math.floor(expYears / 5 + 0.6 * rd.normal())));
  let ai = 0;
  if (isAi) {
    ai = premiumPath(c, y);
    if (c === 'KR') for (const k of aiSkills) ai += KR_DELTA[AI_SKILLS.indexOf(k)]!;
    if (c === 'KR') ai -= KR_CENTRE;
  }
  const logw = params(c).logWageBase + ROLES[x.role]!.wage + INDUSTRIES[industry]!.wage + WAGE.seniority * (seniority - 1) +
    degreeWage + WAGE.year * (y - 2015) + WAGE.exp1 * expYears + WAGE.exp2 * expYears * expYears + firmEffect(rcid) + ai +
    WAGE.residualSd * rd.normal();
  x.industry = industry;
  x.firm = rcid;
  x.seniority = rd.chance(MESS.seniorityMissing) ? null : seniority;
  x.salary = rd.chance(MESS.salaryMissing) || x.junk ? null : Math.round(Math.exp(logw));
  x.aiLogPremium = ai;
  x.countryText = x.junk ? 'Atlantis' : countryText(rd, c);
}

/** Date a skill was first reported (or null). */
function reported(rd: Rng, careerStart: number): number | null {
  return rd.chance(MESS.firstReportedMissing) ? null : careerStart + rd.int(Math.max(1, LAST_DAY - careerStart));
}

/** A spelling of an AI skill as people write it. */
function spell(rd: Rng, isKr: boolean, k: AiSkill): string {
  const s = AI_SPELLINGS[k];
  if (isKr && rd.chance(KO_SPELLING_SHARE)) return rd.pick(s.ko);
  return s.en[rd.cdf(SPELLING_CDF.get(k)!)]![0];
}

/**
 * The shape of careers: `tenureScale` multiplies every spell's length (1: the calibrated
 * world, about 3.8 positions per person; smaller: more, shorter positions, for worlds sized
 * like the users' exports). At scale 1 nothing else changes; otherwise a person may hold
 * up to ⌈14 / scale⌉ positions (at most 60) and position ids step by 64 per person.
 */
export interface CareerShape {
  tenureScale: number;
}

/** The calibrated career shape. */
export const DEFAULT_SHAPE: CareerShape = { tenureScale: 1 };

/** Generate person `index` of the world with seed `seed`. */
export function generatePerson(seed: number, index: number, coreOnly = false, shape: CareerShape = DEFAULT_SHAPE): GenPerson {
  // Two streams: the core (who, where, when: all the weights depend on) and the details
  // (strings, salaries, education records, skills), so the weight pass can skip the details.
  const rng = new Rng(seed, index, 0);
  const originKey = ORIGIN_KEYS[rng.cdf(ORIGIN_CDF)]!;
  const origin = concrete(rng, originKey);
  const p = params(origin);
  const isAi = rng.chance(p.aiShare);
  const isKr = origin === 'KR';

  // Career start: truncated exponential of years before 2025 (recent cohorts are larger).
  const mean = isAi ? p.cohortMeanAi : p.cohortMeanNonAi;
  const span = 2025 - CALENDAR.firstYear;
  const yearsAgo = -mean * Math.log(1 - rng.u() * (1 - Math.exp(-span / mean)));
  const careerStart = Math.max(FIRST_DAY, Math.min(LAST_DAY - 30, Math.floor(DAY_2025 - yearsAgo * DAYS_PER_YEAR)));
  const careerEnd = careerStart + Math.floor((3 + rng.exp(35)) * DAYS_PER_YEAR);

  // Education.
  const degTable = isAi ? (isKr ? DEG.KR_AI : DEG.AI) : DEG.NON_AI;
  const degree = degTable.keys[rng.cdf(degTable.cdf)]!;
  const fldTable = isAi ? (isKr ? FLD.KR_AI : FLD.AI) : FLD.NON_AI;
  const field = fldTable.keys[rng.cdf(fldTable.cdf)]!;
  const grad = degree === 'Master' || degree === 'Doctor' || degree === 'MBA';
  const dest = destinations(origin);
  let studyAbroad: string | null = null;
  if (grad && rng.chance(isAi ? p.gradAbroadAi : p.gradAbroadNonAi)) studyAbroad = concrete(rng, dest.codes[rng.cdf(dest.cdf)]!);
  // Career.
  const positions: GenPosition[] = [];
  let t = careerStart;
  let country = studyAbroad && rng.chance(p.stayAfterStudy) ? studyAbroad : origin;
  let role = rng.cdf(isAi ? ROLE_CDF_AI : ROLE_CDF_OTHER);
  let roleSuffix = rng.int(ROLE_K150_SUFFIX.length);
  const scaled = shape.tenureScale !== 1;
  const maxPositions = scaled ? Math.min(60, Math.ceil(14 / shape.tenureScale)) : 14;
  while (t <= LAST_DAY && t < careerEnd && positions.length < maxPositions) {
    let end: number | null = t + Math.floor((0.3 + rng.exp(3.2)) * shape.tenureScale * DAYS_PER_YEAR);
    const last = end >= careerEnd || positions.length === maxPositions - 1;
    if (last) end = careerEnd;
    if (end > LAST_DAY) end = null;
    positions.push(makePosition(rng, t, end, country, role, roleSuffix));
    if (end === null || last) break;
    t = end + (rng.chance(MESS.gap) ? 30 + rng.int(240) : 1 + rng.int(20));
    if (t > LAST_DAY) break;
    // Migration at the job change, in the year of the new start.
    const y = yearOfDay(t);
    if (country === origin) {
      const tr = CALENDAR.emigrationTrend;
      const trend = Math.min(tr.max, Math.max(tr.min, 1 + tr.slope * (y - 2017)));
      const out = (isAi ? p.emigrateAi : p.emigrateNonAi) * trend * (CALENDAR.moveOutFactor[y] ?? 1);
      if (rng.chance(out)) country = concrete(rng, dest.codes[rng.cdf(dest.cdf)]!);
    } else {
      const rt = p.returnTrend;
      const returnTrend = rt ? Math.min(rt.max, Math.max(rt.min, 1 + rt.slope * (y - 2017))) : 1;
      if (rng.chance(Math.min(1, p.returnHome * returnTrend * (CALENDAR.returnFactor[y] ?? 1)))) country = origin;
    }
    if (rng.chance(0.25)) {
      role = rng.cdf(isAi ? ROLE_CDF_AI : ROLE_CDF_OTHER);
      roleSuffix = rng.int(ROLE_K150_SUFFIX.length);
    }
  }

  // Mess on positions.
  if (positions.length > 1 && rng.chance(MESS.staleOpen)) positions[rng.int(positions.length - 1)]!.end = null;
  const main = positions.length;
  if (main > 0 && rng.chance(MESS.concurrent)) {
    const host = positions[rng.int(main)]!;
    const hostEnd = host.end ?? LAST_DAY;
    const start = host.start + Math.floor(rng.u() * 0.5 * (hostEnd - host.start));
    const end = host.end === null && rng.chance(0.5) ? null : start + Math.floor(rng.u() * (hostEnd - start));
    const c = rng.chance(MESS.concurrentAbroad) ? concrete(rng, dest.codes[rng.cdf(dest.cdf)]!) : host.country;
    positions.push(makePosition(rng, start, end, c, CONSULTANT, roleSuffix));
  }
  if (main > 0 && rng.chance(MESS.sameDayTie)) {
    const host = positions[rng.int(main)]!;
    positions.push(makePosition(rng, host.start, host.end, host.country, EDUCATOR, roleSuffix));
  }
  for (const pos of positions) {
    if (rng.chance(MESS.monthOnlyDate)) {
      pos.start = firstOfMonth(pos.start);
      pos.startMonthOnly = true;
    }
    if (pos.end !== null && rng.chance(MESS.monthOnlyDate)) {
      const f = firstOfMonth(pos.end);
      // Never a December month-only end date: 'YYYY-12' would be ambiguous at the year-end.
      if (f >= pos.start && monthDay(f).month !== 12) {
        pos.end = f;
        pos.endMonthOnly = true;
      }
    }
  }
  if (index % MESS.junkEvery === 7 && positions.length > 0) {
    const host = positions[0]!;
    positions.push({ ...host, junk: true });
  }
  const stride = scaled ? 64 : 20;
  for (let j = 0; j < positions.length; j++) positions[j]!.pid = index * stride + j + 1;

  const design = designFactor(origin, isAi);
  if (coreOnly) return { index, userId: 10_000_000 + index, origin, isAi, aiSkills: [], skills: [], positions, education: [], user: null, design };
  const rd = new Rng(seed, index, 1); // made only here: the weight pass never draws from it

  const edu: { degree: string; field: string; country: string; years: number }[] = [];
  if (degree === 'High School') edu.push({ degree: 'High School Diploma', field: 'General', country: origin, years: 3 });
  else if (degree === 'Associate') edu.push({ degree: 'Associate Degree', field, country: origin, years: 2 });
  else {
    edu.push({ degree: "Bachelor's Degree", field: rd.chance(0.8) ? field : fldTable.keys[rd.cdf(fldTable.cdf)]!, country: origin, years: 4 });
    const abroad = studyAbroad ?? origin;
    if (degree === 'Master') edu.push({ degree: "Master's Degree", field, country: abroad, years: 2 });
    if (degree === 'MBA') edu.push({ degree: 'MBA', field: 'Business', country: abroad, years: 2 });
    if (degree === 'Doctor') {
      if (rd.chance(0.6)) edu.push({ degree: "Master's Degree", field, country: abroad, years: 2 });
      edu.push({ degree: 'Doctor of Philosophy (PhD)', field, country: abroad, years: 4 });
    }
  }
  const education: GenEducation[] = [];
  if (!rd.chance(MESS.noEducation)) {
    // Dates backwards from the career start, the last record first.
    let t = careerStart - Math.floor(rd.u() * 120);
    const starts: number[] = new Array<number>(edu.length);
    const ends: number[] = new Array<number>(edu.length);
    for (let j = edu.length - 1; j >= 0; j--) {
      ends[j] = t;
      starts[j] = t - Math.floor(edu[j]!.years * DAYS_PER_YEAR);
      t = starts[j]! - Math.floor(rd.u() * 60);
    }
    for (let j = 0; j < edu.length; j++) {
      const e = edu[j]!;
      const undated = rd.chance(MESS.undatedEducation);
      const noCountry = rd.chance(MESS.educationCountryMissing);
      education.push({
        number: j + 1,
        university: `${COUNTRY_SPELLINGS[e.country]!.name} University ${1 + rd.int(40)}`,
        country: noCountry ? null : e.country,
        countryText: noCountry ? '' : countryText(rd, e.country),
        degree: e.degree,
        field: e.field,
        start: undated ? null : firstOfMonth(starts[j]!),
        end: undated ? null : firstOfMonth(ends[j]!),
      });
    }
  }

  // Skills.
  const q = isKr ? Q_KR : Q_OTHER;
  const aiSkills: AiSkill[] = [];
  if (isAi) {
    for (let tries = 0; tries < 50 && aiSkills.length === 0; tries++) {
      for (let k = 0; k < AI_SKILLS.length; k++) if (rd.chance(q[k]!)) aiSkills.push(AI_SKILLS[k]!);
    }
    if (aiSkills.length === 0) aiSkills.push('machine learning');
  }

  const degreeWage = DEGREES.wage[degree] ?? 0;
  for (const x of positions) detail(rd, x, isAi, careerStart, aiSkills, degreeWage);

  // Skill strings.
  const skills: { raw: string; firstReported: number | null }[] = [];
  for (const k of aiSkills) skills.push({ raw: spell(rd, isKr, k), firstReported: reported(rd, careerStart) });
  if (aiSkills.length && rd.chance(MESS.duplicateAiSkill)) skills.push({ raw: spell(rd, isKr, rd.pick(aiSkills)), firstReported: reported(rd, careerStart) });
  const nOther = 2 + rd.int(7);
  for (let j = 0; j < nOther; j++) {
    const raw = isKr && rd.chance(0.15) ? rd.pick(OTHER_SKILLS_KO) : rd.pick(OTHER_SKILLS);
    skills.push({ raw, firstReported: reported(rd, careerStart) });
  }
  if (rd.chance(MESS.trapSkill)) skills.push({ raw: rd.pick(TRAP_SKILLS), firstReported: reported(rd, careerStart) });
  // Interleave AI and other skills as profiles list them.
  for (let j = skills.length - 1; j > 0; j--) {
    const k = rd.int(j + 1);
    const tmp = skills[j]!;
    skills[j] = skills[k]!;
    skills[k] = tmp;
  }

  let user: GenPerson['user'] = null;
  if (!rd.chance(MESS.noUserRow)) {
    let lastPos: GenPosition | undefined;
    for (let j = positions.length - 1; j >= 0 && !lastPos; j--) if (!positions[j]!.junk) lastPos = positions[j];
    user = {
      countryText: lastPos ? countryText(rd, lastPos.country) : '',
      degree: rd.chance(MESS.degreeMissing) ? '' : degree,
      sex: rd.chance(0.6) ? 'M' : 'F',
    };
  }
  return { index, userId: 10_000_000 + index, origin, isAi, aiSkills, skills, positions, education, user, design };
}
