-- Validate staged education records and write `education`. Dates and countries come from
-- their maps of distinct texts; every value is parsed once. The {{…}} parts read a column
-- that may be staged typed (see positions.sql); {{user_match}} matches the row's user_id to
-- user_keys (alias k), {{file}} is the `_file` of a `_fileno`. Each step ends with a fence
-- (`/* fence */`, see src/db/dialect.ts), so that PostgreSQL parses each value once too.
CREATE OR REPLACE TEMP TABLE chk_education AS
SELECT *,
  CASE split_part(problem, '/', 2)
    WHEN 'user_id' THEN CASE WHEN {{user_id_blank}} THEN coalesce({{user_id_text}}, '') ELSE {{user_id_trim}} END
    WHEN 'startdate' THEN {{startdate_text}}
    WHEN 'enddate' THEN {{enddate_text}}
    WHEN 'university_country' THEN university_country
  END AS problem_val
FROM (
WITH e AS (
  SELECT s._fileno, s._line, s.user_id, s.startdate, s.enddate, s.university_country, s.education_number,
         k.uid, cm.code AS c_country, {{s_startdate_start}} AS d_start, {{s_enddate_end}} AS d_end,
         tf_int_of({{s_education_number_num}}) AS i_education_number,
         tf_text(s.university_name) AS x_university_name, tf_text(s.degree) AS x_degree, tf_text(s.field) AS x_field
  FROM stg_education s
  LEFT JOIN user_keys k ON {{user_match}}
  LEFT JOIN country_map cm ON cm.raw = s.university_country
  {{s_startdate_join}}
  {{s_enddate_join}}
  /* fence */
)
SELECT *,
  CASE
    WHEN {{user_id_blank}} THEN 'missing_key/user_id'
    WHEN uid IS NULL THEN 'orphan_user_id/user_id'
    WHEN NOT {{startdate_blank}} AND d_start IS NULL THEN 'unparseable_date/startdate'
    WHEN NOT {{enddate_blank}} AND d_end IS NULL THEN 'unparseable_date/enddate'
    WHEN d_end < d_start THEN 'end_before_start/enddate'
    WHEN NOT tf_blank(university_country) AND c_country IS NULL THEN 'unknown_country/university_country'
  END AS problem
FROM e
/* fence */
) r;

INSERT INTO rejects
SELECT {{file}}, _line, split_part(problem, '/', 2), split_part(problem, '/', 1), left(problem_val, 200), 'row_dropped' FROM chk_education WHERE problem IS NOT NULL
UNION ALL
SELECT {{file}}, _line, 'education_number', 'unparseable_number', left({{education_number_text}}, 200), 'value_dropped'
FROM chk_education WHERE problem IS NULL AND NOT {{education_number_blank}} AND i_education_number IS NULL;

CREATE OR REPLACE TABLE education AS
SELECT uid, i_education_number AS education_number, x_university_name AS university_name,
       c_country AS university_country, x_degree AS degree, x_field AS field,
       d_start AS startdate, d_end AS enddate
FROM chk_education WHERE problem IS NULL
ORDER BY uid, startdate NULLS LAST, education_number NULLS LAST, _fileno, _line;

DROP TABLE IF EXISTS chk_education;
