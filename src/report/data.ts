/**
 * Read-side helpers over the contract tables: typed accessors, the latest year, the
 * focus country's series and the per-country points of the premium–mobility link.
 * Everything tolerates absent tables and suppressed (null) cells.
 */
import type { Cell, OutputTable } from '../output/table.ts';

export type Row = Record<string, Cell>;

/** A number, or null for blanks, suppressed cells and non-finite values. */
export function num(v: Cell | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The premium in percent from a log-point coefficient: 100·(exp(b) − 1). */
export function pct(b: number | null): number | null {
  return b === null ? null : 100 * (Math.exp(b) - 1);
}

/** The tables of one run with convenience accessors. */
export class ReportData {
  constructor(
    readonly tables: Map<string, OutputTable>,
    readonly focus: string,
  ) {}

  rows(name: string): Row[] {
    return this.tables.get(name)?.rows ?? [];
  }

  has(name: string): boolean {
    return (this.tables.get(name)?.rows.length ?? 0) > 0;
  }

  /** Integer years present in a table (ascending). */
  years(name: string, col = 'year'): number[] {
    const s = new Set<number>();
    for (const r of this.rows(name)) if (typeof r[col] === 'number') s.add(r[col] as number);
    return [...s].sort((a, b) => a - b);
  }

  /** The latest year with AI headcounts (falls back to premium, then any table). */
  latestYear(): number | null {
    for (const t of ['headcount', 'premium', 'abroad_share', 'flows']) {
      const ys = this.years(t);
      if (ys.length) return ys[ys.length - 1]!;
    }
    return null;
  }

  /** Every country code that appears as `country` or `origin` in the stock tables, sorted. */
  countries(): string[] {
    const s = new Set<string>();
    for (const r of this.rows('headcount')) if (typeof r.country === 'string') s.add(r.country);
    for (const r of this.rows('premium')) if (typeof r.country === 'string') s.add(r.country);
    for (const r of this.rows('abroad_share')) if (typeof r.origin === 'string') s.add(r.origin);
    return [...s].sort();
  }

  /** AI headcount rows of one year, one per country. */
  headcountByCountry(year: number, group = 'ai'): Row[] {
    return this.rows('headcount').filter((r) => r.year === year && r.group === group);
  }

  /** Headcount series of one country (ascending years). */
  headcountSeries(country: string, group = 'ai'): Row[] {
    return this.rows('headcount')
      .filter((r) => r.country === country && r.group === group && typeof r.year === 'number')
      .sort((a, b) => (a.year as number) - (b.year as number));
  }

  /** Premium rows (skill `all`) of one year, one per country. */
  premiumByCountry(year: number | 'pooled'): Row[] {
    return this.rows('premium').filter((r) => r.year === year && r.skill === 'all');
  }

  /** Premium series (skill `all`) of one country over the integer years. */
  premiumSeries(country: string): Row[] {
    return this.rows('premium')
      .filter((r) => r.country === country && r.skill === 'all' && typeof r.year === 'number')
      .sort((a, b) => (a.year as number) - (b.year as number));
  }

  /**
   * Skill premiums of one country: the given year when it has any, else pooled. Returns
   * the rows and the year used.
   */
  skillPremiums(country: string, year: number | null): { year: number | 'pooled' | null; rows: Row[] } {
    const all = this.rows('premium').filter((r) => r.country === country && r.skill !== 'all' && typeof r.skill === 'string');
    for (const y of [year, 'pooled'] as const) {
      if (y === null) continue;
      const rows = all.filter((r) => r.year === y);
      if (rows.length) return { year: y, rows };
    }
    return { year: null, rows: [] };
  }

  /** Net flows of AI workers of one country by year (ascending). */
  flowSeries(country: string, group = 'ai'): Row[] {
    return this.rows('flows')
      .filter((r) => r.country === country && r.group === group && typeof r.year === 'number')
      .sort((a, b) => (a.year as number) - (b.year as number));
  }

  /** Nationals of `origin` abroad in `year` by destination, largest first. */
  abroadByDestination(origin: string, year: number, group = 'ai'): Row[] {
    return this.rows('abroad')
      .filter((r) => r.origin === origin && r.year === year && r.group === group)
      .sort((a, b) => (num(b.persons_weighted) ?? num(b.persons) ?? -1) - (num(a.persons_weighted) ?? num(a.persons) ?? -1));
  }

  /** The abroad_share row of one origin, year and group. */
  abroadShare(origin: string, year: number, group: string): Row | undefined {
    return this.rows('abroad_share').find((r) => r.origin === origin && r.year === year && r.group === group);
  }

  /** The ranks.csv row of one measure, country, year and group (rank with its bootstrap range). */
  rank(measure: string, country: string, year: number, group: string): Row | undefined {
    return this.rows('ranks').find((r) => r.measure === measure && r.country === country && r.year === year && r.group === group);
  }

  /** The mobility row of one country, year and group. */
  mobility(country: string, year: number, group: string): Row | undefined {
    return this.rows('mobility').find((r) => r.country === country && r.year === year && r.group === group);
  }
}
