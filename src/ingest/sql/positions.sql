-- Validate staged positions: the first row-level problem of each row (in the order below)
-- rejects the row; problems of optional numeric values drop the value only. The view
-- parsed_positions parses every value (dates and countries through their maps of distinct
-- texts) and is read twice: by chk_positions, the narrow table of ids and problems the
-- later checks read, and by the statement that writes positions. Parsing twice costs less
-- than copying the text columns twice, so they are copied once, into positions. The parts {{<alias>_<column>_<role>}} read a column
-- that may be staged typed (index.ts `columnParts`): _text its text, _blank whether it is
-- missing, _id a key's id (its BIGINT when typed, else its trimmed text), _num a number,
-- _start / _end a date and _join the join to the date map it needs; over a key's id column
-- id_<column>, _id_missing, _id_text and _id_order (the ORDER BY of keys); an unqualified
-- {{<column>_<role>}} reads the column passed through as it is staged. {{file}} is the
-- `_file` of a row's `_fileno`; {{user_keys_id}} user_keys' user_id (alias k) as an id.
-- The optional text columns (rcid, company, the role and industry columns) are passed
-- through unvalidated, those staged only (a study's ingest stages only the ones it reads,
-- index.ts `unreadColumns`): the part s_texts reads them, c_texts writes them and columns
-- lists the columns of positions in their order (index.ts `positionsParts`).
-- Each step ends with a fence (`/* fence */`, see src/db/dialect.ts), so that PostgreSQL
-- parses each value once too.
CREATE OR REPLACE TEMP VIEW parsed_positions AS
SELECT *, tf_int_of(n_seniority) AS i_seniority, tf_int_of(n_position_number) AS i_position_number
FROM (
  SELECT s._fileno, s._line,
         s.user_id, s.position_id, s.startdate, s.enddate, s.country,
         s.salary, s.weight, s.seniority, s.position_number,
         {{s_texts}},
         {{s_user_id_id}} AS id_user_id,
         {{s_position_id_id}} AS id_position_id,
         {{s_startdate_start}} AS d_start,
         {{s_enddate_end}} AS d_end,
         cm.code AS c_country,
         {{s_salary_num}} AS n_salary,
         {{s_weight_num}} AS n_weight,
         {{s_seniority_num}} AS n_seniority,
         {{s_position_number_num}} AS n_position_number
  FROM stg_positions s
  LEFT JOIN country_map cm ON cm.raw = s.country
  {{s_startdate_join}}
  {{s_enddate_join}}
  /* fence */
) p;

-- One row per staged row: its ids and first problem; the texts and reasons of its dropped
-- values (NULL when none), for the few rows with a problem only.
CREATE OR REPLACE TEMP TABLE chk_positions AS
SELECT _fileno, _line, id_user_id, id_position_id, problem, {{weight_blank}} AS no_weight,
  CASE problem
    WHEN 'missing_key/user_id' THEN coalesce({{user_id_text}}, '')
    WHEN 'missing_key/position_id' THEN coalesce({{position_id_text}}, '')
    WHEN 'missing_value/startdate' THEN ''
    WHEN 'unparseable_date/startdate' THEN {{startdate_text}}
    WHEN 'unparseable_date/enddate' THEN {{enddate_text}}
    WHEN 'end_before_start/enddate' THEN {{enddate_text}}
    WHEN 'missing_value/country' THEN ''
    WHEN 'unknown_country/country' THEN country
  END AS problem_val,
  CASE WHEN (n_salary IS NULL AND NOT {{salary_blank}}) OR n_salary <= 0 THEN {{salary_text}} END AS bad_salary,
  CASE WHEN n_salary <= 0 THEN 'non_positive_salary' WHEN n_salary IS NULL AND NOT {{salary_blank}} THEN 'unparseable_number' END AS salary_reason,
  -- a weight is the number of people a profile stands for: above {{max_weight}} (more people
  -- than the world has) it is an error, and it would break the exact sums of the weighted figures
  CASE WHEN (n_weight IS NULL AND NOT {{weight_blank}}) OR n_weight <= 0 OR n_weight > {{max_weight}} THEN {{weight_text}} END AS bad_weight,
  CASE WHEN n_weight <= 0 THEN 'non_positive_weight' WHEN n_weight > {{max_weight}} THEN 'weight_out_of_range'
       WHEN n_weight IS NULL AND NOT {{weight_blank}} THEN 'unparseable_number' END AS weight_reason,
  CASE WHEN NOT {{seniority_blank}} AND (i_seniority IS NULL OR i_seniority NOT BETWEEN 1 AND 7) THEN {{seniority_text}} END AS bad_seniority,
  CASE WHEN NOT {{position_number_blank}} AND i_position_number IS NULL THEN {{position_number_text}} END AS bad_position_number
FROM (
  SELECT *,
    -- The row's first problem, as `reason/column`.
    CASE
      WHEN {{user_id_id_missing}} THEN 'missing_key/user_id'
      WHEN {{position_id_id_missing}} THEN 'missing_key/position_id'
      WHEN {{startdate_blank}} THEN 'missing_value/startdate'
      WHEN d_start IS NULL THEN 'unparseable_date/startdate'
      WHEN NOT {{enddate_blank}} AND d_end IS NULL THEN 'unparseable_date/enddate'
      WHEN d_end < d_start THEN 'end_before_start/enddate'
      WHEN tf_blank(country) THEN 'missing_value/country'
      WHEN c_country IS NULL THEN 'unknown_country/country'
    END AS problem
  FROM parsed_positions
  /* fence */
) q;

