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

/**
 * Days either side of 1970-01-01 where civil() is used: a Date holds ±100,000,000 days
 * (beyond, the Date-based forms give NaN), less a month so that the month's first day fits.
 */
const DATE_RANGE_DAYS = 100_000_000 - 31;

/** Whether civil() applies: an integer day number within the range of Date. */
function plainDay(day: number): boolean {
  return Number.isInteger(day) && Math.abs(day) <= DATE_RANGE_DAYS;
}

/** Day number → [year, month 1–12, day of month] (Hinnant's civil_from_days; exact, no Date object). */
function civil(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dom = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, dom];
}

/** Month (1–12) and day of month of a day number. */
export function monthDay(day: number): { month: number; dom: number } {
  if (!plainDay(day)) {
    const d = new Date(day * MS_PER_DAY);
    return { month: d.getUTCMonth() + 1, dom: d.getUTCDate() };
  }
  const [, month, dom] = civil(day);
  return { month, dom };
}

/** First day of the month that holds a day. */
export function firstOfMonth(day: number): number {
  if (!plainDay(day)) {
    const d = new Date(day * MS_PER_DAY);
    return dayOf(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return day - civil(day)[2] + 1;
}

/**
 * Parse a date as written in the data: `YYYY-MM-DD`, or `YYYY-MM` meaning the first day
 * of the month. Empty → null; anything else → NaN (a reject).
 */
export function parseDay(s: string): number | null {
  if (s === '') return null;
  // Fast path for the forms the world writes, years FIRST … LAST with a valid month and
  // day; anything else takes the general path (Date.UTC's handling of odd values kept).
  const n = s.length;
  if ((n === 10 || n === 7) && s.charCodeAt(4) === 45 && (n === 7 || s.charCodeAt(7) === 45)) {
    const y = digits(s, 0, 4);
    const m = digits(s, 5, 2);
    const d = n === 10 ? digits(s, 8, 2) : 1;
    if (y >= FIRST && y <= LAST && m >= 1 && m <= 12 && d >= 1 && d <= monthStart(y, m + 1) - monthStart(y, m)) {
      return yearStarts[y - FIRST]! + monthStart(y, m) + d - 1;
    }
  }
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (!m) return Number.NaN;
  return dayOf(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1);
}

/** The number written in s[at … at + len − 1] (ASCII digits only), else −1. */
function digits(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const MONTH_STARTS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
/** Days from 1 January to the first of month m (1–13: 13 = next 1 January) of year y. */
function monthStart(y: number, m: number): number {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return MONTH_STARTS[m - 1]! + (leap && m > 2 ? 1 : 0);
}
