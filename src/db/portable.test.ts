/**
 * The stages' SQL is written once, in the SQL DuckDB and PostgreSQL share, and rendered
 * for each (`dialect.ts`). This test fails when a stage's SQL file holds a form only
 * DuckDB has. Files that only ever run on DuckDB (reading and writing files, the
 * synthetic world, the survey study) are listed with the reason; `NOT_YET` lists the
 * stage files still to be ported (it only shrinks).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderSql } from './dialect.ts';

/** DuckDB-only forms (case-insensitive), with what to write instead. */
export const DUCKDB_ONLY: readonly [RegExp, string][] = [
  [/\bgroup\s+by\s+all\b/i, 'list the GROUP BY columns'],
  [/\border\s+by\s+all\b/i, 'list the ORDER BY columns'],
  [/\btry_cast\s*\(/i, 'a CASE guarded by an anchored regular expression (~), then CAST'],
  [/\barg_(min|max)\s*\(/i, '(array_agg(x ORDER BY y))[1]'],
  [/\bexclude\s*\(/i, 'an explicit column list'],
  [/\bqualify\b/i, 'a window function in a sub-query, filtered outside'],
  [/\brange\s*\(/i, 'generate_series (inclusive in both engines)'],
  [/\bregexp_(full_match|matches)\s*\(/i, 'x ~ \'^…$\' (anchored: both engines then match the whole string)'],
  [/\bstruct_pack\s*\(|\bstruct\s*\(/i, 'several columns, or a text key'],
  [/\blist_\w+\s*\(|\blist\s*\(|\blist_value\s*\(/i, 'array_agg / ARRAY[…]'],
  [/\bcolumns\s*\(/i, 'explicit columns'],
  [/\bmacro\b/i, 'a {{placeholder}} filled by the stage, or exact_sum (rendered by the dialect)'],
  [/\bread_(csv|parquet|json)\w*\s*\(/i, 'ingest reads files; stages read tables'],
  [/\bhash\s*\(/i, 'the bootstrap\'s integer hash (hash.sql)'],
  [/\bstrftime\s*\(|\bstrptime\s*\(/i, 'extract(year from d), make_date'],
  [/\bisfinite\s*\(/i, 'a comparison with the infinities, as the engine\'s dialect does'],
  [/\bcount_if\s*\(/i, 'count(*) FILTER (WHERE …)'],
  [/\b(first|last)\s*\(/i, '(array_agg(x ORDER BY …))[1]'],
  [/\bifnull\s*\(/i, 'coalesce'],
  [/\bdate_diff\s*\(|\bdatediff\s*\(|\bdate_sub\s*\(/i, 'extract and date arithmetic'],
  [/(?<!\/)\/\/(?!\/)/, 'CAST(… AS INTEGER) of a floor, or div()'],
  [/\busing\s+sample\b|\bsample\s*\(/i, 'a hash filter'],
  [/\bunion\s+by\s+name\b/i, 'UNION ALL with the same columns'],
  [/\bpositional\s+join\b|\basof\s+join\b/i, 'a join on keys'],
  [/\b(anti|semi)\s+join\b/i, 'NOT EXISTS / EXISTS (select 1 from … where …)'],
  [/::\s*(hugeint|ubigint|utinyint|usmallint|uinteger)\b/i, 'bigint'],
];

/** SQL that only runs on DuckDB, by folder or file, with why. */
const DUCKDB_ONLY_FILES: Readonly<Record<string, string>> = {
  'src/ingest/sql/read-csv.sql': 'reads a file into DuckDB',
  'src/ingest/sql/read-parquet.sql': 'reads a file into DuckDB',
  'src/ingest/postgres/sql': 'pg-load reads the files with DuckDB before COPY',
  'src/ingest/surveys': 'the public-survey adapters write Revelio-schema files',
  'src/study/survey': 'the survey study runs on its own DuckDB',
  'src/study/rejects.sql': 'writes rejects.csv from DuckDB (COPY … TO a file)',
  'src/synth': 'the synthetic world is generated with DuckDB',
  'src/engine': 'the engine has its own dialect check (src/engine/dialect.test.ts)',
};

/** Stage SQL files not yet written in the shared SQL (remove a file once it is). */
const NOT_YET: readonly string[] = [];

/** SQL with its comments removed (a comment may name a DuckDB form it avoids). */
function code(text: string): string {
  return text.replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sqlFiles(p) : p.endsWith('.sql') ? [p] : [];
  });
}

const exempt = (p: string) => Object.keys(DUCKDB_ONLY_FILES).some((k) => p === k || p.startsWith(`${k}/`));

test('stage SQL files hold no DuckDB-only form', () => {
  const found: string[] = [];
  for (const f of sqlFiles('src').filter((p) => !exempt(p) && !NOT_YET.includes(p))) {
    const text = code(readFileSync(f, 'utf8'));
    for (const [re, instead] of DUCKDB_ONLY) if (re.test(text)) found.push(`${f}: ${re.source} (write ${instead})`);
  }
  assert.deepEqual(found, []);
});

test('every `is not distinct from` of a stage SQL file is rendered as a join PostgreSQL can hash', () => {
  // PostgreSQL hashes no `is not distinct from`: its rendering rewrites the form between names (dialect.ts)
  const found: string[] = [];
  for (const f of sqlFiles('src').filter((p) => !exempt(p))) {
    const rendered = renderSql(code(readFileSync(f, 'utf8')), 'postgres');
    if (/\bis\s+not\s+distinct\s+from\b/i.test(rendered)) found.push(`${f}: write both operands as names (maybe cast), standing between and/or/on or brackets`);
  }
  assert.deepEqual(found, []);
});

test('NOT_YET lists only files that exist and still need porting', () => {
  for (const f of NOT_YET) {
    const text = code(readFileSync(f, 'utf8'));
    assert.ok(DUCKDB_ONLY.some(([re]) => re.test(text)), `${f} is portable now: remove it from NOT_YET`);
  }
});
