/**
 * The output tables of `talentflow run`, one schema each (definitions: docs/methods.md).
 * A new indicator adds its schema here (and to {@link STUDY_TABLES}) and one measure.
 */
import {
  COUNTRY, DESTINATION, DF, GROUP, ORIGIN, PREMIUM_PCT_CI, REGRESSION_LOG_POINTS, SSC, SUPPRESSED, YEAR, count, gapPp, key, label, value,
} from './columns.ts';
import type { ColumnSpec, Partition, TableSchema } from './types.ts';

export const HEADCOUNT: TableSchema = {
  name: 'headcount',
  title: 'AI and non-AI workers by country and year',
  key: ['country', 'year', 'group'],
  columns: [
    COUNTRY, YEAR, GROUP,
    count('persons', 'Persons'),
    value('persons_weighted', 'Persons (weighted)', 'persons_weighted', 4),
    SUPPRESSED,
  ],
  disclosure: { rules: [{ counts: ['persons'], blank: ['persons_weighted'] }] },
};

export const FLOWS: TableSchema = {
  name: 'flows',
  title: 'Moves into and out of each country',
  key: ['country', 'year', 'group'],
  columns: [
    COUNTRY, YEAR, GROUP,
    count('inflow', 'Inflow', 'moves'),
    count('outflow', 'Outflow', 'moves'),
    value('net', 'Net flow', 'moves', 0, 'inflow − outflow'),
    value('inflow_weighted', 'Inflow (weighted)', 'moves_weighted', 4),
    value('outflow_weighted', 'Outflow (weighted)', 'moves_weighted', 4),
    value('net_weighted', 'Net flow (weighted)', 'moves_weighted', 4),
    SUPPRESSED,
  ],
  disclosure: { rules: [{ counts: ['inflow', 'outflow'], blank: ['net', 'inflow_weighted', 'outflow_weighted', 'net_weighted'] }] },
};

export const BILATERAL_FLOWS: TableSchema = {
  name: 'bilateral_flows',
  title: 'Moves from one country to another',
  key: ['origin', 'destination', 'year', 'group'],
  columns: [
    ORIGIN, DESTINATION, YEAR, GROUP,
    count('moves', 'Moves', 'moves'),
    value('moves_weighted', 'Moves (weighted)', 'moves_weighted', 4),
    SUPPRESSED,
  ],
  disclosure: { rules: [{ counts: ['moves'], blank: ['moves_weighted'] }] },
  partitions: [
    { description: 'destinations of an outflow', count: 'moves', within: ['origin', 'year', 'group'], over: 'destination', total: { table: 'flows', count: 'outflow', on: { country: 'origin' } } },
    { description: 'origins of an inflow', count: 'moves', within: ['destination', 'year', 'group'], over: 'origin', total: { table: 'flows', count: 'inflow', on: { country: 'destination' } } },
  ],
};

export const ABROAD: TableSchema = {
  name: 'abroad',
  title: 'Nationals working abroad by destination',
  key: ['origin', 'destination', 'year', 'group'],
  columns: [
    ORIGIN, DESTINATION, YEAR, GROUP,
    count('persons', 'Persons'),
    value('persons_weighted', 'Persons (weighted)', 'persons_weighted', 4),
    SUPPRESSED,
  ],
  disclosure: { rules: [{ counts: ['persons'], blank: ['persons_weighted'] }] },
  partitions: [
    { description: 'destinations of the nationals abroad', count: 'persons', within: ['origin', 'year', 'group'], over: 'destination', total: { table: 'abroad_share', count: 'persons_abroad' } },
  ],
};

