/**
 * The output tables of `talentflow run`, one schema each (definitions: docs/methods.md).
 * A new indicator adds its schema here (and to {@link STUDY_TABLES}) and one measure.
 */
import {
  COUNTRY, DESTINATION, DF, GROUP, LOG_POINT_ESTIMATE, NOTE, ORIGIN, PREMIUM_PCT_CI, REGRESSION_LOG_POINTS, SSC, SUPPRESSED, YEAR, count, gapPp, key, label, value,
} from './columns.ts';
import type { ColumnSpec, Partition, TableSchema, Unit } from './types.ts';

/** The Poisson-bootstrap 95% interval of a weighted figure (`<column>_ci_low`, `<column>_ci_high`; blank with `--bootstrap 0`). */
function bootstrapCi(column: string, labelText: string, unit: Unit): readonly ColumnSpec[] {
  const what = 'percentile 95% interval over the Poisson-bootstrap replicates (blank with --bootstrap 0)';
  return [
    value(`${column}_ci_low`, `${labelText}, 95% CI low`, unit, 4, what),
    value(`${column}_ci_high`, `${labelText}, 95% CI high`, unit, 4, what),
  ];
}

export const HEADCOUNT: TableSchema = {
  name: 'headcount',
  title: 'AI and non-AI workers by country and year',
  key: ['country', 'year', 'group'],
  columns: [
    COUNTRY, YEAR, GROUP,
    count('persons', 'Persons'),
    value('persons_weighted', 'Persons (weighted)', 'persons_weighted', 4),
    ...bootstrapCi('persons_weighted', 'Persons (weighted)', 'persons_weighted'),
    SUPPRESSED,
  ],
  disclosure: { rules: [{ counts: ['persons'], blank: ['persons_weighted', 'persons_weighted_ci_low', 'persons_weighted_ci_high'] }] },
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
    value('inflow_weighted', 'Inflow (weighted)', 'moves_weighted', 4, 'moves into the country, each weighted by the position taken there'),
    value('outflow_weighted', 'Outflow (weighted)', 'moves_weighted', 4, 'moves out of the country, each weighted by the position left there'),
    value('net_weighted', 'Net flow (weighted)', 'moves_weighted', 4, 'inflow_weighted − outflow_weighted'),
    ...bootstrapCi('net_weighted', 'Net flow (weighted)', 'moves_weighted'),
    SUPPRESSED,
  ],
  disclosure: {
    rules: [{ counts: ['inflow', 'outflow'], blank: ['net', 'inflow_weighted', 'outflow_weighted', 'net_weighted', 'net_weighted_ci_low', 'net_weighted_ci_high'] }],
  },
};

