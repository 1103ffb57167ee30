/**
 * The shape of the output contract: one {@link TableSchema} per output table, declared as
 * data. Measures build their rows against it, the CSV writer and reader, the report, the
 * workbook, the dashboard and the tests read it.
 */

/** How a column's cells are typed in memory and in CSV. */
export type ColumnType =
  /** Text, never parsed as a number (`country`, `skill`, `category`). */
  | 'text'
  /** An integer (person counts, seniority levels, degrees of freedom of a clustered fit). */
  | 'integer'
  /** A real number. */
  | 'number'
  /** `true` / `false`. */
  | 'boolean'
  /** A year (integer) or the word `pooled`. */
  | 'year'
  /** An integer level, or a text label for a missing one (seniority `unknown`). */
  | 'level';

/** What a column holds, for readers (labels, number formats) and for disclosure control. */
export type ColumnRole =
  /** Identifies the row; always published, even when the row is suppressed. */
  | 'key'
  /** Counts people (or moves of people): subject to the disclosure threshold. */
  | 'count'
  /** Any other published figure (weighted twins, shares, rates, estimates). */
  | 'value'
  /** A label of the method used for the row (`vcov`, `ssc`). */
  | 'label'
  /** The `suppressed` flag. */
  | 'flag';

/** Units of numeric columns; the report and workbook format numbers by unit. */
export type Unit =
  | 'persons'
  | 'persons_weighted'
  | 'moves'
  | 'moves_weighted'
  | 'observations'
  | 'share'
  | 'percent'
  | 'percentage_points'
  | 'log_points'
  | 'per_10k'
  | 'df'
  | 'probability'
  | 'correlation'
  | 'slope'
  | 'count'
  /** International dollars (PPP), the survey study's median compensation. */
  | 'intl_dollars'
  | 'level';

/** One column of an output table. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly role: ColumnRole;
  readonly unit?: Unit;
  /** Significant digits shown in the report and the workbook's number format (CSV keeps full precision). */
  readonly digits?: number;
  /** Short human label (English), e.g. "AI premium (%)". */
  readonly label: string;
  /** One sentence on what the column holds. */
  readonly description?: string;
}

/**
 * One disclosure rule: when any of `counts` is a count of 1 … minCell − 1 persons (or 0 too
 * when `zeroIsSmall`), the `blank` columns of the row are emptied and the row is flagged.
 */
export interface DisclosureRule {
  /** Person counts checked: published `count` columns or internal columns. */
  readonly counts: readonly string[];
  /** Columns emptied when the rule fires (the published counts among `counts` are emptied too). */
  readonly blank: readonly string[];
  readonly zeroIsSmall?: boolean;
}

/**
 * A partition of a total among published figures (categories of a dimension, destinations
 * of an origin, years of a pooled row, …): the rows of this table that agree on `within`
 * (and pass `where` / `except`) add up, in column `count`, to the total row. Complete
 * suppression (`protectTables`, src/contract/sdc.ts) keeps every such relation from giving a
 * withheld count back; a new table is protected by declaring its partitions.
 */
export interface Partition {
  /** What the partition is, in words. */
  readonly description: string;
  /** The count column that is partitioned. */
  readonly count: string;
  /** Key columns that stay fixed within the partition. */
  readonly within: readonly string[];
  /** The key column whose values are the parts. */
  readonly over: string;
  /** Only rows with these key values are parts (e.g. `{ group: 'ai' }`). */
  readonly where?: Readonly<Record<string, Cell>>;
  /** Rows with these key values are not parts (e.g. `{ year: ['pooled'] }`, `{ dimension: ['skill'] }`). */
  readonly except?: Readonly<Record<string, readonly Cell[]>>;
  /**
   * The table (this one or another) and count column holding the total. Its key columns
   * are found by name among `within`, renamed by `on` (total key → column here), or fixed
   * by `where` (e.g. `{ skill: 'all' }`, `{ year: 'pooled' }`). No total: no relation.
   */
  readonly total?: {
    readonly table: string;
    readonly count: string;
    readonly on?: Readonly<Record<string, string>>;
    readonly where?: Readonly<Record<string, Cell>>;
  };
}

/**
 * Rows of this table are withheld when a row of `table` agreeing on the columns `on` is
 * (rates and shares computed from the counts there: mobility follows flows and headcount).
 */
export interface Follows {
  readonly table: string;
  readonly on: readonly string[];
  /** Only the rows of `table` with these values (e.g. `{ skill: 'all' }`). */
  readonly where?: Readonly<Record<string, Cell>>;
}

/** One output table of the contract. */
export interface TableSchema {
  /** File stem: `headcount` for `headcount.csv`. */
  readonly name: string;
  /** Human title (English). */
  readonly title: string;
  /** Published columns, in file order. */
  readonly columns: readonly ColumnSpec[];
  /** Columns that identify a row (unique together); rows are sorted by them. */
  readonly key: readonly string[];
  /**
   * Columns a measure computes for disclosure control only (distinct-person counts of a
   * regression sample, the counts behind a rate); used by {@link DisclosureRule}s, never
   * written.
   */
  readonly internal?: readonly string[];
  /** Disclosure control; absent for tables that count nobody directly (`link`, `rejects`). */
  readonly disclosure?: {
    readonly rules: readonly DisclosureRule[];
    /**
     * Counts implied by published columns that a reader can check too: `[a, b]` means
     * a − b counts people (e.g. n − n_ai, the non-AI observations).
     */
    readonly differences?: readonly (readonly [string, string])[];
  };
  /** Partitions of totals this table's counts take part in (complementary suppression protects them). */
  readonly partitions?: readonly Partition[];
  /** Tables whose withheld rows withhold this table's matching rows. */
  readonly follows?: readonly Follows[];
  /** Regression tables: the column holding the t distribution's degrees of freedom. */
  readonly df?: string;
  /** Only written under an option (e.g. `sensitivity` with `--sensitivity`). */
  readonly optional?: boolean;
  /** Served by the dashboard and exported to the workbook (default true). */
  readonly published?: boolean;
}

/** A cell of an output table. */
export type Cell = string | number | boolean | null;

/** A row: column name → cell. */
export type Row = Record<string, Cell>;
