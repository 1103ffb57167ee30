/**
 * The report's words in English and Korean: headings, labels, notes and the sentences of
 * the summary (functions of the measured numbers, never fixed figures), plus number,
 * percent and country-name formatting per language.
 */
import countries from 'i18n-iso-countries';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
countries.registerLocale(require('i18n-iso-countries/langs/ko.json'));

export const LANGS = ['en', 'ko'] as const;
export type Lang = (typeof LANGS)[number];

/** Short names where the ISO official name is long or formal. */
const SHORT_NAMES: Record<Lang, Record<string, string>> = {
  en: {
    US: 'United States', GB: 'United Kingdom', KR: 'Korea', KP: 'North Korea', CN: 'China', TW: 'Taiwan',
    RU: 'Russia', IR: 'Iran', VN: 'Vietnam', BO: 'Bolivia', VE: 'Venezuela', TZ: 'Tanzania', SY: 'Syria',
    LA: 'Laos', MD: 'Moldova', CD: 'DR Congo', HK: 'Hong Kong', MO: 'Macao', CZ: 'Czechia', NL: 'Netherlands',
  },
  ko: { KR: '한국', KP: '북한', TW: '대만', US: '미국', GB: '영국' },
};

/** Country name in the language (ISO alpha-2 in, the code itself when unknown). */
export function countryName(code: string, lang: Lang): string {
  return SHORT_NAMES[lang][code] ?? countries.getName(code, lang, { select: 'official' }) ?? code;
}

const SKILLS_KO: Record<string, string> = {
  'artificial intelligence': '인공지능', 'machine learning': '머신러닝', 'deep learning': '딥러닝',
  'natural language processing': '자연어 처리', 'computer vision': '컴퓨터 비전', 'pattern recognition': '패턴 인식',
  'signal processing': '신호 처리', neuroscience: '뇌과학', 'brain science': '뇌과학', 'big data': '빅데이터',
  'cloud computing': '클라우드 컴퓨팅', 'data mining': '데이터 마이닝', robotics: '로보틱스',
  'generative ai': '생성형 AI', 'large language models': '대규모 언어 모델', 'reinforcement learning': '강화학습',
};

/** Display name of a skill of the preset. */
export function skillName(skill: string, lang: Lang, capital = true): string {
  if (lang === 'ko') return SKILLS_KO[skill.toLowerCase()] ?? skill;
  return capital ? skill.charAt(0).toUpperCase() + skill.slice(1) : skill;
}

/**
 * A Korean particle after a word: `pick` is the pair written "with batchim/without", e.g.
 * josa('한국', '은', '는') → '한국은'. Words not ending in Hangul get both forms: '은(는)'.
 */
export function josa(word: string, withFinal: string, withoutFinal: string): string {
  const code = word.charCodeAt(word.length - 1);
  if (code >= 0xac00 && code <= 0xd7a3) return word + ((code - 0xac00) % 28 ? withFinal : withoutFinal);
  return `${word}${withFinal}(${withoutFinal})`;
}

const LOCALE: Record<Lang, string> = { en: 'en-US', ko: 'ko-KR' };

/** An integer with grouping, or an em dash for missing values. */
export function fmtInt(v: number | null | undefined, lang: Lang): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 0 }).format(Math.round(v));
}

/** A number with fixed decimals (minus sign as U+2212), or an em dash. */
export function fmtNum(v: number | null | undefined, lang: Lang, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const s = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  return s.replace(/^-/, '−');
}

/** A percentage already in percent units (`6.1` → `6.1%`). */
export function fmtPct(v: number | null | undefined, lang: Lang, digits = 1): string {
  const s = fmtNum(v, lang, digits);
  return s === '—' ? s : `${s}%`;
}

function ordinalEn(k: number): string {
  const s = k % 100 >= 11 && k % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[k % 10] ?? 'th';
  return `${k}${s}`;
}

/** A rank among n, highest first: "the highest", "the 3rd highest", "the lowest". */
export function rankPhrase(rank: number, n: number, lang: Lang, what: 'high' | 'large' = 'high'): string {
  if (lang === 'ko') {
    if (n > 1 && rank === n) return '가장 낮음';
    if (rank === 1) return what === 'large' ? '가장 많음' : '가장 높음';
    return what === 'large' ? `${rank}번째로 많음` : `${rank}번째로 높음`;
  }
  const adj = what === 'large' ? 'largest' : 'highest';
  if (n > 1 && rank === n) return what === 'large' ? 'the smallest' : 'the lowest';
  if (rank === 1) return `the ${adj}`;
  return `the ${ordinalEn(rank)} ${adj}`;
}

/**
 * The range of a rank over resampled values ("rank range 9th–11th"; "9~11위"), or the one
 * rank every draw gave.
 */
export function rankRangePhrase(low: number, high: number, lang: Lang): string {
  if (lang === 'ko') return low === high ? `모든 재표본에서 ${low}위` : `순위 범위 ${low}~${high}위`;
  return low === high ? `${ordinalEn(low)} in every resample` : `rank range ${ordinalEn(low)}–${ordinalEn(high)}`;
}

