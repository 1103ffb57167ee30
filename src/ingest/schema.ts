/**
 * The Revelio individual-level tables talentflow reads (`../docs/data-model.md`): which
 * are required, which columns each must have, and which optional columns it keeps.
 */

/** One input table of a dataset folder. */
export interface TableDef {
  /** File prefix and table name in the Revelio schema. */
  name: 'individual_positions' | 'individual_user' | 'individual_user_education' | 'individual_user_skills' | 'company_mapping';
  /** Name of the canonical table ingest writes. */
  target: 'positions' | 'users' | 'education' | 'skills' | 'companies';
  required: boolean;
  /** Columns that must be present (case-insensitive). */
  requiredColumns: string[];
  /** Optional columns kept when present. */
  optionalColumns: string[];
  /** Keep every column whose name matches (e.g. `skill_*`). */
  keepPattern?: RegExp;
}

/** The candidates of the study's role column (`--role-column`), in the order the default takes the first present. */
export const ROLE_COLUMNS = ['role_k150', 'role_k50', 'role_k1500', 'role_k17000_v3', 'onet_code'] as const;
/** The candidates of the study's industry column (`--industry-column`), in the same way. */
export const INDUSTRY_COLUMNS = ['rics_k50', 'naics_code'] as const;

/**
 * The optional text columns of `positions` that a stage reads only as the study's role or
 * industry column (company: none); an ingest for a study keeps only those it reads
 * ({@link studyColumns}).
 */
export const ATTRIBUTE_COLUMNS: readonly string[] = ['company', ...ROLE_COLUMNS, ...INDUSTRY_COLUMNS];

/** The study options that choose which columns of `positions` the stages read. */
export interface StudyColumnOptions {
  roleColumn?: string | undefined;
  industryColumn?: string | undefined;
}

/**
 * The study's role or industry column: the option when given, else the first of
 * `candidates` the data has (`present`: the optional columns of its positions, as
 * `columns_present` lists them), else none.
 */
export function chooseColumn(option: string | undefined, candidates: readonly string[], present: ReadonlySet<string>): string | null {
  if (option !== undefined) return option;
  return candidates.find((c) => present.has(c)) ?? null;
}

/**
 * The columns of {@link ATTRIBUTE_COLUMNS} a study with these options reads, given the
 * optional columns present in the data: its role and industry columns, chosen as the
 * panel chooses them (`src/measure/panel` `resolveColumn`).
 */
export function studyColumns(options: StudyColumnOptions, present: readonly string[]): string[] {
  const have = new Set(present);
  const chosen = [chooseColumn(options.roleColumn, ROLE_COLUMNS, have), chooseColumn(options.industryColumn, INDUSTRY_COLUMNS, have)];
  return ATTRIBUTE_COLUMNS.filter((c) => chosen.includes(c));
}

export const TABLES: readonly TableDef[] = [
  {
    name: 'individual_positions',
    target: 'positions',
    required: true,
    requiredColumns: ['user_id', 'position_id', 'startdate', 'country'],
    optionalColumns: [
      'position_number', 'enddate', 'rcid', 'company', 'role_k50', 'role_k150', 'role_k1500', 'role_k17000_v3',
      'onet_code', 'seniority', 'salary', 'weight', 'rics_k50', 'naics_code',
    ],
  },
  {
    name: 'individual_user',
    target: 'users',
    required: false,
    requiredColumns: ['user_id'],
    optionalColumns: ['user_country', 'highest_degree', 'sex_predicted'],
  },
  {
    name: 'individual_user_education',
    target: 'education',
    required: false,
    requiredColumns: ['user_id'],
    optionalColumns: ['education_number', 'university_name', 'university_country', 'degree', 'field', 'startdate', 'enddate'],
  },
  {
    name: 'individual_user_skills',
    target: 'skills',
    required: true,
    requiredColumns: ['user_id'],
    optionalColumns: ['skill_raw', 'first_reported'],
    keepPattern: /^skill_[a-z0-9_]+$/,
  },
  {
    name: 'company_mapping',
    target: 'companies',
    required: false,
    requiredColumns: ['rcid'],
    optionalColumns: ['company', 'hq_country', 'rics_k50', 'naics_code', 'ultimate_parent_rcid'],
  },
];

/**
 * The largest weight a position may carry: a weight is the number of people a profile
 * stands for, and no profile stands for more people than the world has (about 8·10⁹). A
 * larger one is rejected (`weight_out_of_range`); it would also overflow the exact sums
 * of the weighted figures (src/engine/sql.ts `exactSum`: terms below 2⁵³).
 */
export const MAX_WEIGHT = 1e10;

/** Reject reason codes, with whether the row is dropped or only the value. */
export const REJECT_REASONS = {
  bad_quoting: 'row dropped: the CSV line has a quote that is not closed on the line, or text after a closing quote',
  wrong_field_count: 'row dropped: the CSV line has more or fewer fields than the header',
  cut_last_line: 'row dropped: the last line of the file ends early (no line end, too few fields or an open quote)',
  bad_line_end: 'row dropped: the CSV line holds a carriage return outside quotes that does not end the line',
  line_too_long: 'row dropped: the CSV line is longer than 10,000,000 bytes',
  missing_key: 'row dropped: user_id, position_id or rcid is empty',
  missing_value: 'row dropped: a required value (startdate, country, skill) is empty',
  unparseable_date: 'row dropped (value dropped for first_reported): not YYYY-MM-DD or YYYY-MM',
  end_before_start: 'row dropped: enddate is before startdate',
  unknown_country: 'row dropped for positions and education, value dropped for user_country and hq_country: not a recognised country',
  duplicate_position_id: 'row dropped: position_id already seen (the first valid row is kept)',
  duplicate_key: 'row dropped: user_id (individual_user) or rcid (company_mapping) already seen',
  orphan_user_id: 'row dropped: the user has no valid position',
  non_positive_salary: 'value dropped: salary is zero or negative',
  non_positive_weight: 'value dropped: weight is zero or negative (a missing weight counts as 1)',
  weight_out_of_range: 'value dropped: weight above 10^10, more people than the world has (it counts as 1)',
  unparseable_number: 'value dropped: not a number (salary, weight, position_number, education_number)',
  invalid_seniority: 'value dropped: seniority is not an integer from 1 to 7',
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;