export const ABROAD_SHARE: TableSchema = {
  name: 'abroad_share',
  title: 'Share of nationals working abroad',
  key: ['origin', 'year', 'group'],
  columns: [
    ORIGIN, YEAR, GROUP,
    count('persons', 'Nationals'),
    count('persons_abroad', 'Nationals abroad'),
    value('share_abroad', 'Share abroad', 'share', 4),
    value('persons_weighted', 'Nationals (weighted)', 'persons_weighted', 4),
    value('persons_abroad_weighted', 'Nationals abroad (weighted)', 'persons_weighted', 4),
    value('share_abroad_weighted', 'Share abroad (weighted)', 'share', 4),
    SUPPRESSED,
  ],
  disclosure: {
    rules: [{ counts: ['persons', 'persons_abroad'], blank: ['share_abroad', 'persons_weighted', 'persons_abroad_weighted', 'share_abroad_weighted'] }],
    differences: [['persons', 'persons_abroad']],
  },
  partitions: [
    { description: 'groups of the abroad gap\'s nationals', count: 'persons', within: ['origin', 'year'], over: 'group', total: { table: 'abroad_gap', count: 'n' } },
    { description: 'AI nationals of the abroad gap', count: 'persons', within: ['origin', 'year'], over: 'group', where: { group: 'ai' }, total: { table: 'abroad_gap', count: 'n_ai' } },
  ],
};

export const MOBILITY: TableSchema = {
  name: 'mobility',
  title: 'Turnover, foreign job changes and net flow per 10,000',
  key: ['country', 'year', 'group'],
  columns: [
    COUNTRY, YEAR, GROUP,
    value('turnover_rate', 'Turnover rate', 'share', 4, 'share of the stock at t − 1 who start another position during t'),
    value('foreign_job_change_share', 'Foreign job-change share', 'share', 4, 'share of job changes from the country whose new position is abroad'),
    value('net_per_10k', 'Net flow per 10,000', 'per_10k', 4, 'net flow / headcount of all workers × 10,000'),
    SUPPRESSED,
  ],
  internal: ['t_base', 't_movers', 'jc_all', 'jc_foreign', 'n_in', 'n_out', 'hc_all'],
  disclosure: {
    rules: [
      { counts: ['t_base', 't_movers'], blank: ['turnover_rate'] },
      { counts: ['jc_all', 'jc_foreign'], blank: ['foreign_job_change_share'] },
      { counts: ['n_in', 'n_out', 'hc_all'], blank: ['net_per_10k'] },
    ],
  },
  // rates of withheld flows, and net per 10,000 over the country's headcount (which gives it back)
  follows: [{ table: 'flows', on: ['country', 'year', 'group'] }, { table: 'headcount', on: ['country', 'year'] }],
};

export const COMPOSITION: TableSchema = {
  name: 'composition',
  title: 'Composition of the workforce by degree, field, industry, role, seniority and skill',
  key: ['country', 'year', 'group', 'dimension', 'category'],
  columns: [
    COUNTRY, YEAR, GROUP,
    key('dimension', 'text', 'Dimension', '`degree`, `field`, `industry`, `role`, `seniority` or `skill`'),
    key('category', 'text', 'Category'),
    count('persons', 'Persons'),
    value('share', 'Share', 'share', 4),
    value('persons_weighted', 'Persons (weighted)', 'persons_weighted', 4),
    value('share_weighted', 'Share (weighted)', 'share', 4),
    SUPPRESSED,
  ],
  disclosure: { rules: [{ counts: ['persons'], blank: ['share', 'persons_weighted', 'share_weighted'] }] },
  partitions: [
    // a person holds several skills: the skill dimension is no partition
    { description: 'categories of a dimension', count: 'persons', within: ['country', 'year', 'group', 'dimension'], over: 'category', except: { dimension: ['skill'] }, total: { table: 'headcount', count: 'persons' } },
  ],
};

/** Internal distinct-person counts of a regression sample (all, AI, non-AI). */
const PERSON_COUNTS = ['persons', 'persons_ai', 'persons_non_ai'] as const;
const REGRESSION_BLANK = ['estimate', 'se', 'ci_low', 'ci_high', 'premium_pct', 'premium_pct_ci_low', 'premium_pct_ci_high', 'n', 'n_ai', 'df'] as const;
const VCOV_COLUMN = label('vcov', 'Variance', 'variance estimator: `cluster` (by firm; pooled rows `cluster2`, by firm and person), `hetero` (HC1) or `iid`');