-- Position ids repeated among valid rows (few), ranked in file order: the first is kept.
-- An id is grouped as it is staged: an integer key as its number.
CREATE OR REPLACE TEMP TABLE dup_positions AS
SELECT _fileno, _line, row_number() OVER (PARTITION BY id_position_id ORDER BY _fileno, _line) AS dup_rank
FROM chk_positions
WHERE problem IS NULL AND id_position_id IN (
  SELECT id_position_id FROM chk_positions WHERE problem IS NULL GROUP BY id_position_id HAVING count(*) > 1
);

-- Valid rows with their rank among rows of the same position id (1 = kept).
CREATE OR REPLACE TEMP VIEW ok_positions AS
SELECT c.*, coalesce(d.dup_rank, 1) AS dup_rank
FROM chk_positions c LEFT JOIN dup_positions d ON d._fileno = c._fileno AND d._line = c._line
WHERE c.problem IS NULL;

-- The few rows that make a reject: a problem, a repeated id, a dropped value.
CREATE OR REPLACE TEMP TABLE tf_pos_flagged AS
SELECT c.*, coalesce(d.dup_rank, 1) AS dup_rank
FROM chk_positions c LEFT JOIN dup_positions d ON d._fileno = c._fileno AND d._line = c._line
WHERE c.problem IS NOT NULL OR d.dup_rank > 1 OR c.bad_salary IS NOT NULL OR c.bad_weight IS NOT NULL
   OR c.bad_seniority IS NOT NULL OR c.bad_position_number IS NOT NULL;

INSERT INTO rejects
SELECT {{file}}, _line, split_part(problem, '/', 2), split_part(problem, '/', 1), left(problem_val, 200), 'row_dropped'
FROM tf_pos_flagged WHERE problem IS NOT NULL
UNION ALL
SELECT {{file}}, _line, 'position_id', 'duplicate_position_id', left({{position_id_id_text}}, 200), 'row_dropped'
FROM tf_pos_flagged WHERE problem IS NULL AND dup_rank > 1;

-- Value-level problems of kept rows.
INSERT INTO rejects
SELECT {{file}}, _line, col, reason, left(val, 200), 'value_dropped' FROM (
  SELECT _fileno, _line, 'salary' AS col, salary_reason AS reason, bad_salary AS val
  FROM tf_pos_flagged WHERE problem IS NULL AND dup_rank = 1 AND bad_salary IS NOT NULL
  UNION ALL
  SELECT _fileno, _line, 'weight', weight_reason, bad_weight
  FROM tf_pos_flagged WHERE problem IS NULL AND dup_rank = 1 AND bad_weight IS NOT NULL
  UNION ALL
  SELECT _fileno, _line, 'seniority', 'invalid_seniority', bad_seniority
  FROM tf_pos_flagged WHERE problem IS NULL AND dup_rank = 1 AND bad_seniority IS NOT NULL
  UNION ALL
  SELECT _fileno, _line, 'position_number', 'unparseable_number', bad_position_number
  FROM tf_pos_flagged WHERE problem IS NULL AND dup_rank = 1 AND bad_position_number IS NOT NULL
) v;

-- Dense user keys, numeric ids in numeric order then text ids.
CREATE OR REPLACE TABLE user_keys AS
SELECT CAST(row_number() OVER (ORDER BY {{user_id_id_order}}) AS INTEGER) AS uid, {{user_id_id_text}} AS user_id
FROM (SELECT DISTINCT id_user_id FROM ok_positions WHERE dup_rank = 1) u;

-- Keys of the kept rows: uid and the rank of the position id (numeric ids in numeric order
-- then text ids), computed on these narrow columns; the parsed rows join them on (_fileno,
-- _line), and positions is written from that join: the text columns are read in place
-- (a Parquet file, or the CSV rows loaded once) and copied only there.
CREATE OR REPLACE TEMP TABLE pos_keys AS
SELECT c._fileno, c._line, k.uid,
       CAST(row_number() OVER (ORDER BY {{c_position_id_id_order}}) AS BIGINT) AS pid_rank
FROM ok_positions c JOIN user_keys k ON {{user_keys_id}} = c.id_user_id
WHERE c.dup_rank = 1;

-- The kept rows in the order they are staged (file, then line): no later stage reads them
-- in table order (each orders by uid, startdate, pid_rank where it needs an order), so 10
-- million wide rows are not sorted here. The outer select puts the columns in their order.
CREATE OR REPLACE TABLE positions AS
SELECT {{columns}}
FROM (
  SELECT k.uid,
         {{c_position_id_id_text}} AS position_id,
         k.pid_rank,
         c.i_position_number AS position_number,
         c.d_start AS startdate,
         c.d_end AS enddate,
         c.c_country AS country,
         CASE WHEN c.i_seniority BETWEEN 1 AND 7 THEN c.i_seniority END AS seniority,
         CASE WHEN c.n_salary > 0 THEN c.n_salary END AS salary,
         coalesce(CASE WHEN c.n_weight > 0 AND c.n_weight <= {{max_weight}} THEN c.n_weight END, 1.0) AS weight,
         {{c_texts}}
  FROM pos_keys k JOIN parsed_positions c ON k._fileno = c._fileno AND k._line = c._line
) w;

CREATE OR REPLACE TABLE ingest_stats AS
SELECT 'missing_weight' AS key, CAST(count(*) FILTER (WHERE dup_rank = 1 AND no_weight) AS BIGINT) AS value FROM ok_positions;

DROP VIEW IF EXISTS ok_positions;
DROP TABLE IF EXISTS tf_pos_flagged;
DROP TABLE IF EXISTS pos_keys;
DROP TABLE IF EXISTS dup_positions;
DROP TABLE IF EXISTS chk_positions;
DROP VIEW IF EXISTS parsed_positions;
