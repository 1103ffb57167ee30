/**
 * The Stack Overflow Developer Survey schemas 2017–2025: which column holds each field in
 * each year, and detection of the year from a file's header. Column names follow the
 * published `survey_results_public.csv` of each year.
 */
import { MissingCompensationError, UnknownSurveySchemaError, SurveyUsageError } from './errors.ts';

/** Survey years this adapter reads. */
export const SO_YEARS = [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025] as const;
export type SoYear = (typeof SO_YEARS)[number];

/** Fields the adapter maps; each is a list of candidate columns, first present wins. */
export interface SoYearSchema {
  year: SoYear;
  id: string[];
  country: string[];
  /** Yearly compensation in USD. */
  comp: string[];
  /** Professional experience in years (number or band text). */
  years: string[];
  edLevel: string[];
  devType: string[];
  orgSize: string[];
  industry: string[];
  remote: string[];
  /** ISO 4217 code (or text starting with it) of the currency the respondent reported in. */
  currency: string[];
  /** Compensation in that currency, and its period (empty = yearly). */
  compLocal: string[];
  compFreq: string[];
  /** How `compFreq` names a year / month / week. */
  techColumns: (cols: string[]) => string[];
}

// Every "worked with" column: HaveWorked* (2017), *WorkedWith (2018–2020), *HaveWorkedWith (2021+).
const worked = (cols: string[]) =>
  cols.filter((c) => /^HaveWorked/.test(c) || (/WorkedWith$/.test(c) && !/WantToWorkWith$|DesireNextYear$/.test(c)));

const base = {
  id: ['ResponseId', 'Respondent'],
  country: ['Country'],
  devType: ['DevType', 'DeveloperType'],
  techColumns: worked,
};

/** Column map per year. */
export const SO_SCHEMAS: Record<SoYear, SoYearSchema> = {
  2017: { ...base, year: 2017, comp: ['Salary'], years: ['YearsCodedJob'], edLevel: ['FormalEducation'], orgSize: ['CompanySize'], industry: [], remote: ['HomeRemote'], currency: [], compLocal: [], compFreq: [] },
  2018: { ...base, year: 2018, comp: ['ConvertedSalary'], years: ['YearsCodingProf'], edLevel: ['FormalEducation'], orgSize: ['CompanySize'], industry: [], remote: [], currency: ['CurrencySymbol'], compLocal: ['Salary'], compFreq: ['SalaryType'] },
  2019: { ...base, year: 2019, comp: ['ConvertedComp'], years: ['YearsCodePro'], edLevel: ['EdLevel'], orgSize: ['OrgSize'], industry: [], remote: ['WorkRemote'], currency: ['CurrencySymbol'], compLocal: ['CompTotal'], compFreq: ['CompFreq'] },
  2020: { ...base, year: 2020, comp: ['ConvertedComp'], years: ['YearsCodePro'], edLevel: ['EdLevel'], orgSize: ['OrgSize'], industry: [], remote: [], currency: ['CurrencySymbol'], compLocal: ['CompTotal'], compFreq: ['CompFreq'] },
  2021: { ...base, year: 2021, comp: ['ConvertedCompYearly'], years: ['YearsCodePro'], edLevel: ['EdLevel'], orgSize: ['OrgSize'], industry: [], remote: [], currency: ['Currency'], compLocal: ['CompTotal'], compFreq: ['CompFreq'] },
  2022: { ...base, year: 2022, comp: ['ConvertedCompYearly'], years: ['YearsCodePro', 'WorkExp'], edLevel: ['EdLevel'], orgSize: ['OrgSize'], industry: [], remote: ['RemoteWork'], currency: ['Currency'], compLocal: ['CompTotal'], compFreq: ['CompFreq'] },
  2023: { ...base, year: 2023, comp: ['ConvertedCompYearly'], years: ['YearsCodePro', 'WorkExp'], edLevel: ['EdLevel'], orgSize: ['OrgSize'], industry: ['Industry'], remote: ['RemoteWork'], currency: ['Currency'], compLocal: ['CompTotal'], compFreq: [] },
  2024: { ...base, year: 2024, comp: ['ConvertedCompYearly'], years: ['YearsCodePro', 'WorkExp'], edLevel: ['EdLevel'], orgSize: ['OrgSize'], industry: ['Industry'], remote: ['RemoteWork'], currency: ['Currency'], compLocal: ['CompTotal'], compFreq: [] },
  2025: { ...base, year: 2025, comp: ['ConvertedCompYearly'], years: ['WorkExp', 'YearsCodePro'], edLevel: ['EdLevel'], orgSize: ['OrgSize'], industry: ['Industry'], remote: ['RemoteWork'], currency: ['Currency'], compLocal: ['CompTotal'], compFreq: [] },
};

/** Result of year detection: the year and the columns that decided it. */
export interface DetectedYear {
  year: SoYear;
  /** How it was decided: `columns` (markers named in `evidence`) or `--year`. */
  by: 'columns' | 'option';
  evidence: string[];
}