/** Every fixed string of the report, per language. */
const en = {
  title: 'The market for AI talent',
  subtitle: (focus: string, y0: string, y1: string) => `${focus} and comparison countries, ${y0}–${y1}`,
  toggle: '한국어',
  toggleLabel: 'Switch the report to Korean',
  contents: 'Contents',
  summary: 'Summary',
  source: 'Source',
  sourceText: (data: string, version: string) =>
    `talentflow ${version} analysis of workforce-profile data (${data}). Year t = stock on 31 December.`,
  weightedNote: 'Weighted counts (sampling weights of the profile data).',
  suppressedNote: (n: number) => `— : not shown (fewer than ${n} persons) or not available.`,
  noData: 'No data for this section in this run.',
  tableCaption: 'Data behind the chart',
  generated: 'Created',
  s1: 'AI-skilled workers',
  s2: 'The AI wage premium by country',
  s3: 'The AI wage premium over time',
  s4: 'The premium by AI skill',
  s5: 'Net flows of AI workers',
  s6: 'Nationals working abroad',
  s7: 'Premium and mobility across countries',
  s8: 'Published figures beside measured ones',
  s9: 'Data and methods',
  sReal: 'Real-data studies',
  sSens: 'Sensitivity to the AI definition',
  country: 'Country',
  origin: 'Origin',
  destination: 'Destination',
  year: 'Year',
  skill: 'AI skill',
  persons: 'Persons',
  personsW: 'Persons (weighted)',
  aiWorkersW: 'AI-skilled workers (weighted)',
  premium: 'AI wage premium (%)',
  ci95: '95% CI',
  ciLow: 'CI low (%)',
  ciHigh: 'CI high (%)',
  n: 'N',
  nAi: 'N (AI)',
  inflow: 'Inflow',
  outflow: 'Outflow',
  inflowW: 'Inflow (weighted)',
  outflowW: 'Outflow (weighted)',
  net: 'Net',
  netW: 'Net flow (weighted)',
  netOut: 'Net outflow',
  netIn: 'Net inflow',
  abroadW: 'Working abroad (weighted)',
  shareOfAbroad: 'Share of those abroad',
  shareAbroadAi: 'AI workers abroad (% of origin)',
  shareAbroadNon: 'Other workers abroad (%)',
  gapPp: 'AI minus other (pp)',
  fitted: 'Fitted line (95% band)',
  fittedWithout: (c: string) => `Dashed: line fitted without ${c}, band: 95% prediction interval for one country`,
  scenario: 'Scenario',
  scenarioAt: (c: string, x: string) => `${c} at a ${x} premium`,
  published: 'Published',
  measured: 'Measured',
  figure: 'Figure',
  sourceCol: 'Source',
  setting: 'Comparable?',
  yes: 'yes',
  noComparable: 'no comparable figure',
  reason: 'Reason',
  rows: 'Rows',
  table: 'Table',
  read: 'Read',
  rejected: 'Rejected',
  file: 'File',
  bytes: 'Bytes',
  sha: 'SHA-256 (first 12)',
  option: 'Option',
  value: 'Value',
  measure: 'Measure',
  slope: 'Slope',
  pearson: 'Pearson',
  spearman: 'Spearman',
  nCountries: 'Countries',
  cellsSuppressed: 'Rows suppressed',
  coverage: 'Coverage',
  inputs: 'Inputs',
  rejects: 'Rows rejected by reason',
  options: 'Study options',
  suppression: 'Disclosure control',
  linkTable: 'Fit reported by the study (link.csv)',
  model: 'Model',
  crossSection: 'Cross-section (HC3)',
  panelFe: 'Panel, country and year FE (clustered)',
  pValue: 'p (t-test)',
  pResample: 'p (permutation / wild bootstrap)',
  influenceTable: 'Slope with each country left out (link_influence.csv)',
  leftOut: 'Country left out',
  slopeWithout: 'Slope without it',
  slopeChange: 'Change',
  linkNote: (c: string, k: number) =>
    `Dashed line: OLS fitted to the ${k} countries other than ${c} (the scenario's line), band: 95% prediction interval for one country. The slopes in the table use all countries; the cross-section interval uses HC3 errors, the panel interval errors clustered by country. Scenario: the median premium of the other countries. All are associations across countries, not effects.`,
  pointsTable: 'Countries in the scatter',
  years: 'Years',
  countries: 'Countries',
  outflowYear: 'outflow year',
  mapLegend: 'AI workers abroad (weighted)',
  mapOrigin: 'Origin',
  mapNote: 'Shading: nationals working in each destination; lines: the five largest destinations.',
  realNote:
    'Estimates on public survey data (the Stack Overflow Developer Survey and the aijobs.net salaries), not on profile data, set beside published premiums. The full tables, with log-point estimates and standard errors, are in the CSV files of the real-data folder and in talentflow.xlsx.',
  real: {
    soTitle: (year: number, sample: boolean) => `AI premium in the Stack Overflow survey, ${year}${sample ? ' sample' : ''}`,
    cbTitle: 'Cross-border employment in aijobs.net',
    ajPremTitle: 'Occupation gap in pay, AI minus data job titles, aijobs.net',
    publishedTitle: 'Published AI premiums from job postings and freelance platforms',
    definitions: {
      ml_framework_or_ai_devtype: 'ML framework or AI/ML developer type',
      ml_framework: 'ML framework',
      ai_devtype: 'AI/ML developer type',
      llm_use: 'LLM use (tool use, not an AI skill)',
    } as Record<string, string>,
    classes: { ai: 'AI titles', data: 'Data analyst and engineer titles', data_science: 'Data science titles', other: 'Other titles', all: 'All salaries' } as Record<string, string>,
    definition: 'AI definition',
    respondents: 'Respondents',
    aiRespondents: 'AI respondents',
    premiumFull: 'Premium, all controls (%)',
    premiumNoRole: 'Premium without role FE (%)',
    ci95: '95% CI',
    titleClass: 'Job-title class',
    salaries: 'Salaries',
    crossBorder: 'Cross-border',
    shareCb: 'Share cross-border (%)',
    employer: 'Employer country',
    aiSalaries: 'AI-title salaries',
    premiumPct: 'Premium (%)',
    occupationGapPct: 'Occupation gap (%)',
    allEmployers: 'All employer countries',
    source: 'Source',
    scope: 'What is compared',
    suppressedCountries: (k: number, min: number, names: string) =>
      `${k} ${k === 1 ? 'country' : 'countries'} with fewer than ${min} AI or non-AI respondents with compensation ${k === 1 ? 'is' : 'are'} not shown: ${names}.`,
    suppressedEmployers: (k: number, min: number, names: string) =>
      `${k} employer ${k === 1 ? 'country' : 'countries'} with fewer than ${min} AI-title or data-title salaries ${k === 1 ? 'is' : 'are'} not shown: ${names}.`,
    suppressedMany: (k: number, min: number, focus: string | null, file: string) =>
      `${k} countries with fewer than ${min} AI or non-AI respondents with compensation are not shown${focus ? `, ${focus} among them` : ''} (the list is in ${file}).`,
    suppressedEmployersMany: (k: number, min: number, focus: string | null, file: string) =>
      `${k} employer countries with fewer than ${min} AI-title or data-title salaries are not shown${focus ? `, ${focus} among them` : ''} (the list is in ${file}).`,
    noneShown: (def: string, min: number) => `${def}: no country has at least ${min} AI and ${min} non-AI respondents with compensation.`,
    otherDefinition: (def: string, k: number, file: string) =>
      `AI defined as “${def}”: ${k} ${k === 1 ? 'country' : 'countries'} shown, in ${file}.`,
    classSuppressed: (names: string, min: number) => `Not shown, fewer than ${min} cross-border salaries: ${names}.`,
    soNote: (year: number) =>
      `Stack Overflow Developer Survey ${year}: ln(compensation in USD) on an AI indicator with experience, experience², a missing-experience flag and fixed effects for education, developer type (role), organisation size and remote work, by country; compensation trimmed at each country's 1st and 99th percentiles; HC1 errors. Premium = 100·(e^β − 1). Without the role fixed effect, the premium also compares developer types. Every definition and the log-point estimates: real_premium_so${year}.csv.`,
    gap: (pp: string, more: boolean, lo: string, hi: string, n: string) =>
      `AI titles are ${pp} percentage points ${more ? 'more' : 'less'} likely than data titles to be employed across borders (95% CI ${lo} to ${hi}; linear probability model with work-year fixed effects, HC1; ${n} salaries).`,
    cbNote: 'Cross-border: the employee lives in another country than the employer. Rows that repeat another row in every column are counted once. Wilson 95% intervals.',
    ajPremNote:
      'An occupation gap, not a skill premium: the data record job titles, not skills. ln(salary in USD) on an AI-title indicator among AI and data titles, with fixed effects for experience level, employment type, remote ratio and company size, and for employer country × year (all countries) or work year (by country); salaries trimmed at each employer country\'s 1st and 99th percentiles; rows that repeat another row in every column counted once; HC1 errors. Gap = 100·(e^β − 1).',
    withDuplicates: (v: string, lo: string, hi: string, n: string, unit: string) =>
      `With the exact duplicates kept (${n} salaries; errors clustered by duplicate group): ${v}${unit === '%' ? '%' : ' points'} (95% CI ${lo} to ${hi}).`,
    publishedNote: 'Other settings (job postings, freelancers; skills rather than titles): these figures bound the survey estimates rather than validate them.',
  },
  decomp: {
    title: 'What explains the AI pay gap',
    components: {
      total: 'Raw gap', explained: 'Explained by characteristics', unexplained: 'Unexplained (the premium)', seniority: 'Seniority', role: 'Role',
      industry: 'Industry', degree: 'Degree', experience: 'Experience', start_year: 'Start year',
    } as Record<string, string>,
    component: 'Component',
    logPoints: 'Log points',
    shareOfGap: 'Share of the raw gap',
    lead: (c: string, y: string, total: string, lo: string, hi: string) =>
      `In ${y}, the raw gap in mean ln salary between AI-skilled and other workers in ${c} was ${total} log points (95% CI ${lo} to ${hi})`,
    explained: (v: string, lo: string, hi: string, share: string | null) =>
      `Differences in seniority, role, industry, degree, experience and start year account for ${v} (95% CI ${lo} to ${hi}${share ? `; ${share} of the gap` : ''})`,
    seniority: (v: string, lo: string, hi: string, share: string | null) =>
      `seniority alone for ${v} (95% CI ${lo} to ${hi}${share ? `; ${share} of the gap` : ''})`,
    unexplained: (v: string, lo: string, hi: string) =>
      `the rest, ${v} (95% CI ${lo} to ${hi}), is the premium at equal characteristics, the β of the premium model`,
    bok:
      'The Bank of Korea attributes Korea’s small AI premium to seniority-based pay. Where AI-skilled workers earn more mainly because they hold more senior positions, the seniority part of the explained gap is large; where pay at equal characteristics rewards AI skills little, the unexplained part is small.',
    compare: (c: string, v: string, k: number, lo: string, hi: string, med: string) =>
      `${c}’s seniority part is ${v} log points; ${k === 1 ? `the comparison country’s point estimate is ${lo}` : `the point estimates of the ${k} comparison countries range from ${lo} to ${hi} (median ${med})`}`,
    above: (k: number): string => (k === 1 ? 'larger than there' : 'larger than in every one of them'),
    below: (k: number): string => (k === 1 ? 'smaller than there' : 'smaller than in every one of them'),
    within: 'within their range',
    rankU: (c: string, v: string, rank: string, n: number) => `${c}’s unexplained part, ${v} log points, is ${rank} of ${n} countries`,
    caveat: (vcov: string) =>
      `A decomposition is descriptive: it splits the gap by the characteristics of the premium model, each weighted by its coefficient in the pooled regression of AI-skilled and other workers. It does not show that seniority-based pay causes a small premium, and differences the model does not see (firm, hours, ability) stay in the unexplained part. Intervals: delta method with the premium model’s variance (${vcov}), the group means held fixed.`,
    vcov: { cluster: 'clustered by firm', hetero: 'HC1', iid: 'classical' } as Record<string, string>,
    tableFocus: (c: string, y: string) => `Decomposition of the raw gap: ${c}, ${y} (decomposition.csv)`,
    tableCountries: (y: string) => `By country, ${y}: log points with 95% CI`,
    chartTitle: (y: string) => `The AI pay gap and its parts, ${y}`,
    chartSubtitle: 'Mean ln salary, AI-skilled minus other workers, in log points; lines: 95% CI',
    axis: 'Log points (AI − other)',
    none: 'No country-year with a published premium has a decomposition in this run.',
  },
  methods:
    'AI-skilled: at least the minimum number of distinct AI skills of the taxonomy preset. Premium: ln(salary) on an AI indicator with experience, experience² and fixed effects for seniority, role, industry, degree and start year; premium = 100·(exp(β) − 1). Origin is a nationality proxy (first education country). Counts below the disclosure threshold are blank.',
  // takeaways and summary sentences -------------------------------------------------------
  t1: (c: string, n: string, y: string, rank: string, k: number, ci?: string) =>
    `${c} had ${n} AI-skilled workers in ${y}${ci ? ` (${ci})` : ''}, ${rank} of ${k} countries`,
  t1trend: (n0: string, y0: string, up: boolean) => `${up ? 'up' : 'down'} from ${n0} in ${y0}`,
  t2: (c: string, p: string, y: string, rank: string, k: number) =>
    `${c}'s AI wage premium was ${p} in ${y}, ${rank} of ${k} countries`,
  t2ci: (lo: string, hi: string) => `95% CI ${lo} to ${hi}`,
  t3: (c: string, p0: string, y0: string, p1: string, y1: string) => `${c}'s premium went from ${p0} in ${y0} to ${p1} in ${y1}`,
  t3pooled: (p: string, lo: string, hi: string) => `${p} for the period as a whole (pooled model, 95% CI ${lo} to ${hi})`,
  t4: (c: string, s: string, p: string, yr: string) => `In ${c}, ${s} carries the highest skill premium (${p}, ${yr})`,
  t5: (c: string, k: number, m: number, y0: string, y1: string, kw: number | null) =>
    (m === 1
      ? `${c} ${k ? 'lost' : 'did not lose'} AI workers on net in ${y0}`
      : `${c} lost AI workers on net in ${k} of the ${m} published years ${y0}–${y1}`) +
    (kw === null ? '' : kw === k ? ', unweighted and weighted' : ` unweighted, ${kw} weighted`),
  t5sup: (hidden: number, all: number, y0: string, y1: string) =>
    `${hidden} of the ${all} years ${y0}–${y1} are not published (fewer moves in or out than the disclosure threshold)`,
  synthBok:
    'These data are a synthetic world of talentflow\'s generator (the demo world), whose parameters are calibrated to the Bank of Korea figures: agreement with them is by construction, not evidence',
  t5in: (ys: string) => `net inflow only in ${ys}`,
  t5ci: (k: number, m: number) =>
    m === 1 ? `the 95% interval of the weighted net flow ${k ? 'lies' : 'does not lie'} below zero` : `the 95% interval of the weighted net flow lies below zero in ${k} of the ${m} years`,
  t1ci: (lo: string, hi: string) => `95% CI ${lo} to ${hi}`,
  rankNote: (draws: number) => `Rank ranges: 2.5th–97.5th percentile of the rank over the bootstrap replicates (counts) or over ${draws} draws of each estimate from its normal sampling distribution (premiums).`,
  t5none: 'with no year of net inflow',
  t6: (c: string, share: string, n: string, y: string) => `${share} of ${c}'s AI workers worked abroad in ${y} (${n})`,
  t6dest: (d: string, n: string) => `most in ${d} (${n})`,
  t6gap: (pp: string) => `${pp} points more than other workers`,
  t6model: (pp: string, more: boolean, lo: string, hi: string, raw: string, rawW: string) =>
    `Compared with other nationals of the same role and seniority in their last job at home, experience and degree, AI workers were ${pp} points ${more ? 'more' : 'less'} likely to work abroad (95% CI ${lo} to ${hi}; linear probability model, HC1), against a raw gap of ${raw} points (weighted ${rawW})`,
  t7: (k: number, y: string, slope: string, lower: boolean, lo: string, hi: string, p: string, zero: boolean) =>
    `Across ${k} countries in ${y}, a 1-point higher AI premium is associated with a ${slope}-point ${lower ? 'lower' : 'higher'} share of AI workers abroad (95% CI ${lo} to ${hi}, HC3 errors; permutation p = ${p})` +
    (zero ? ', an interval that includes zero' : ''),
  t7none: 'Too few countries for a fitted line',
  t7infl: (c: string, slope: string) => `The most influential country is ${c}: without it the slope is ${slope}`,
  t7panel: (g: number, slope: string, lo: string, hi: string, p: string) =>
    `Within countries over time (country and year fixed effects, ${g} countries), the slope is ${slope} (95% CI ${lo} to ${hi}, clustered by country; wild bootstrap p = ${p})`,
  t7scen: (c: string, k: number, x: string, y: string, lo: string, hi: string, now: string, zero: boolean) =>
    `On the line fitted to the other ${k} countries, a country with a ${x} premium is associated with a ${y} share abroad (95% prediction interval for one country ${lo} to ${hi}), against ${now} measured for ${c}` +
    (zero ? "; the slope's interval includes zero, so the data are also consistent with no association" : '') +
    '; an association across countries, not the effect of a change in the premium',
  t8: (k: number, m: number) => `${k} of ${m} published figures have a comparable measured value`,
  t9: (read: string, rej: string, share: string, sup: number) =>
    `${read} rows read, ${rej} rejected (${share}); ${sup} output rows suppressed for disclosure control`,
  dirLower: 'lower',
  dirHigher: 'higher',
  pooled: 'pooled',
  stockPremium: 'All workers (%)',
  newHirePremium: 'New hires (%)',
  nNewHires: 'N (new hires)',
  newHiresCaption: (c: string) => `AI wage premium of new hires beside all workers: ${c}`,
  newHiresNote:
    'New hires: the same model on the workers whose primary position started that year (the pay of the year’s hires). The premium of all workers moves slowly because a position keeps its salary for its whole span.',
  withheld: (primary: string, secondary: string, min: number, files: string) =>
    `Disclosure control withheld ${primary} cells of ${files} because they count fewer than ${min} persons, and ${secondary} more so that none of them can be recovered by adding and subtracting published figures.`,
};

