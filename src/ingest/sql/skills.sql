-- Validate staged skills and write `skills`. The template fills in any_skill (true when skill_raw
-- or a mapped skill_* column is non-empty), skill_select (those columns, trimmed) and
-- skill_cols (their names). first_reported comes from the map of distinct date texts. The
-- other {{…}} parts read a column that may be staged typed (see positions.sql); {{user_match}}
-- matches the row's user_id to user_keys (alias k), {{file}} is the `_file` of a `_fileno`.
CREATE OR REPLACE TEMP TABLE chk_skills AS
SELECT st._fileno, st._line, k.uid, {{skill_select}},
  {{st_first_reported_start}} AS d_first_reported,
  CASE WHEN NOT {{st_first_reported_blank}} AND {{st_first_reported_start}} IS NULL THEN {{st_first_reported_text}} END AS bad_first_reported,
  CASE
    WHEN {{st_user_id_blank}} THEN 'missing_key/user_id'
    WHEN k.uid IS NULL THEN 'orphan_user_id/user_id'
    WHEN NOT ({{any_skill}}) THEN 'missing_value/skill_raw'
  END AS problem,
  CASE
    WHEN {{st_user_id_blank}} THEN coalesce({{st_user_id_text}}, '')
    WHEN k.uid IS NULL THEN {{st_user_id_trim}}
    WHEN NOT ({{any_skill}}) THEN ''
  END AS problem_val
FROM stg_skills st
LEFT JOIN user_keys k ON {{user_match}}
{{st_first_reported_join}};

INSERT INTO rejects
SELECT {{file}}, _line, split_part(problem, '/', 2), split_part(problem, '/', 1), left(problem_val, 200), 'row_dropped' FROM chk_skills WHERE problem IS NOT NULL
UNION ALL
SELECT {{file}}, _line, 'first_reported', 'unparseable_date', left(bad_first_reported, 200), 'value_dropped'
FROM chk_skills WHERE problem IS NULL AND bad_first_reported IS NOT NULL;

CREATE OR REPLACE TABLE skills AS
SELECT uid, {{skill_cols}}, d_first_reported AS first_reported
FROM chk_skills WHERE problem IS NULL
ORDER BY uid, _fileno, _line;

DROP TABLE IF EXISTS chk_skills;
