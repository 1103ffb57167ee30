/**
 * The output tables of the survey study (`talentflow demo-real`, `src/study/survey`), one
 * schema each, registered with the contract when this module is imported (the study and
 * the real-data reader import it).
 */
import { COUNTRY, DF, REGRESSION_LOG_POINTS, SUPPRESSED, YEAR, count, gapPp, key, label, value } from './columns.ts';
import { registerSchemas } from './index.ts';
import type { ColumnSpec, TableSchema } from './types.ts';

const PREMIUM_INTERVAL: readonly ColumnSpec[] = [
  value('premium_ci_low', '95% CI low (%)', 'percent', 3, '100·(exp(ci_low) − 1)'),
  value('premium_ci_high', '95% CI high (%)', 'percent', 3, '100·(exp(ci_high) − 1)'),
];
const HC1 = label('vcov', 'Variance', 'variance estimator: `HC1` (the surveys have no firm ids to cluster on)');
const PREMIUM_BLANK = ['n', 'estimate', 'se', 'ci_low', 'ci_high', 'premium_pct', 'premium_ci_low', 'premium_ci_high', 'df'] as const;

/** `real_premium_so<year>.csv`: the AI premium by country in one Stack Overflow survey. */
export function surveyPremiumSchema(year: number): TableSchema {
  return {
    name: `real_premium_so${year}`,
    title: `AI premium by country, Stack Overflow Developer Survey ${year}`,
    key: ['country', 'year', 'definition', 'controls'],
    columns: [
      COUNTRY, YEAR,
      key('definition', 'text', 'AI definition', 'which so-ml subfields make a respondent AI (`ml_framework_or_ai_devtype`, `ml_framework`, `ai_devtype`, `llm_use`)'),
      key('controls', 'text', 'Controls', '`full` (with the role fixed effect) or `no_role`'),
      ...REGRESSION_LOG_POINTS,
      ...PREMIUM_INTERVAL,
      count('n', 'Respondents', 'observations', 'respondents with compensation after trimming'),
      count('n_ai', 'AI respondents', 'observations'),
      value('median_salary_ppp_ai', 'Median compensation, AI (PPP $)', 'intl_dollars', 0),
      value('median_salary_ppp_non_ai', 'Median compensation, non-AI (PPP $)', 'intl_dollars', 0),
      HC1,
      DF,
      SUPPRESSED,
    ],
    internal: ['n_non_ai'],
    disclosure: {
      rules: [{ counts: ['n_ai', 'n_non_ai'], blank: [...PREMIUM_BLANK, 'median_salary_ppp_ai', 'median_salary_ppp_non_ai'], zeroIsSmall: true }],
      differences: [['n', 'n_ai']],
    },
    df: 'df',
  };
}

/** `real_premium_so2024.csv`. */
export const SURVEY_PREMIUM_2024 = surveyPremiumSchema(2024);
/** `real_premium_so2025.csv`. */
export const SURVEY_PREMIUM_2025 = surveyPremiumSchema(2025);

/** The aijobs.net sample of a row: exact duplicates dropped (the default) or kept (sensitivity). */
const AIJOBS_SAMPLE = key(
  'sample',
  'text',
  'Sample',
  '`deduplicated` (each set of rows equal in every column of the file counted once; the default) or `with_duplicates` (every row, errors clustered by duplicate group: a sensitivity check)',
);
/** The variance of an aijobs.net regression row. */
const AIJOBS_VCOV = label('vcov', 'Variance', '`HC1` on the deduplicated sample; `cluster` (CR1 by duplicate group) with the duplicates');

/** `aijobs_crossborder.csv`: the share of salaries paid across borders, by job-title class. */
export const AIJOBS_CROSSBORDER: TableSchema = {
  name: 'aijobs_crossborder',
  title: 'Cross-border employment in aijobs.net by job-title class',
  key: ['sample', 'group'],
  columns: [
    AIJOBS_SAMPLE,
    key('group', 'text', 'Job-title class', '`ai`, `data`, `data_science`, `other` or `all`'),
    count('persons', 'Salaries'),
    count('persons_cross_border', 'Cross-border salaries', 'persons', 'employee residence ≠ employer country'),
    value('share', 'Share cross-border', 'share', 4),
    value('ci_low', '95% CI low', 'share', 4, 'Wilson (deduplicated); with the duplicates, share ± 1.96 × its standard error clustered by duplicate group'),
    value('ci_high', '95% CI high', 'share', 4),
    SUPPRESSED,
  ],
  disclosure: { rules: [{ counts: ['persons_cross_border'], blank: ['persons', 'share', 'ci_low', 'ci_high'] }] },
};