export type Strings = typeof en;

const ko: Strings = {
  title: 'AI 인재 시장',
  subtitle: (focus, y0, y1) => `${focus} 및 비교 국가, ${y0}–${y1}년`,
  toggle: 'English',
  toggleLabel: '보고서를 영어로 전환',
  contents: '목차',
  summary: '요약',
  source: '자료',
  sourceText: (data, version) => `talentflow ${version}의 인력 프로필 데이터(${data}) 분석. t년 값은 12월 31일 기준.`,
  weightedNote: '가중치 적용 인원(프로필 데이터의 표본 가중치).',
  suppressedNote: (n) => `— : 표시하지 않음(${n}명 미만) 또는 자료 없음.`,
  noData: '이번 분석에는 이 절의 자료가 없습니다.',
  tableCaption: '그림의 기초 자료',
  generated: '작성',
  s1: 'AI 전문인력',
  s2: '국가별 AI 임금 프리미엄',
  s3: 'AI 임금 프리미엄의 추이',
  s4: 'AI 기술별 임금 프리미엄',
  s5: 'AI 인력의 순유출입',
  s6: '해외 근무 자국민',
  s7: '국가 간 임금 프리미엄과 이동성',
  s8: '공표 수치와 측정 수치 비교',
  s9: '자료와 방법',
  sReal: '실제 자료 분석',
  sSens: 'AI 정의에 대한 민감도',
  country: '국가',
  origin: '출신국',
  destination: '근무국',
  year: '연도',
  skill: 'AI 기술',
  persons: '인원',
  personsW: '인원(가중)',
  aiWorkersW: 'AI 전문인력(가중)',
  premium: 'AI 임금 프리미엄(%)',
  ci95: '95% 신뢰구간',
  ciLow: '신뢰구간 하한(%)',
  ciHigh: '신뢰구간 상한(%)',
  n: '관측치',
  nAi: '관측치(AI)',
  inflow: '유입',
  outflow: '유출',
  inflowW: '유입(가중)',
  outflowW: '유출(가중)',
  net: '순유입',
  netW: '순유입(가중)',
  netOut: '순유출',
  netIn: '순유입',
  abroadW: '해외 근무(가중)',
  shareOfAbroad: '해외 근무자 중 비중',
  shareAbroadAi: 'AI 인력 해외 근무 비율(%)',
  shareAbroadNon: '기타 인력 해외 근무 비율(%)',
  gapPp: 'AI − 기타(%p)',
  fitted: '적합선(95% 신뢰대)',
  fittedWithout: (c) => `점선: ${c} 제외 적합선, 음영: 한 국가에 대한 95% 예측구간`,
  scenario: '시나리오',
  scenarioAt: (c, x) => `${c} 프리미엄 ${x} 가정`,
  published: '공표',
  measured: '측정',
  figure: '지표',
  sourceCol: '출처',
  setting: '비교 가능',
  yes: '예',
  noComparable: '비교 가능한 수치 없음',
  reason: '사유',
  rows: '행',
  table: '표',
  read: '읽은 행',
  rejected: '제외된 행',
  file: '파일',
  bytes: '바이트',
  sha: 'SHA-256(앞 12자)',
  option: '옵션',
  value: '값',
  measure: '지표',
  slope: '기울기',
  pearson: '피어슨',
  spearman: '스피어만',
  nCountries: '국가 수',
  cellsSuppressed: '비공개 행',
  coverage: '포괄 범위',
  inputs: '입력 자료',
  rejects: '사유별 제외 행',
  options: '분석 옵션',
  suppression: '공개 제한',
  linkTable: '분석 결과의 적합(link.csv)',
  model: '모형',
  crossSection: '횡단면(HC3)',
  panelFe: '패널, 국가·연도 고정효과(군집)',
  pValue: 'p (t 검정)',
  pResample: 'p (순열 / 와일드 부트스트랩)',
  influenceTable: '국가별 제외 시 기울기(link_influence.csv)',
  leftOut: '제외한 국가',
  slopeWithout: '제외 시 기울기',
  slopeChange: '변화',
  linkNote: (c, k) =>
    `점선: ${c} 외 ${k}개국에 대한 최소자승 적합선(시나리오의 직선), 음영: 한 국가에 대한 95% 예측구간. 표의 기울기는 전체 국가 기준이며 횡단면 신뢰구간은 HC3 표준오차, 패널 신뢰구간은 국가 군집 표준오차를 사용. 시나리오는 다른 국가 프리미엄의 중앙값. 모두 국가 간 연관성이며 효과가 아님.`,
  pointsTable: '산점도의 국가',
  years: '연도',
  countries: '국가',
  outflowYear: '순유출 연도',
  mapLegend: '해외 근무 AI 인력(가중)',
  mapOrigin: '출신국',
  mapNote: '음영: 근무국별 자국민 수, 선: 상위 5개 근무국.',
  realNote:
    '프로필 자료가 아닌 공개 설문 자료(Stack Overflow 개발자 설문, aijobs.net 급여 자료)로 추정한 결과를 공표된 프리미엄과 함께 표시. 로그 포인트 추정치와 표준오차를 포함한 전체 표는 실제 자료 폴더의 CSV 파일과 talentflow.xlsx에 있음.',
  real: {
    soTitle: (year, sample) => `Stack Overflow 설문의 AI 임금 프리미엄, ${year}년${sample ? ' 표본' : ''}`,
    cbTitle: 'aijobs.net의 국경 간 고용',
    ajPremTitle: 'aijobs.net의 직업 간 임금 격차(AI 직함 − 데이터 직함)',
    publishedTitle: '채용공고·프리랜서 플랫폼 기반 공표 AI 임금 프리미엄',
    definitions: {
      ml_framework_or_ai_devtype: 'ML 프레임워크 사용 또는 AI/ML 개발자 유형',
      ml_framework: 'ML 프레임워크 사용',
      ai_devtype: 'AI/ML 개발자 유형',
      llm_use: 'LLM 사용(도구 사용이며 AI 기술 아님)',
    },
    classes: { ai: 'AI 직함', data: '데이터 분석가·엔지니어 직함', data_science: '데이터 과학 직함', other: '기타 직함', all: '전체 급여' },
    definition: 'AI 정의',
    respondents: '응답자',
    aiRespondents: 'AI 응답자',
    premiumFull: '프리미엄, 전체 통제(%)',
    premiumNoRole: '프리미엄, 직무 고정효과 제외(%)',
    ci95: '95% 신뢰구간',
    titleClass: '직함 분류',
    salaries: '급여 수',
    crossBorder: '국경 간',
    shareCb: '국경 간 비율(%)',
    employer: '고용국',
    aiSalaries: 'AI 직함 급여 수',
    premiumPct: '프리미엄(%)',
    occupationGapPct: '직업 간 격차(%)',
    allEmployers: '전체 고용국',
    source: '출처',
    scope: '비교 대상',
    suppressedCountries: (k, min, names) => `보수를 응답한 AI 또는 비AI 응답자가 ${min}명 미만인 ${k}개국은 표시하지 않음: ${names}.`,
    suppressedEmployers: (k, min, names) => `AI 직함 또는 데이터 직함 급여가 ${min}건 미만인 고용국 ${k}개국은 표시하지 않음: ${names}.`,
    suppressedMany: (k, min, focus, file) =>
      `보수를 응답한 AI 또는 비AI 응답자가 ${min}명 미만인 ${k}개국은 표시하지 않음${focus ? `(${focus} 포함)` : ''}. 국가 목록은 ${file}에 있음.`,
    suppressedEmployersMany: (k, min, focus, file) =>
      `AI 직함 또는 데이터 직함 급여가 ${min}건 미만인 고용국 ${k}개국은 표시하지 않음${focus ? `(${focus} 포함)` : ''}. 국가 목록은 ${file}에 있음.`,
    noneShown: (def, min) => `${def}: 보수를 응답한 AI 응답자와 비AI 응답자가 각각 ${min}명 이상인 국가가 없음.`,
    otherDefinition: (def, k, file) => `AI 정의 “${def}”: ${k}개국 결과는 ${file}에 있음.`,
    classSuppressed: (names, min) => `국경 간 급여가 ${min}건 미만이라 표시하지 않음: ${names}.`,
    soNote: (year) =>
      `Stack Overflow 개발자 설문 ${year}년: 국가별로 ln(USD 보수)를 AI 더미, 경력, 경력², 경력 결측 더미, 학력·개발자 유형(직무)·조직 규모·원격근무 고정효과에 회귀. 보수는 국가별 1·99 백분위수에서 절단, HC1 표준오차. 프리미엄 = 100·(e^β − 1). 직무 고정효과를 빼면 개발자 유형 간 차이도 프리미엄에 포함됨. 모든 정의와 로그 포인트 추정치: real_premium_so${year}.csv.`,
    gap: (pp, more, lo, hi, n) =>
      `AI 직함은 데이터 직함보다 국경 간 고용 비율이 ${pp}%p ${more ? '높음' : '낮음'}(95% 신뢰구간 ${lo}~${hi}, 근무연도 고정효과 선형확률모형, HC1, 급여 ${n}건).`,
    cbNote: '국경 간: 근로자의 거주국과 고용주의 국가가 다름. 모든 열이 다른 행과 같은 행은 한 번만 셈. Wilson 95% 신뢰구간.',
    ajPremNote:
      '기술 프리미엄이 아닌 직업 간 격차: 자료에는 기술이 아닌 직함만 있음. AI 직함과 데이터 직함 중에서 ln(USD 급여)를 AI 직함 더미, 경력 수준·고용 형태·원격 비율·회사 규모 고정효과와 고용국×연도(전체) 또는 근무연도(국가별) 고정효과에 회귀. 급여는 고용국별 1·99 백분위수에서 절단, 모든 열이 다른 행과 같은 행은 한 번만 셈, HC1 표준오차. 격차 = 100·(e^β − 1).',
    withDuplicates: (v, lo, hi, n, unit) =>
      `완전 중복 행을 포함하면(급여 ${n}건, 중복 묶음별 군집 표준오차) ${v}${unit === '%' ? '%' : '%p'}(95% 신뢰구간 ${lo}~${hi}).`,
    publishedNote: '다른 설정(채용공고, 프리랜서; 직함이 아닌 기술 기준)의 수치로, 설문 추정치를 검증하기보다 범위를 보여 줌.',
  },
  decomp: {
    title: 'AI 임금 격차의 요인 분해',
    components: {
      total: '원격차', explained: '특성으로 설명되는 부분', unexplained: '설명되지 않는 부분(프리미엄)', seniority: '직급', role: '직무',
      industry: '산업', degree: '학위', experience: '경력', start_year: '입사 연도',
    },
    component: '구성요소',
    logPoints: '로그 포인트',
    shareOfGap: '원격차 대비 비중',
    lead: (c, y, total, lo, hi) => `${y}년 ${c}에서 AI 전문인력과 다른 인력 간 평균 로그 임금의 원격차는 ${total} 로그 포인트(95% 신뢰구간 ${lo}~${hi})`,
    explained: (v, lo, hi, share) =>
      `직급·직무·산업·학위·경력·입사 연도의 차이로 설명되는 부분은 ${v}(95% 신뢰구간 ${lo}~${hi}${share ? `, 격차의 ${share}` : ''})`,
    seniority: (v, lo, hi, share) => `직급만으로는 ${v}(95% 신뢰구간 ${lo}~${hi}${share ? `, 격차의 ${share}` : ''})`,
    unexplained: (v, lo, hi) => `나머지 부분(특성이 같을 때의 프리미엄, 곧 프리미엄 모형의 β)은 ${v}(95% 신뢰구간 ${lo}~${hi})`,
    bok:
      '한국은행은 한국의 낮은 AI 프리미엄을 연공서열형 임금체계로 설명한다. AI 전문인력이 주로 더 높은 직급에 있어서 더 많이 받는다면 설명되는 격차 중 직급 부분이 크고, 특성이 같을 때 AI 기술에 대한 보상이 적다면 설명되지 않는 부분이 작다.',
    compare: (c, v, k, lo, hi, med) => `${c}의 직급 부분은 ${v} 로그 포인트, 비교 국가 ${k}개국의 점추정치는 ${k === 1 ? lo : `${lo}~${hi}(중앙값 ${med})`}`,
    above: (k) => (k === 1 ? '비교 국가보다 큼' : '모든 비교 국가보다 큼'),
    below: (k) => (k === 1 ? '비교 국가보다 작음' : '모든 비교 국가보다 작음'),
    within: '비교 국가의 범위 안',
    rankU: (c, v, rank, n) => `${c}의 설명되지 않는 부분은 ${v} 로그 포인트로 ${n}개국 중 ${rank}`,
    caveat: (vcov) =>
      `요인 분해는 기술적(descriptive) 분석이다. 프리미엄 모형의 특성별 차이를 AI 전문인력과 다른 인력을 함께 넣은 통합 회귀의 계수로 가중해 격차를 나눌 뿐, 연공서열형 임금이 낮은 프리미엄의 원인임을 보여주지는 않는다. 모형이 보지 못하는 차이(기업, 근로시간, 능력)는 설명되지 않는 부분에 남는다. 신뢰구간: 프리미엄 모형의 분산(${vcov})을 이용한 델타 방법, 집단 평균은 고정.`,
    vcov: { cluster: '기업 군집', hetero: 'HC1', iid: '고전적' },
    tableFocus: (c, y) => `원격차의 분해: ${c}, ${y}년 (decomposition.csv)`,
    tableCountries: (y) => `국가별, ${y}년: 로그 포인트와 95% 신뢰구간`,
    chartTitle: (y) => `AI 임금 격차와 그 구성, ${y}년`,
    chartSubtitle: '평균 로그 임금, AI 전문인력 − 다른 인력, 로그 포인트; 선: 95% 신뢰구간',
    axis: '로그 포인트(AI − 기타)',
    none: '이번 실행에서 프리미엄이 공표된 국가·연도 중 요인 분해가 있는 곳이 없음.',
  },
  methods:
    'AI 전문인력: 분류 기준의 서로 다른 AI 기술을 최소 개수 이상 보유한 사람. 프리미엄: ln(임금)을 AI 더미, 경력, 경력², 직급·직무·산업·학위·입사연도 고정효과에 회귀; 프리미엄 = 100·(exp(β) − 1). 출신국은 국적의 대리변수(첫 교육 국가). 공개 기준 미만의 인원은 공란.',
  t1: (c, n, y, rank, k, ci) => `${y}년 ${c}의 AI 전문인력은 ${n}명${ci ? `(${ci})` : ''}으로 ${k}개국 중 ${rank}`,
  t1trend: (n0, y0, up) => `${y0}년 ${n0}명에서 ${up ? '증가' : '감소'}`,
  t2: (c, p, y, rank, k) => `${y}년 ${c}의 AI 임금 프리미엄은 ${p}로 ${k}개국 중 ${rank}`,
  t2ci: (lo, hi) => `95% 신뢰구간 ${lo}~${hi}`,
  t3: (c, p0, y0, p1, y1) => `${c}의 프리미엄은 ${y0}년 ${p0}에서 ${y1}년 ${p1}로 변화`,
  t3pooled: (p, lo, hi) => `기간 전체로는 ${p}(통합 모형, 95% 신뢰구간 ${lo}~${hi})`,
  t4: (c, s, p, yr) => `${c}에서 프리미엄이 가장 높은 AI 기술은 ${s}(${p}, ${yr})`,
  t5: (c, k, m, y0, y1, kw) =>
    (m === 1
      ? `${josa(c, '은', '는')} ${y0}년 AI 인력이 ${k ? '순유출' : '순유출되지 않음'}`
      : `${josa(c, '은', '는')} ${y0}–${y1}년 공표된 ${m}개 연도 중 ${k}년 AI 인력이 순유출`) +
    (kw === null ? '' : kw === k ? '(가중·비가중 모두)' : `(비가중 기준; 가중 기준 ${kw}년)`),
  t5sup: (hidden, all, y0, y1) => `${y0}–${y1}년 ${all}개 연도 중 ${hidden}개 연도는 유출입 인원이 공개 기준 미만이라 비공개`,
  synthBok: '이 데이터는 한국은행 수치에 맞춰 모수를 보정한 talentflow 생성기의 합성 데이터(데모 데이터)이므로, 한국은행 수치와의 일치는 설계에 따른 결과이며 증거가 아님',
  t5in: (ys) => `순유입은 ${ys}년뿐`,
  t5ci: (k, m) => (m === 1 ? `가중 순유입의 95% 신뢰구간은 0보다 ${k ? '낮음' : '낮지 않음'}` : `가중 순유입의 95% 신뢰구간은 ${m}년 중 ${k}년 0보다 낮음`),
  t1ci: (lo, hi) => `95% 신뢰구간 ${lo}~${hi}명`,
  rankNote: (draws) => `순위 범위: 부트스트랩 재표본(인원) 또는 각 추정치의 정규 표본분포에서 뽑은 ${draws}개 값(프리미엄)에 대한 순위의 2.5~97.5 백분위.`,
  t5none: '순유입 연도 없음',
  t6: (c, share, n, y) => `${y}년 ${c} 출신 AI 인력의 ${share}가 해외에서 근무(${n}명)`,
  t6dest: (d, n) => `최다 근무국은 ${d}(${n}명)`,
  t6gap: (pp) => `기타 인력보다 ${pp}%p 높음`,
  t6model: (pp, more, lo, hi, raw, rawW) =>
    `본국 마지막 직장의 직무·직급, 경력, 학력이 같은 다른 국민과 비교하면 AI 인력이 해외에서 근무할 확률은 ${pp}%p ${more ? '높음' : '낮음'}(95% 신뢰구간 ${lo}~${hi}; 선형확률모형, HC1), 통제 전 격차는 ${raw}%p(가중 ${rawW}%p)`,
  t7: (k, y, slope, lower, lo, hi, p, zero) =>
    `${y}년 ${k}개국에서 AI 임금 프리미엄이 1%p 높은 것은 AI 인력의 해외 근무 비율이 ${slope}%p ${lower ? '낮은' : '높은'} 것과 연관됨(95% 신뢰구간 ${lo}~${hi}, HC3 표준오차; 순열 p = ${p})` +
    (zero ? ', 이 신뢰구간은 0을 포함' : ''),
  t7none: '적합선을 그리기에 국가 수가 부족',
  t7infl: (c, slope) => `영향이 가장 큰 국가는 ${josa(c, '이며', '며')}, 이를 제외하면 기울기는 ${slope}`,
  t7panel: (g, slope, lo, hi, p) =>
    `국가 내 시간에 따른 변화로 보면(국가·연도 고정효과, ${g}개국) 기울기는 ${slope}(95% 신뢰구간 ${lo}~${hi}, 국가 군집 표준오차; 와일드 부트스트랩 p = ${p})`,
  t7scen: (c, k, x, y, lo, hi, now, zero) =>
    `${c} 외 ${k}개국으로 적합한 직선에서 프리미엄이 ${x}인 국가의 해외 근무 비율은 ${y}와 연관됨(한 국가에 대한 95% 예측구간 ${lo}~${hi}), ${c}의 측정치는 ${now}` +
    (zero ? '; 기울기의 신뢰구간이 0을 포함하므로 연관이 없다는 해석과도 부합' : '') +
    '; 국가 간 연관성이며 프리미엄 변화의 효과가 아님',
  t8: (k, m) => `공표 수치 ${m}개 중 ${k}개에 비교 가능한 측정치가 있음`,
  t9: (read, rej, share, sup) => `${read}행을 읽고 ${rej}행 제외(${share}), 공개 제한으로 결과 ${sup}행 비공개`,
  dirLower: '낮음',
  dirHigher: '높음',
  pooled: '전체 기간',
  stockPremium: '전체 근로자(%)',
  newHirePremium: '신규 채용자(%)',
  nNewHires: '관측치(신규 채용)',
  newHiresCaption: (c) => `신규 채용자와 전체 근로자의 AI 임금 프리미엄: ${c}`,
  newHiresNote:
    '신규 채용자: 그해에 주된 일자리를 시작한 근로자에 대한 같은 모형(그해 채용의 임금). 일자리의 임금은 재직 기간 내내 유지되므로 전체 근로자의 프리미엄은 느리게 움직인다.',
  withheld: (primary, secondary, min, files) =>
    `공개 제한으로 ${files}의 셀 ${primary}개는 ${min}명 미만을 세므로 비공개했고, 공표된 수치를 더하고 빼서 이를 되살릴 수 없도록 ${secondary}개를 추가로 비공개함.`,
};

export const STRINGS: Record<Lang, Strings> = { en, ko };

/** The string table of a language. */
export function t(lang: Lang): Strings {
  return STRINGS[lang];
}