/** Marker columns, tested newest first: any one present (case-sensitive) points at the year. */
const MARKERS: [SoYear, string[]][] = [
  [2025, ['AIModelsHaveWorkedWith', 'AIModelsWantToWorkWith', 'LearnCodeAI', 'AILearnHow', 'TechEndorseIntro']],
  [2024, ['AISearchDevHaveWorkedWith', 'AIThreat', 'AIEthics', 'Check', 'AIChallenges']],
  [2023, ['AISearchHaveWorkedWith', 'AIDevHaveWorkedWith', 'SOAI', 'Q120', 'TechList']],
  [2022, ['VersionControlSystem', 'VCInteraction', 'Blockchain', 'LearnCodeCoursesCert', 'Onboarding', 'TrueFalse_1']],
  [2021, ['US_State', 'UK_Country', 'MentalHealth', 'Accessibility']],
  [2020, ['NEWDevOps', 'NEWLearn', 'NEWOvertime', 'NEWJobHunt', 'NEWPurpleLink', 'WebframeWorkedWith']],
  [2019, ['OpenSourcer', 'WorkRemote', 'CareerSat', 'MgrIdiot', 'WebFrameWorkedWith', 'BlockchainOrg']],
  [2018, ['ConvertedSalary', 'YearsCodingProf', 'FrameworkWorkedWith', 'SalaryType', 'HopeFiveYears']],
  [2017, ['HaveWorkedLanguage', 'YearsCodedJob', 'ProgramHobby', 'HomeRemote', 'DeveloperType', 'FormalEducation']],
];

/**
 * Years the header is compatible with when no marker decides: a file cut down to a few
 * columns (e.g. a compensation subset) is placed by its compensation and experience columns.
 */
function fallbackYears(has: (c: string) => boolean): SoYear[] {
  if (has('ConvertedCompYearly')) {
    if (!has('YearsCodePro') && has('WorkExp')) return [2025];
    if (has('Industry')) return [2023, 2024, 2025].filter((y) => y !== 2025 || !has('YearsCodePro')) as SoYear[];
    if (has('RemoteWork') || has('WorkExp')) return [2022, 2023, 2024];
    return [2021, 2022, 2023, 2024, 2025];
  }
  if (has('ConvertedComp')) return [2019, 2020];
  if (has('MiscTechHaveWorkedWith') || has('LanguageHaveWorkedWith')) return [2021, 2022, 2023, 2024];
  return [];
}

/**
 * Detect the survey year from a header. With `override`, check that the header is
 * compatible with that year instead. Throws `UnknownSurveySchemaError` when no year fits or
 * several do (then `--year` decides).
 */
export function detectSoYear(file: string, columns: string[], override?: number): DetectedYear {
  const set = new Set(columns);
  const has = (c: string) => set.has(c);
  if (override !== undefined) {
    if (!(SO_YEARS as readonly number[]).includes(override)) {
      throw new SurveyUsageError(`--year ${override}: supported Stack Overflow survey years are ${SO_YEARS.join(', ')}.`);
    }
    return { year: override as SoYear, by: 'option', evidence: [] };
  }
  for (const [year, markers] of MARKERS) {
    const hit = markers.filter(has);
    if (hit.length) return { year, by: 'columns', evidence: hit };
  }
  const years = fallbackYears(has);
  if (years.length === 1) return { year: years[0]!, by: 'columns', evidence: ['ConvertedCompYearly', 'WorkExp'].filter(has) };
  const shown = columns.slice(0, 12).join(', ') + (columns.length > 12 ? ', …' : '');
  if (years.length > 1) {
    throw new UnknownSurveySchemaError(
      `${file}: the columns (${shown}) fit the Stack Overflow survey of ${years.join(', ')}; no column tells which. Pass --year YYYY.`,
    );
  }
  throw new UnknownSurveySchemaError(
    `${file}: the columns (${shown}) match no Stack Overflow survey schema of ${SO_YEARS[0]}–${SO_YEARS[SO_YEARS.length - 1]}. ` +
      `Expected the header of survey_results_public.csv (ResponseId or Respondent, Country, a compensation column, ...).`,
  );
}

/** The columns of a file that hold each field in year `year` (null when absent). */
export interface SoColumnMap {
  id: string | null;
  country: string;
  comp: string;
  years: string | null;
  edLevel: string | null;
  devType: string | null;
  orgSize: string | null;
  industry: string | null;
  remote: string | null;
  currency: string | null;
  compLocal: string | null;
  compFreq: string | null;
  tech: string[];
}

/** Resolve the column map; a missing compensation or country column is an error naming the file. */
export function soColumnMap(file: string, columns: string[], year: SoYear): SoColumnMap {
  const s = SO_SCHEMAS[year];
  const set = new Set(columns);
  const pick = (cands: string[]) => cands.find((c) => set.has(c)) ?? null;
  const comp = pick(s.comp);
  if (!comp) throw new MissingCompensationError(file, year, s.comp);
  const country = pick(s.country);
  if (!country) {
    throw new UnknownSurveySchemaError(`${file}: no "Country" column; the survey ${year} has the respondent's country there. Use a file that keeps it.`);
  }
  return {
    id: pick(s.id),
    country,
    comp,
    years: pick(s.years),
    edLevel: pick(s.edLevel),
    devType: pick(s.devType),
    orgSize: pick(s.orgSize),
    industry: pick(s.industry),
    remote: pick(s.remote),
    currency: pick(s.currency),
    compLocal: pick(s.compLocal),
    compFreq: pick(s.compFreq),
    tech: s.techColumns(columns),
  };
}
