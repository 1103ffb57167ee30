-- Validate staged individual_user rows and write `users`: one row per uid of user_keys. The
-- {{…}} parts read a column that may be staged typed (see positions.sql); {{user_match}}
-- matches the row's user_id to user_keys (alias k), {{file}} is the `_file` of a `_fileno`.
CREATE OR REPLACE TEMP TABLE chk_users AS
WITH u AS (
  SELECT s._fileno, s._line, s.user_id, s.user_country, k.uid, cm.code AS c_country,
         tf_text(s.highest_degree) AS x_highest_degree, tf_text(s.sex_predicted) AS x_sex_predicted
  FROM stg_users s
  LEFT JOIN user_keys k ON {{user_match}}
  LEFT JOIN country_map cm ON cm.raw = s.user_country
), r AS (
  SELECT *,
    CASE
      WHEN {{user_id_blank}} THEN 'missing_key/user_id'
      WHEN uid IS NULL THEN 'orphan_user_id/user_id'
    END AS problem,
    CASE WHEN {{user_id_blank}} THEN coalesce({{user_id_text}}, '') WHEN uid IS NULL THEN {{user_id_trim}} END AS problem_val
  FROM u
)
SELECT *, CASE WHEN problem IS NULL THEN row_number() OVER (PARTITION BY problem IS NULL, uid ORDER BY _fileno, _line) END AS dup_rank
FROM r;

INSERT INTO rejects
SELECT {{file}}, _line, split_part(problem, '/', 2), split_part(problem, '/', 1), left(problem_val, 200), 'row_dropped' FROM chk_users WHERE problem IS NOT NULL
UNION ALL
SELECT {{file}}, _line, 'user_id', 'duplicate_key', left({{user_id_trim}}, 200), 'row_dropped' FROM chk_users WHERE dup_rank > 1
UNION ALL
SELECT {{file}}, _line, 'user_country', 'unknown_country', left(user_country, 200), 'value_dropped'
FROM chk_users WHERE dup_rank = 1 AND NOT tf_blank(user_country) AND c_country IS NULL;

CREATE OR REPLACE TABLE users AS
SELECT k.uid, c.c_country AS user_country, c.x_highest_degree AS highest_degree, c.x_sex_predicted AS sex_predicted
FROM user_keys k LEFT JOIN (SELECT * FROM chk_users WHERE dup_rank = 1) c ON c.uid = k.uid
ORDER BY k.uid;

DROP TABLE IF EXISTS chk_users;
