/**
 * Section 8: published figures (`src/reference/published.json`, with sources) matched
 * to the measured values where the study's setting matches the published one (same AI
 * definition); "—" where it has no comparable figure.
 */
import { ReportData, num, pct } from './data.ts';
import { countryName, fmtInt, fmtNum, fmtPct, t, type Lang } from './i18n.ts';
import { publishedFigures, type Figure, type FigureMatch as Match, type SignValue } from '../reference/index.ts';

export { publishedFigures };

type Year = number | 'latest' | 'pooled';

/** One row of the comparison table. */
export interface PublishedRow {
  id: string;
  label: string;
  /** Short label for charts (country and year of premium figures), else the label. */
  short: string;
  source: string;
  sourceKey: string;
  published: string;
  measured: string;
  /** Numeric values for charts (percent-type figures only). */
  publishedValue: number | null;
  measuredValue: number | null;
  unit: Figure['unit'];
  comparable: boolean;
  note: string;
}

const NOTES: Record<Lang, Record<string, string>> = {
  en: { definition: 'different AI definition in this run', postings: 'job postings: different setting', missing: 'not measured in this run' },
  ko: { definition: '이번 분석과 AI 정의가 다름', postings: '채용공고 기반: 다른 설정', missing: '이번 분석에서 측정되지 않음' },
};
const PARTIAL: Record<Lang, (k: number, n: number) => string> = {
  en: (k, n) => `only ${k} of the ${n} years published (the others suppressed): not comparable`,
  ko: (k, n) => `${n}개 연도 중 ${k}개 연도만 공표(나머지 비공개): 비교 불가`,
};

/** A measured sign summary: from the weighted net (country-side weights), with the unweighted one and the span of years asked. */
interface MeasuredSign extends SignValue {
  span: number;
  unweighted: SignValue | null;
}

function signOf(rows: ReturnType<ReportData['flowSeries']>, col: 'net' | 'net_weighted'): SignValue | null {
  const nets = rows.map((r) => ({ year: r.year as number, net: num(r[col]) })).filter((r) => r.net !== null);
  if (!nets.length) return null;
  return { outflowYears: nets.filter((r) => r.net! < 0).length, years: nets.length, inflow: nets.filter((r) => r.net! > 0).map((r) => r.year) };
}

function yearOf(y: Year, data: ReportData): number | 'pooled' | null {
  return y === 'latest' ? data.latestYear() : y;
}

/** The measured value of a figure; a number, a sign summary, or null. */
function measure(m: Match, data: ReportData): number | MeasuredSign | null {
  switch (m.kind) {
    case 'headcount': {
      const r = data.rows('headcount').find((x) => x.country === m.country && x.year === yearOf(m.year, data) && x.group === 'ai');
      return r ? num(r.persons_weighted) ?? num(r.persons) : null;
    }
    case 'premium': {
      const r = data.rows('premium').find((x) => x.country === m.country && x.year === yearOf(m.year, data) && x.skill === 'all');
      return r ? num(r.premium_pct) ?? pct(num(r.estimate)) : null;
    }
    case 'premium_avg': {
      const v = data.premiumSeries(m.country)
        .filter((r) => (r.year as number) >= m.from && (r.year as number) <= m.to)
        .map((r) => num(r.premium_pct) ?? pct(num(r.estimate)))
        .filter((x): x is number => x !== null);
      return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
    }
    case 'skill_premium': {
      // Pooled when present (the BOK figures name no year), else the latest year.
      let { rows } = data.skillPremiums(m.country, null);
      if (!rows.length) rows = data.skillPremiums(m.country, data.latestYear()).rows;
      const r = rows.find((x) => x.skill === m.skill);
      return r ? num(r.premium_pct) ?? pct(num(r.estimate)) : null;
    }
    case 'abroad_total': {
      const y = yearOf(m.year, data);
      const r = typeof y === 'number' ? data.abroadShare(m.origin, y, 'ai') : undefined;
      return r ? num(r.persons_abroad_weighted) ?? num(r.persons_abroad) : null;
    }
    case 'abroad_share': {
      const y = yearOf(m.year, data);
      const r = typeof y === 'number' ? data.abroadShare(m.origin, y, 'ai') : undefined;
      const s = num(r?.share_abroad_weighted) ?? num(r?.share_abroad);
      return s === null ? null : 100 * s;
    }
    case 'abroad_gap_share': {
      const y = yearOf(m.year, data);
      if (typeof y !== 'number') return null;
      const a = data.abroadShare(m.origin, y, 'ai');
      const b = data.abroadShare(m.origin, y, 'non_ai');
      const sa = num(a?.share_abroad_weighted) ?? num(a?.share_abroad);
      const sb = num(b?.share_abroad_weighted) ?? num(b?.share_abroad);
      return sa === null || sb === null ? null : 100 * (sa - sb);
    }
    case 'abroad_dest': {
      const y = yearOf(m.year, data);
      const r = data.rows('abroad').find((x) => x.origin === m.origin && x.destination === m.destination && x.year === y && x.group === 'ai');
      return r ? num(r.persons_weighted) ?? num(r.persons) : null;
    }
    case 'net_sign': {
      // Counted over the published (unsuppressed) years only; the weighted net carries the
      // country's own weights (inflow: positions taken there, outflow: positions left).
      const rows = data.flowSeries(m.country).filter((r) => (r.year as number) >= m.from && (r.year as number) <= m.to);
      const unweighted = signOf(rows, 'net');
      const main = signOf(rows, 'net_weighted') ?? unweighted;
      return main ? { ...main, span: m.to - m.from + 1, unweighted } : null;
    }
    case 'foreign_share': {
      const y = yearOf(m.year, data);
      const r = typeof y === 'number' ? data.mobility(m.country, y, m.group) : undefined;
      const v = num(r?.foreign_job_change_share);
      return v === null ? null : 100 * v;
    }
    case 'composition': {
      const y = yearOf(m.year, data);
      const re = new RegExp(m.pattern, 'i');
      const rows = data.rows('composition').filter(
        (r) => r.country === m.country && r.year === y && r.group === 'ai' && r.dimension === m.dimension && typeof r.category === 'string' && re.test(r.category),
      );
      const v = rows.map((r) => num(r.share_weighted) ?? num(r.share)).filter((x): x is number => x !== null);
      return v.length ? 100 * v.reduce((s, x) => s + x, 0) : null;
    }
    case 'net_per_10k': {
      const y = yearOf(m.year, data);
      const r = typeof y === 'number' ? data.mobility(m.country, y, 'ai') : undefined;
      return num(r?.net_per_10k);
    }
    case 'none':
      return null;
  }
}