/** The cells of one premium regression row after its key columns (premium and premium by seniority). */
const PREMIUM_CELLS: readonly ColumnSpec[] = [
  ...REGRESSION_LOG_POINTS,
  ...PREMIUM_PCT_CI,
  count('n', 'Observations', 'observations', 'observations of the regression (person-years when pooled)'),
  count('n_ai', 'AI observations', 'observations'),
  VCOV_COLUMN,
  SSC,
  DF,
  SUPPRESSED,
];

/**
 * The years of a regression table's pooled row add up to it, in n and n_ai (the non-AI
 * count follows), within `by` (e.g. country and skill). A new regression table with pooled
 * rows declares `partitions: pooledPartitions(name, by)`.
 */
export function pooledPartitions(table: string, by: readonly string[]): Partition[] {
  return (['n', 'n_ai'] as const).map((c) => ({
    description: `years of a pooled row (${c})`, count: c, within: by, over: 'year', except: { year: ['pooled'] }, total: { table, count: c, where: { year: 'pooled' } },
  }));
}

/** Disclosure and inference of a premium table: distinct persons decide, the non-AI count is n − n_ai. */
const PREMIUM_RULES = {
  internal: PERSON_COUNTS,
  disclosure: { rules: [{ counts: PERSON_COUNTS, blank: REGRESSION_BLANK }], differences: [['n', 'n_ai'] as const] },
  df: 'df',
} satisfies Partial<TableSchema>;

export const PREMIUM: TableSchema = {
  name: 'premium',
  title: 'AI wage premium by country, year and skill',
  key: ['country', 'year', 'skill'],
  columns: [
    COUNTRY, YEAR,
    key('skill', 'text', 'Skill', '`all` (AI-skilled vs not) or a canonical skill of the preset'),
    ...PREMIUM_CELLS,
  ],
  ...PREMIUM_RULES,
  partitions: pooledPartitions('premium', ['country', 'skill']),
};

export const PREMIUM_BY_SENIORITY: TableSchema = {
  name: 'premium_by_seniority',
  title: 'AI wage premium by seniority level',
  key: ['country', 'year', 'seniority'],
  columns: [
    COUNTRY, YEAR,
    key('seniority', 'level', 'Seniority', 'seniority level 1–7 of the primary position, or `unknown`'),
    ...PREMIUM_CELLS,
  ],
  ...PREMIUM_RULES,
  partitions: [
    ...(['n', 'n_ai'] as const).map((c) => ({ description: `seniority levels of a country-year (${c})`, count: c, within: ['country', 'year'], over: 'seniority', total: { table: 'premium', count: c, where: { skill: 'all' } } })),
    ...pooledPartitions('premium_by_seniority', ['country', 'seniority']),
  ],
};

export const ABROAD_GAP: TableSchema = {
  name: 'abroad_gap',
  title: 'How much more likely AI-skilled nationals are to work abroad',
  key: ['origin', 'year'],
  columns: [
    ORIGIN, YEAR,
    ...gapPp('γ of the linear probability model, in percentage points'),
    count('n', 'Nationals', 'observations'),
    count('n_ai', 'AI nationals', 'observations'),
    SSC,
    DF,
    SUPPRESSED,
  ],
  internal: ['n_non_ai'],
  disclosure: { rules: [{ counts: ['n', 'n_ai', 'n_non_ai'], blank: ['estimate_pp', 'se', 'ci_low', 'ci_high', 'df'] }], differences: [['n', 'n_ai']] },
  df: 'df',
};