/** `aijobs_crossborder_gap.csv`: how much more likely AI titles are employed across borders than data titles. */
export const AIJOBS_CROSSBORDER_GAP: TableSchema = {
  name: 'aijobs_crossborder_gap',
  title: 'Cross-border gap, AI minus data titles, aijobs.net',
  key: ['sample', 'comparison'],
  columns: [
    AIJOBS_SAMPLE,
    key('comparison', 'text', 'Comparison', '`ai_minus_data`: linear probability model of cross-border on an AI-title indicator with work-year fixed effects'),
    ...gapPp('AI-title coefficient of the linear probability model, in percentage points'),
    count('n', 'Salaries', 'observations'),
    count('n_ai', 'AI-title salaries', 'observations'),
    AIJOBS_VCOV,
    DF,
    SUPPRESSED,
  ],
  internal: ['n_non_ai'],
  disclosure: { rules: [{ counts: ['n', 'n_ai', 'n_non_ai'], blank: ['estimate_pp', 'se', 'ci_low', 'ci_high', 'df'] }], differences: [['n', 'n_ai']] },
  df: 'df',
};

/**
 * `aijobs_occupation_gap.csv`: the pay gap between AI and data job titles, pooled and by
 * employer country. An occupation gap (which job title a salary belongs to), not a skill
 * premium: aijobs.net records no skills.
 */
export const AIJOBS_OCCUPATION_GAP: TableSchema = {
  name: 'aijobs_occupation_gap',
  title: 'Occupation gap, AI minus data job titles, aijobs.net',
  key: ['sample', 'scope', 'country'],
  columns: [
    AIJOBS_SAMPLE,
    key('scope', 'text', 'Scope', 'all employer countries (FE country × year) or one employer country (FE year)'),
    key('country', 'text', 'Employer country', 'ISO 3166-1 alpha-2 code, or `all`'),
    value('estimate', 'Gap (log points)', 'log_points', 4, 'AI-title coefficient of ln(salary)'),
    value('se', 'Standard error', 'log_points', 3),
    value('ci_low', '95% CI low (log points)', 'log_points', 4),
    value('ci_high', '95% CI high (log points)', 'log_points', 4),
    value('gap_pct', 'Occupation gap (%)', 'percent', 3, '100·(exp(estimate) − 1): AI titles against data titles'),
    value('gap_pct_ci_low', '95% CI low (%)', 'percent', 3, '100·(exp(ci_low) − 1)'),
    value('gap_pct_ci_high', '95% CI high (%)', 'percent', 3, '100·(exp(ci_high) − 1)'),
    count('n', 'Salaries', 'observations', 'AI- and data-title salaries after trimming at the employer country\'s 1st and 99th percentiles'),
    count('n_ai', 'AI-title salaries', 'observations'),
    AIJOBS_VCOV,
    DF,
    SUPPRESSED,
  ],
  internal: ['n_non_ai'],
  disclosure: {
    rules: [{ counts: ['n_ai', 'n_non_ai'], blank: ['n', 'estimate', 'se', 'ci_low', 'ci_high', 'gap_pct', 'gap_pct_ci_low', 'gap_pct_ci_high', 'df'], zeroIsSmall: true }],
    differences: [['n', 'n_ai']],
  },
  df: 'df',
};

/** `published_premiums.csv`: the postings and freelance premiums of `src/reference`, set beside the survey ones. */
export const PUBLISHED_PREMIUMS: TableSchema = {
  name: 'published_premiums',
  title: 'Published AI premiums from job postings and freelance platforms',
  key: ['source', 'scope'],
  columns: [
    key('source', 'text', 'Source'),
    key('scope', 'text', 'What is compared'),
    value('premium_pct', 'Premium (%)', 'percent', 1),
    label('note', 'Where reported'),
  ],
};

/** Every table of the survey study, in the order written. */
export const SURVEY_TABLES: readonly TableSchema[] = [
  SURVEY_PREMIUM_2024, SURVEY_PREMIUM_2025, AIJOBS_CROSSBORDER, AIJOBS_CROSSBORDER_GAP, AIJOBS_OCCUPATION_GAP, PUBLISHED_PREMIUMS,
];

registerSchemas(SURVEY_TABLES);