function fmtValue(v: number | SignValue | MeasuredSign, unit: Figure['unit'], lang: Lang): string {
  if (typeof v !== 'number') {
    const inflow = v.inflow.length ? v.inflow.join(', ') : lang === 'ko' ? '없음' : 'none';
    const text = lang === 'ko'
      ? `${v.years}년 중 ${v.outflowYears}년 순유출(순유입: ${inflow})`
      : `net outflow in ${v.outflowYears} of ${v.years} years (inflow: ${inflow})`;
    if (!('span' in v) || !v.unweighted) return text;
    const u = v.unweighted;
    const same = u.outflowYears === v.outflowYears && u.years === v.years && u.inflow.join() === v.inflow.join();
    if (lang === 'ko') return `가중 ${text}; 비가중 ${same ? '동일' : `${u.years}년 중 ${u.outflowYears}년 순유출`}`;
    return `weighted: ${text}; unweighted: ${same ? 'the same' : `net outflow in ${u.outflowYears} of ${u.years} years`}`;
  }
  switch (unit) {
    case 'count': return fmtInt(v, lang);
    case 'pct': return fmtPct(v, lang, 1);
    case 'pp': return `${fmtNum(v, lang, 1)}${lang === 'ko' ? '%p' : ' pp'}`;
    case 'per10k': return fmtNum(v, lang, 2);
    default: return String(v);
  }
}

/**
 * The comparison rows: every published figure with its source and, where the run's
 * options match the published setting, the measured value.
 */
export function comparePublished(data: ReportData, options: Record<string, unknown>, lang: Lang): PublishedRow[] {
  const file = publishedFigures();
  const notes = NOTES[lang];
  return file.figures.filter((f) => f.report !== false).map((f) => {
    const setting = file.settings[f.setting];
    const matches = setting !== undefined && Object.entries(setting).every(([k, v]) => options[k] === undefined || options[k] === v);
    let measured: number | MeasuredSign | null = null;
    let note = '';
    let partial = false;
    if (!setting) note = notes.postings!;
    else if (!matches) note = notes.definition!;
    else {
      measured = measure(f.match, data);
      if (measured === null) note = notes.missing!;
      else if (typeof measured !== 'number' && measured.years < measured.span) {
        partial = true;
        note = PARTIAL[lang](measured.years, measured.span);
      }
    }
    return {
      id: f.id,
      label: f.label[lang],
      short: f.match.kind === 'premium' ? `${countryName(f.match.country, lang)}, ${f.match.year === 'pooled' ? t(lang).pooled : f.match.year}` : f.label[lang],
      source: file.sources[f.source]?.[lang] ?? f.source,
      sourceKey: f.source,
      published: fmtValue(f.value, f.unit, lang),
      measured: measured === null ? '—' : fmtValue(measured, f.unit, lang),
      publishedValue: typeof f.value === 'number' ? f.value : null,
      measuredValue: typeof measured === 'number' ? measured : null,
      unit: f.unit,
      comparable: measured !== null && !partial,
      note: note || t(lang).yes,
    };
  });
}