export const LINK: TableSchema = {
  name: 'link',
  title: 'The premium–mobility link across countries',
  key: ['year', 'measure', 'model'],
  columns: [
    key('year', 'year', 'Year', 'year-end t, or `pooled` (pooled cross-section and panel rows)'),
    key('measure', 'text', 'Measure', '`share_abroad` or `excess_share_abroad`'),
    key('model', 'text', 'Model', '`cross_section` (OLS across countries, HC3 errors) or `panel_fe` (country × year with country and year fixed effects, errors clustered by country, CR1)'),
    value('slope', 'Slope', 'slope', 4, 'percentage points of share abroad per percent of premium'),
    value('se', 'Standard error', 'slope', 3, 'HC3 (cross_section) or CR1 clustered by country (panel_fe)'),
    value('slope_ci_low', '95% CI low', 'slope', 4),
    value('slope_ci_high', '95% CI high', 'slope', 4),
    DF,
    value('p_value', 'p-value', 'probability', 3, 'two-sided t-test of slope = 0 with df'),
    value('p_permutation', 'Permutation p', 'probability', 3, 'cross_section: two-sided permutation p on the HC3 t (all permutations when n ≤ 8, else 9,999 seeded draws)'),
    value('p_wild_bootstrap', 'Wild bootstrap p', 'probability', 3, 'panel_fe: restricted wild cluster bootstrap p (Rademacher over all 2^G sign vectors when G ≤ 12, else 9,999 seeded Webb draws)'),
    value('pearson', 'Pearson r', 'correlation', 3, 'cross_section only'),
    value('spearman', 'Spearman ρ', 'correlation', 3, 'cross_section only'),
    value('n_countries', 'Countries', 'count', 0, 'countries in the fit (panel_fe: clusters G, countries observed in at least two years)'),
  ],
  df: 'df',
};

export const LINK_INFLUENCE: TableSchema = {
  name: 'link_influence',
  title: 'The cross-section link with each country left out',
  key: ['year', 'measure', 'left_out'],
  columns: [
    YEAR,
    key('measure', 'text', 'Measure', '`share_abroad` or `excess_share_abroad`'),
    key('left_out', 'text', 'Left out', 'ISO 3166-1 alpha-2 code of the country left out'),
    value('slope', 'Slope without it', 'slope', 4, 'OLS slope of the cross-section fit without that country (blank when fewer than 3 remain)'),
  ],
};

export const SENSITIVITY: TableSchema = {
  name: 'sensitivity',
  title: 'Headline figures under other taxonomies and thresholds',
  key: ['taxonomy', 'min_ai_skills', 'measure', 'country', 'year'],
  columns: [
    key('taxonomy', 'text', 'Taxonomy'),
    key('min_ai_skills', 'integer', 'Min. AI skills'),
    key('measure', 'text', 'Measure'),
    key('country', 'text', 'Country'),
    key('year', 'year', 'Year'),
    value('value', 'Value', 'count', 4),
    value('value_weighted', 'Value (weighted)', 'count', 4),
    SUPPRESSED,
  ],
  internal: ['min_count'],
  disclosure: { rules: [{ counts: ['min_count'], blank: ['value', 'value_weighted'] }] },
  optional: true,
};

export const REJECTS: TableSchema = {
  name: 'rejects',
  title: 'Input rows and values rejected at ingest',
  key: ['file', 'line', 'column', 'reason'],
  columns: [
    key('file', 'text', 'File'),
    key('line', 'integer', 'Line'),
    key('column', 'text', 'Column'),
    key('reason', 'text', 'Reason'),
    { name: 'value', type: 'text', role: 'value', label: 'Value', description: 'the rejected value (blank for identifiers and malformed rows)' },
    { name: 'action', type: 'text', role: 'label', label: 'Action', description: '`row_dropped` or `value_dropped`' },
  ],
  published: false,
};

/** Every table of a Revelio study run, in the order the run writes them. */
export const STUDY_TABLES: readonly TableSchema[] = [
  HEADCOUNT, FLOWS, BILATERAL_FLOWS, ABROAD, ABROAD_SHARE, MOBILITY, COMPOSITION, PREMIUM, PREMIUM_BY_SENIORITY,
  ABROAD_GAP, LINK, LINK_INFLUENCE, SENSITIVITY, REJECTS,
];
