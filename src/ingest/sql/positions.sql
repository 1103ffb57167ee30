-- Validate staged positions: the first row-level problem of each row (in the order below)
-- rejects the row; problems of optional numeric values drop the value only.
CREATE OR REPLACE TEMP TABLE chk_positions AS
WITH p AS (
  SELECT s.*,
         tf_date(s.startdate, false) AS d_start,
         tf_date(s.enddate, true) AS d_end,
         cm.code AS c_country
  FROM stg_positions s
  LEFT JOIN country_map cm ON cm.raw = s.country
), r AS (
  SELECT *,
    CASE
      WHEN tf_blank(user_id) THEN {'reason': 'missing_key', 'col': 'user_id', 'val': coalesce(user_id, '')}
      WHEN tf_blank(position_id) THEN {'reason': 'missing_key', 'col': 'position_id', 'val': coalesce(position_id, '')}
      WHEN tf_blank(startdate) THEN {'reason': 'missing_value', 'col': 'startdate', 'val': ''}
      WHEN d_start IS NULL THEN {'reason': 'unparseable_date', 'col': 'startdate', 'val': startdate}
      WHEN tf_bad_date(enddate, true) THEN {'reason': 'unparseable_date', 'col': 'enddate', 'val': enddate}
      WHEN d_end < d_start THEN {'reason': 'end_before_start', 'col': 'enddate', 'val': enddate}
      WHEN tf_blank(country) THEN {'reason': 'missing_value', 'col': 'country', 'val': ''}
      WHEN c_country IS NULL THEN {'reason': 'unknown_country', 'col': 'country', 'val': country}
    END AS problem
  FROM p
)
SELECT *,
  CASE WHEN problem IS NULL
       THEN row_number() OVER (PARTITION BY problem IS NULL, trim(position_id) ORDER BY _fileno, _line) END AS dup_rank
FROM r;

INSERT INTO rejects
SELECT _file, _line, problem.col, problem.reason, left(problem.val, 200), 'row_dropped'
FROM chk_positions WHERE problem IS NOT NULL
UNION ALL
SELECT _file, _line, 'position_id', 'duplicate_position_id', left(trim(position_id), 200), 'row_dropped'
FROM chk_positions WHERE dup_rank > 1;

-- Value-level problems of kept rows.
INSERT INTO rejects
SELECT _file, _line, col, reason, left(val, 200), 'value_dropped' FROM (
  SELECT _file, _line, 'salary' AS col,
         CASE WHEN tf_bad_num(salary) THEN 'unparseable_number' ELSE 'non_positive_salary' END AS reason, salary AS val
  FROM chk_positions WHERE dup_rank = 1 AND (tf_bad_num(salary) OR tf_num(salary) <= 0)
  UNION ALL
  SELECT _file, _line, 'weight', CASE WHEN tf_bad_num(weight) THEN 'unparseable_number' ELSE 'non_positive_weight' END, weight
  FROM chk_positions WHERE dup_rank = 1 AND (tf_bad_num(weight) OR tf_num(weight) <= 0)
  UNION ALL
  SELECT _file, _line, 'seniority', 'invalid_seniority', seniority
  FROM chk_positions WHERE dup_rank = 1 AND NOT tf_blank(seniority) AND (tf_int(seniority) IS NULL OR tf_int(seniority) NOT BETWEEN 1 AND 7)
  UNION ALL
  SELECT _file, _line, 'position_number', 'unparseable_number', position_number
  FROM chk_positions WHERE dup_rank = 1 AND NOT tf_blank(position_number) AND tf_int(position_number) IS NULL
);

-- Dense user keys, numeric ids in numeric order then text ids.
CREATE OR REPLACE TABLE user_keys AS
SELECT (row_number() OVER (ORDER BY TRY_CAST(user_id AS HUGEINT) NULLS LAST, user_id))::INTEGER AS uid, user_id
FROM (SELECT DISTINCT trim(user_id) AS user_id FROM chk_positions WHERE dup_rank = 1);

CREATE OR REPLACE TABLE positions AS
SELECT k.uid,
       trim(c.position_id) AS position_id,
       row_number() OVER (ORDER BY TRY_CAST(trim(c.position_id) AS HUGEINT) NULLS LAST, trim(c.position_id))::BIGINT AS pid_rank,
       tf_int(c.position_number) AS position_number,
       c.d_start AS startdate,
       c.d_end AS enddate,
       c.c_country AS country,
       tf_text(c.rcid) AS rcid,
       tf_text(c.company) AS company,
       tf_text(c.role_k50) AS role_k50,
       tf_text(c.role_k150) AS role_k150,
       tf_text(c.role_k1500) AS role_k1500,
       tf_text(c.role_k17000_v3) AS role_k17000_v3,
       tf_text(c.onet_code) AS onet_code,
       CASE WHEN tf_int(c.seniority) BETWEEN 1 AND 7 THEN tf_int(c.seniority) END AS seniority,
       CASE WHEN tf_num(c.salary) > 0 THEN tf_num(c.salary) END AS salary,
       coalesce(CASE WHEN tf_num(c.weight) > 0 THEN tf_num(c.weight) END, 1.0) AS weight,
       tf_text(c.rics_k50) AS rics_k50,
       tf_text(c.naics_code) AS naics_code
FROM chk_positions c JOIN user_keys k ON k.user_id = trim(c.user_id)
WHERE c.dup_rank = 1
ORDER BY k.uid, startdate, pid_rank;

CREATE OR REPLACE TABLE ingest_stats AS
SELECT 'missing_weight' AS key, (count(*) FILTER (WHERE dup_rank = 1 AND tf_blank(weight)))::BIGINT AS value FROM chk_positions;

DROP TABLE chk_positions;