export const BILATERAL_FLOWS: TableSchema = {
  name: 'bilateral_flows',
  title: 'Moves from one country to another',
  key: ['origin', 'destination', 'year', 'group'],
  columns: [
    ORIGIN, DESTINATION, YEAR, GROUP,
    count('moves', 'Moves', 'moves'),
    value('moves_weighted_origin', 'Moves (weighted, origin)', 'moves_weighted', 4, 'each move weighted by the position left in the origin; sums over destinations to the origin\'s outflow_weighted'),
    value('moves_weighted_destination', 'Moves (weighted, destination)', 'moves_weighted', 4, 'each move weighted by the position taken in the destination; sums over origins to the destination\'s inflow_weighted'),
    SUPPRESSED,
  ],
  disclosure: { rules: [{ counts: ['moves'], blank: ['moves_weighted_origin', 'moves_weighted_destination'] }] },
  partitions: [
    { description: 'destinations of an outflow (moves_weighted_origin likewise sums to outflow_weighted)', count: 'moves', within: ['origin', 'year', 'group'], over: 'destination', total: { table: 'flows', count: 'outflow', on: { country: 'origin' } } },
    { description: 'origins of an inflow (moves_weighted_destination likewise sums to inflow_weighted)', count: 'moves', within: ['destination', 'year', 'group'], over: 'origin', total: { table: 'flows', count: 'inflow', on: { country: 'destination' } } },
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
    ...bootstrapCi('share_abroad_weighted', 'Share abroad (weighted)', 'share'),
    SUPPRESSED,
  ],
  disclosure: {
    rules: [{
      counts: ['persons', 'persons_abroad'],
      blank: ['share_abroad', 'persons_weighted', 'persons_abroad_weighted', 'share_abroad_weighted', 'share_abroad_weighted_ci_low', 'share_abroad_weighted_ci_high'],
    }],
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
const REGRESSION_BLANK = ['estimate', 'se', 'ci_low', 'ci_high', 'premium_pct', 'premium_pct_ci_low', 'premium_pct_ci_high', 'n', 'n_ai', 'df', 'note'] as const;
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
  NOTE,
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

export const PREMIUM_NEW_HIRES: TableSchema = {
  name: 'premium_new_hires',
  title: 'AI wage premium of new hires by country and year',
  key: ['country', 'year'],
  columns: [COUNTRY, YEAR, ...PREMIUM_CELLS],
  ...PREMIUM_RULES,
  partitions: pooledPartitions('premium_new_hires', ['country']),
};

/** The components of decomposition.csv, in their published order (spec: Decomposition (c, t)). */
export const DECOMPOSITION_COMPONENTS = ['total', 'explained', 'unexplained', 'seniority', 'role', 'industry', 'degree', 'experience', 'start_year'] as const;

export const DECOMPOSITION: TableSchema = {
  name: 'decomposition',
  title: 'Oaxaca–Blinder decomposition of the AI pay gap',
  key: ['country', 'year', 'component'],
  columns: [
    COUNTRY,
    key('year', 'year', 'Year', 'year-end t (31 December): every year with a published premium (skill `all`)'),
    key(
      'component',
      'text',
      'Component',
      '`total` (raw AI − non-AI gap in mean ln salary), `explained` (by characteristics), `unexplained` (= the premium β), or a characteristic group of the explained part: `seniority`, `role`, `industry`, `degree`, `experience` (exp and exp²), `start_year`',
    ),
    // se: delta method with the premium model's variance, group means held fixed
    ...LOG_POINT_ESTIMATE,
    DF,
    count('n', 'Observations', 'observations', 'observations of the premium regression'),
    count('n_ai', 'AI observations', 'observations'),
    SUPPRESSED,
  ],
  internal: PERSON_COUNTS,
  disclosure: { rules: [{ counts: PERSON_COUNTS, blank: ['estimate', 'se', 'ci_low', 'ci_high', 'df', 'n', 'n_ai'] }], differences: [['n', 'n_ai']] },
  df: 'df',
  // The cells exist only for published yearly premiums and carry their n and n_ai: a premium
  // row withheld by complementary suppression withholds its decomposition.
  follows: [{ table: 'premium', on: ['country', 'year'], where: { skill: 'all' } }],
};

export const ABROAD_GAP: TableSchema = {
  name: 'abroad_gap',
  title: 'How much more likely AI-skilled nationals are to work abroad',
  key: ['origin', 'year'],
  columns: [
    ORIGIN, YEAR,
    ...gapPp('γ of the linear probability model, in percentage points (controls: the last home-country position)'),
    DF,
    value('raw_gap_pp', 'Raw gap (pp)', 'percentage_points', 4, 'share abroad of AI nationals − share abroad of non-AI nationals, in percentage points'),
    value('raw_gap_weighted_pp', 'Raw gap, weighted (pp)', 'percentage_points', 4, 'the raw gap with each national weighted by `weight`'),
    count('n', 'Nationals', 'observations'),
    count('n_ai', 'AI nationals', 'observations'),
    SSC,
    NOTE,
    SUPPRESSED,
  ],
  internal: ['n_non_ai', 'n_ai_abroad', 'n_ai_home', 'n_non_ai_abroad', 'n_non_ai_home'],
  disclosure: {
    rules: [
      { counts: ['n', 'n_ai', 'n_non_ai'], blank: ['estimate_pp', 'se', 'ci_low', 'ci_high', 'df', 'raw_gap_pp', 'raw_gap_weighted_pp', 'note'] },
      // the raw gap is a difference of two shares: each share's abroad and home counts decide, as in abroad_share
      { counts: ['n_ai_abroad', 'n_ai_home', 'n_non_ai_abroad', 'n_non_ai_home'], blank: ['raw_gap_pp', 'raw_gap_weighted_pp'] },
    ],
    differences: [['n', 'n_ai']],
  },
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

/** An integer rank column of {@link RANKS}. */
function rankColumn(name: string, labelText: string, description: string): ColumnSpec {
  return { name, type: 'integer', role: 'value', unit: 'count', digits: 0, label: labelText, description };
}

export const RANKS: TableSchema = {
  name: 'ranks',
  title: 'Ranks of countries with their bootstrap ranges',
  key: ['measure', 'country', 'year', 'group'],
  columns: [
    key('measure', 'text', 'Measure', '`persons_weighted`: the weighted headcount of headcount.csv, largest first'),
    COUNTRY, YEAR, GROUP,
    rankColumn('rank', 'Rank', 'rank of the estimate among the countries with a published figure (1 = largest; ties by country code)'),
    rankColumn('rank_low', 'Rank, 2.5th percentile', '2.5th percentile of the rank over the bootstrap replicates (the ⌈0.025·R⌉-th smallest)'),
    rankColumn('rank_high', 'Rank, 97.5th percentile', '97.5th percentile of the rank over the bootstrap replicates (the ⌈0.975·R⌉-th smallest)'),
    rankColumn('n_ranked', 'Countries ranked', 'countries with a published figure in the year and group'),
  ],
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
  PREMIUM_NEW_HIRES, DECOMPOSITION, ABROAD_GAP, LINK, LINK_INFLUENCE, SENSITIVITY, RANKS, REJECTS,
];
