/**
 * The dialect seam of the stages' SQL. Every query is written once, in the SQL DuckDB and
 * PostgreSQL share (standard types, window functions, `FILTER`, `IS NOT DISTINCT FROM`,
 * `generate_series`, `array_agg(… ORDER BY …)[1]` for an arg-min, explicit column lists,
 * no `GROUP BY ALL`, no DuckDB-only functions), and rendered for the database when it
 * runs. Rendering changes only the few forms that have no shared spelling:
 *
 * | written (DuckDB)                          | PostgreSQL                                          |
 * |---|---|
 * | `create or replace temp table T as …`     | `drop table if exists pg_temp.T; create temp table T as …` |
 * | `create or replace temp view V as …`      | `drop view if exists pg_temp.V; create temp view V as …` |
 * | `create or replace table T …` (a table of the study's database) | `drop table if exists pg_temp.T; create temp table T …` (the study writes nothing but TEMP tables on a server) |
 * | `exact_sum(x)` (the order-independent sum, a DuckDB macro of `Db.open`) | the macro's body, inlined |
 * | `drop table if exists T` (T unqualified)   | `drop table if exists pg_temp.T` (never a source table) |
 * | `as double`, `::double`                   | `as double precision`, `::double precision`         |
 * | `unnest(generate_series(a, b))` in a select list (one row per value, a … b inclusive) | `generate_series(a, b)` (a set-returning function there) |
 * | `a is not distinct from b` (a, b names, each maybe cast with `::TYPE`) | `coalesce('v' \|\| a, 'n') = coalesce('v' \|\| b, 'n')`: equal or both NULL, as an equality the planner can hash (PostgreSQL hashes no `is not distinct from`, so a join on it is a nested loop of rows × keys); the operands are compared as text |
 * | `/* fence *\/` at the end of a subquery (a comment) | `OFFSET 0`: the subquery is not pulled up into the query around it, so each of its expressions is evaluated once per row (pulled up, every reference to a column repeats the expression that defines it: a parse of every value, nested three deep, ran about 20 times) |
 *
 * `src/db/portable.test.ts` checks that no stage SQL holds a DuckDB-only form.
 */

/** The engines a study runs on. */
export type SqlDialect = 'duckdb' | 'postgres';

const NAME = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)(?:\.(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*))*`;
const CREATE_OR_REPLACE = new RegExp(String.raw`\bcreate\s+or\s+replace\s+(temp|temporary)\s+(table|view)\s+(${NAME})`, 'gi');
const CREATE_OR_REPLACE_TABLE = new RegExp(String.raw`\bcreate\s+or\s+replace\s+table\s+(${NAME})`, 'gi');
const DROP = new RegExp(String.raw`\bdrop\s+(table|view)\s+if\s+exists\s+(${NAME})`, 'gi');
const DOUBLE_TYPE = /(\bas\s+|::\s*)double\b(?!\s+precision)/gi;
/** An operand of a rewritten `is not distinct from`: a name, maybe cast (`x::VARCHAR`). */
const OPERAND = String.raw`${NAME}(?:\s*::\s*[A-Za-z_][A-Za-z0-9_]*)?`;
/**
 * `A is not distinct from B` standing alone between boolean connectives or brackets (so no
 * operator of higher precedence takes part of A or B). Any other spelling stays as written:
 * correct on both engines, only not hashable on PostgreSQL.
 */
const NOT_DISTINCT = new RegExp(
  String.raw`(?<=(?:^|[(,])\s*|\b(?:on|and|or|where|when|having)\s+)(${OPERAND})\s+is\s+not\s+distinct\s+from\s+(${OPERAND})` +
    String.raw`(?=\s*(?:$|--|[),;]|\b(?:and|or|then|else|end|where|group|order|having|join|left|right|inner|full|cross|union|limit|window)\b))`,
  'gi',
);
/** An optimisation fence (see the module comment); DuckDB reads it as a comment. */
const FENCE = /\/\*\s*fence\s*\*\//gi;

/**
 * The body of the `exact_sum(x)` macro (see `EXACT_SUM_MACRO` in index.ts) for an
 * argument: two BIGINT fixed-point parts whose sums are exact integers.
 */
export function exactSumBody(x: string): string {
  return (
    `(CAST(sum(CAST((${x}) * 1024.0 AS BIGINT)) AS DOUBLE PRECISION) / 1024.0` +
    ` + CAST(sum(CAST(((${x}) * 1024.0 - CAST((${x}) * 1024.0 AS BIGINT)) * 4611686018427387904.0 AS BIGINT)) AS DOUBLE PRECISION) / 4722366482869645213696.0)`
  );
}

/** Replace every `exact_sum(ARG)` call by its body, ARG found by balanced parentheses (quotes respected). */
function inlineExactSum(text: string): string {
  const re = /\bexact_sum\s*\(/gi;
  let out = '';
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(text, open);
    out += text.slice(from, m.index) + exactSumBody(inlineExactSum(text.slice(open + 1, close)));
    from = close + 1;
    re.lastIndex = from;
  }
  return out + text.slice(from);
}

/** Index of the `)` that closes the `(` at `open`, skipping quoted strings and identifiers. */
export function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) break;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses after offset ${open}`);
}

/**
 * `unnest(generate_series(a, b))` → `generate_series(a, b)`: DuckDB's generate_series is
 * a list function (unnested in a select list, one row per value), PostgreSQL's a
 * set-returning one that gives those rows itself; an empty range or a NULL bound gives no
 * row in both.
 */
function unnestSeries(text: string): string {
  const re = /\bunnest\s*\(\s*generate_series\s*\(/gi;
  let out = '';
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const open = text.indexOf('(', m.index);
    const close = matchingParen(text, open);
    out += text.slice(from, m.index) + unnestSeries(text.slice(open + 1, close)).trim();
    from = close + 1;
    re.lastIndex = from;
  }
  return out + text.slice(from);
}

/** The SQL text for a database of `dialect` (identity for DuckDB). */
export function renderSql(text: string, dialect: SqlDialect): string {
  if (dialect === 'duckdb') return text;
  return unnestSeries(inlineExactSum(text))
    .replace(DROP, (m, kind: string, name: string) => (name.includes('.') ? m : `drop ${kind.toLowerCase()} if exists pg_temp.${name}`))
    .replace(CREATE_OR_REPLACE, (_m, _temp: string, kind: string, name: string) =>
      // pg_temp: the drop can never reach a table of the source's schemas
      `drop ${kind.toLowerCase()} if exists ${name.includes('.') ? name : `pg_temp.${name}`}; create temp ${kind.toLowerCase()} ${name}`)
    // The study's own tables (ingest's positions, users, …) are TEMP tables of the session on a server.
    .replace(CREATE_OR_REPLACE_TABLE, (_m, name: string) => `drop table if exists pg_temp.${name}; create temp table ${name}`)
    .replace(NOT_DISTINCT, (_m, a: string, b: string) => `coalesce('v' || ${a}, 'n') = coalesce('v' || ${b}, 'n')`)
    .replace(DOUBLE_TYPE, (_m, pre: string) => `${pre}double precision`)
    .replace(FENCE, 'OFFSET 0');
}
