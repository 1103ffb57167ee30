/**
 * Calendar days as integers (days since 1970-01-01, UTC) and their text forms. The
 * synthetic world works in days so that every date is exact and written identically on
 * every machine.
 */
const MS_PER_DAY = 86_400_000;

/** Day number of a calendar date (month 1–12). */
export function dayOf(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

const FIRST = 1900;
const LAST = 2100;
const yearStarts: number[] = [];
for (let y = FIRST; y <= LAST + 1; y++) yearStarts.push(dayOf(y, 1, 1));

/** Day number of 31 December of year y (the year-end at which stocks are measured). */
export function yearEnd(y: number): number {
  return y >= FIRST && y <= LAST ? yearStarts[y - FIRST + 1]! - 1 : dayOf(y, 12, 31);
}

/** Calendar year of a day number. */
export function yearOfDay(day: number): number {
  let lo = 0;
  let hi = yearStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (yearStarts[mid]! <= day) lo = mid;
    else hi = mid - 1;
  }
  return FIRST + lo;
}

const CACHE_FROM = yearStarts[0]!;
const isoCache: (string | undefined)[] = new Array(yearStarts[yearStarts.length - 1]! - CACHE_FROM);

/** `YYYY-MM-DD` of a day number. */
export function isoDay(day: number): string {
  const i = day - CACHE_FROM;
  let s = isoCache[i];
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (i >= 0 && i < isoCache.length) isoCache[i] = s;
  }
  return s;
}

/** `YYYY-MM` of a day number (callers use it only on the first of a month). */
export function isoMonth(day: number): string {
  return isoDay(day).slice(0, 7);
}

/** Month (1–12) and day of month of a day number. */
export function monthDay(day: number): { month: number; dom: number } {
  const d = new Date(day * MS_PER_DAY);
  return { month: d.getUTCMonth() + 1, dom: d.getUTCDate() };
}

/** First day of the month that holds a day. */
export function firstOfMonth(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return dayOf(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * Parse a date as written in the data: `YYYY-MM-DD`, or `YYYY-MM` meaning the first day
 * of the month. Empty → null; anything else → NaN (a reject).
 */
export function parseDay(s: string): number | null {
  if (s === '') return null;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (!m) return Number.NaN;
  return dayOf(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1);
}
