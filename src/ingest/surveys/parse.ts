/**
 * Value parsers shared by the survey adapters: experience bands to years, years to a
 * seniority band, education answers to a degree, currency text to an ISO 4217 code, and
 * survey country answers to ISO 3166-1 alpha-2. Each is a pure function of one answer.
 */
import { readFileSync } from 'node:fs';
import { CountryResolver } from '../countries.ts';

/**
 * Years from an experience answer: `7`, `Less than 1 year` / `Less than a year` (0.5),
 * `More than 50 years` / `30 or more years` (the bound), `3-5 years` / `1 to 2 years`
 * (midpoint). Null when not a number or band.
 */
export function parseYears(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const t = text.trim().toLowerCase();
  if (!t) return null;
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^less than (a|1|one) year/.test(t)) return 0.5;
  const range = /^(\d+)\s*(?:-|to)\s*(\d+)/.exec(t);
  if (range) return (Number(range[1]) + Number(range[2])) / 2;
  const open = /^(?:more than\s+)?(\d+)(?:\s+or more)?\s+years?/.exec(t);
  if (open) return Number(open[1]);
  return null;
}

/** Experience band edges (years) for seniority levels 1–6; documented in docs/real-data.md. */
export const SENIORITY_EDGES = [2, 5, 10, 15, 20] as const;

/**
 * Seniority band from years of professional experience: <2 → 1, 2–<5 → 2, 5–<10 → 3,
 * 10–<15 → 4, 15–<20 → 5, 20+ → 6. An experience band, not Revelio's job-title hierarchy.
 */
export function seniorityFromYears(years: number | null): number | null {
  if (years === null || !Number.isFinite(years) || years < 0) return null;
  let level = 1;
  for (const edge of SENIORITY_EDGES) if (years >= edge) level++;
  return level;
}

/**
 * Highest degree from the survey's education answer (EdLevel / FormalEducation, all years):
 * `Doctor`, `Professional` (JD, MD), `Master`, `Bachelor`, `Associate`, `Some college`,
 * `High School`, `Primary`; null for "Something else", "prefer not" and empty.
 */
export function degreeFromEdLevel(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.normalize('NFKC').toLowerCase();
  if (/doctoral|ph\.?\s?d/.test(t)) return 'Doctor';
  if (/^professional degree/.test(t)) return 'Professional';
  if (/^master/.test(t)) return 'Master';
  if (/^bachelor/.test(t)) return 'Bachelor';
  if (/^associate/.test(t)) return 'Associate';
  if (/^some college/.test(t)) return 'Some college';
  if (/^secondary school/.test(t)) return 'High School';
  if (/^primary|elementary/.test(t)) return 'Primary';
  return null;
}

/** ISO 4217 code at the start of a currency answer (`EUR European Euro`, `USD\tUnited States dollar`, `EUR`). */
export function currencyCode(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = /^([A-Z]{3})\b/.exec(text.trim());
  return m ? m[1]! : null;
}

/** Multiplier from a pay period answer to a year (`Yearly`/`Monthly`/`Weekly`; empty = yearly). */
export function periodsPerYear(freq: string | null | undefined): number | null {
  if (freq === null || freq === undefined || freq.trim() === '') return 1;
  const t = freq.trim().toLowerCase();
  if (t.startsWith('year')) return 1;
  if (t.startsWith('month')) return 12;
  if (t.startsWith('week')) return 52;
  return null;
}

const soCountries = JSON.parse(readFileSync(new URL('./so-countries.json', import.meta.url), 'utf8')) as {
  nonCountries: string[];
  aliases: Record<string, string>;
};

/** Outcome of mapping one survey country answer. */
export type CountryOutcome = { code: string } | { reason: 'missing_country' | 'not_a_country' | 'unknown_country' };

/** Maps survey country answers to alpha-2 with the survey aliases first, then the shared resolver. */
export class SurveyCountryMapper {
  private readonly resolver = new CountryResolver();
  private readonly aliases = new Map<string, string>();
  private readonly non = new Set<string>();

  constructor() {
    const key = (s: string) => s.normalize('NFKC').trim().toLowerCase();
    for (const [k, v] of Object.entries(soCountries.aliases)) this.aliases.set(key(k), v);
    for (const n of soCountries.nonCountries) this.non.add(key(n));
  }

  /** Map one answer. */
  map(text: string | null | undefined): CountryOutcome {
    if (text === null || text === undefined || text.trim() === '') return { reason: 'missing_country' };
    const k = text.normalize('NFKC').trim().toLowerCase();
    if (this.non.has(k)) return { reason: 'not_a_country' };
    const alias = this.aliases.get(k) ?? this.aliases.get(k.replace(/\.{3}$/, ''));
    if (alias) return { code: alias };
    const code = this.resolver.resolve(text.replace(/\.{3}$/, ''));
    return code ? { code } : { reason: 'unknown_country' };
  }
}
