-- Validate staged education records and write `education`.
CREATE OR REPLACE TEMP TABLE chk_education AS
WITH e AS (
  SELECT s.*, k.uid, cm.code AS c_country, tf_date(s.startdate, false) AS d_start, tf_date(s.enddate, true) AS d_end
  FROM stg_education s
  LEFT JOIN user_keys k ON k.user_id = trim(s.user_id)
  LEFT JOIN country_map cm ON cm.raw = s.university_country
)
SELECT *,
  CASE
    WHEN tf_blank(user_id) THEN {'reason': 'missing_key', 'col': 'user_id', 'val': coalesce(user_id, '')}
    WHEN uid IS NULL THEN {'reason': 'orphan_user_id', 'col': 'user_id', 'val': trim(user_id)}
    WHEN tf_bad_date(startdate, false) THEN {'reason': 'unparseable_date', 'col': 'startdate', 'val': startdate}
    WHEN tf_bad_date(enddate, true) THEN {'reason': 'unparseable_date', 'col': 'enddate', 'val': enddate}
    WHEN d_end < d_start THEN {'reason': 'end_before_start', 'col': 'enddate', 'val': enddate}
    WHEN NOT tf_blank(university_country) AND c_country IS NULL
      THEN {'reason': 'unknown_country', 'col': 'university_country', 'val': university_country}
  END AS problem
FROM e;

INSERT INTO rejects
SELECT _file, _line, problem.col, problem.reason, left(problem.val, 200), 'row_dropped' FROM chk_education WHERE problem IS NOT NULL
UNION ALL
SELECT _file, _line, 'education_number', 'unparseable_number', left(education_number, 200), 'value_dropped'
FROM chk_education WHERE problem IS NULL AND NOT tf_blank(education_number) AND tf_int(education_number) IS NULL;

CREATE OR REPLACE TABLE education AS
SELECT uid, tf_int(education_number) AS education_number, tf_text(university_name) AS university_name,
       c_country AS university_country, tf_text(degree) AS degree, tf_text(field) AS field,
       d_start AS startdate, d_end AS enddate
FROM chk_education WHERE problem IS NULL
ORDER BY uid, startdate NULLS LAST, education_number NULLS LAST, _fileno, _line;

DROP TABLE chk_education;
