-- Validate staged education records and write `education`. Dates and countries come from
-- their maps of distinct texts; every value is parsed once.
CREATE OR REPLACE TEMP TABLE chk_education AS
WITH e AS (
  SELECT s._file, s._fileno, s._line, s.user_id, s.startdate, s.enddate, s.university_country, s.education_number,
         k.uid, cm.code AS c_country, ds.d_start, de.d_end,
         tf_int_of(tf_finite(tf_double(s.education_number))) AS i_education_number,
         tf_text(s.university_name) AS x_university_name, tf_text(s.degree) AS x_degree, tf_text(s.field) AS x_field
  FROM stg_education s
  LEFT JOIN user_keys k ON k.user_id = trim(s.user_id)
  LEFT JOIN country_map cm ON cm.raw = s.university_country
  LEFT JOIN date_map ds ON ds.raw = s.startdate
  LEFT JOIN date_map de ON de.raw = s.enddate
)
SELECT *,
  CASE
    WHEN tf_blank(user_id) THEN {'reason': 'missing_key', 'col': 'user_id', 'val': coalesce(user_id, '')}
    WHEN uid IS NULL THEN {'reason': 'orphan_user_id', 'col': 'user_id', 'val': trim(user_id)}
    WHEN NOT tf_blank(startdate) AND d_start IS NULL THEN {'reason': 'unparseable_date', 'col': 'startdate', 'val': startdate}
    WHEN NOT tf_blank(enddate) AND d_end IS NULL THEN {'reason': 'unparseable_date', 'col': 'enddate', 'val': enddate}
    WHEN d_end < d_start THEN {'reason': 'end_before_start', 'col': 'enddate', 'val': enddate}
    WHEN NOT tf_blank(university_country) AND c_country IS NULL
      THEN {'reason': 'unknown_country', 'col': 'university_country', 'val': university_country}
  END AS problem
FROM e;

INSERT INTO rejects
SELECT _file, _line, problem.col, problem.reason, left(problem.val, 200), 'row_dropped' FROM chk_education WHERE problem IS NOT NULL
UNION ALL
SELECT _file, _line, 'education_number', 'unparseable_number', left(education_number, 200), 'value_dropped'
FROM chk_education WHERE problem IS NULL AND NOT tf_blank(education_number) AND i_education_number IS NULL;

CREATE OR REPLACE TABLE education AS
SELECT uid, i_education_number AS education_number, x_university_name AS university_name,
       c_country AS university_country, x_degree AS degree, x_field AS field,
       d_start AS startdate, d_end AS enddate
FROM chk_education WHERE problem IS NULL
ORDER BY uid, startdate NULLS LAST, education_number NULLS LAST, _fileno, _line;

DROP TABLE chk_education;
