-- Validate staged skills and write `skills`. The template fills in any_skill (true when skill_raw
-- or a mapped skill_* column is non-empty), skill_select (those columns, trimmed) and
-- skill_cols (their names). first_reported comes from the map of distinct date texts.
CREATE OR REPLACE TEMP TABLE chk_skills AS
SELECT st._file, st._fileno, st._line, k.uid, {{skill_select}},
  ds.d_start AS d_first_reported,
  CASE WHEN NOT tf_blank(st.first_reported) AND ds.d_start IS NULL THEN st.first_reported END AS bad_first_reported,
  CASE
    WHEN tf_blank(st.user_id) THEN 'missing_key/user_id'
    WHEN k.uid IS NULL THEN 'orphan_user_id/user_id'
    WHEN NOT ({{any_skill}}) THEN 'missing_value/skill_raw'
  END AS problem,
  CASE
    WHEN tf_blank(st.user_id) THEN coalesce(st.user_id, '')
    WHEN k.uid IS NULL THEN trim(st.user_id)
    WHEN NOT ({{any_skill}}) THEN ''
  END AS problem_val
FROM stg_skills st
LEFT JOIN user_keys k ON k.user_id = trim(st.user_id)
LEFT JOIN date_map ds ON ds.raw = st.first_reported;

INSERT INTO rejects
SELECT _file, _line, split_part(problem, '/', 2), split_part(problem, '/', 1), left(problem_val, 200), 'row_dropped' FROM chk_skills WHERE problem IS NOT NULL
UNION ALL
SELECT _file, _line, 'first_reported', 'unparseable_date', left(bad_first_reported, 200), 'value_dropped'
FROM chk_skills WHERE problem IS NULL AND bad_first_reported IS NOT NULL;

CREATE OR REPLACE TABLE skills AS
SELECT uid, {{skill_cols}}, d_first_reported AS first_reported
FROM chk_skills WHERE problem IS NULL
ORDER BY uid, _fileno, _line;

DROP TABLE IF EXISTS chk_skills;
