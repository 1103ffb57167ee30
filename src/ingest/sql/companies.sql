-- Validate staged company_mapping rows and write `companies` (one row per rcid). {{file}}
-- is the `_file` of a row's `_fileno`.
CREATE OR REPLACE TEMP TABLE chk_companies AS
WITH c AS (
  SELECT s._fileno, s._line, s.rcid, s.hq_country, cm.code AS c_country,
         tf_text(s.company) AS x_company, tf_text(s.rics_k50) AS x_rics_k50, tf_text(s.naics_code) AS x_naics_code,
         tf_text(s.ultimate_parent_rcid) AS x_ultimate_parent_rcid
  FROM stg_companies s LEFT JOIN country_map cm ON cm.raw = s.hq_country
), r AS (
  SELECT *, CASE WHEN tf_blank(rcid) THEN 'missing_key/rcid' END AS problem, CASE WHEN tf_blank(rcid) THEN coalesce(rcid, '') END AS problem_val FROM c
)
SELECT *, CASE WHEN problem IS NULL THEN row_number() OVER (PARTITION BY problem IS NULL, trim(rcid) ORDER BY _fileno, _line) END AS dup_rank
FROM r;

INSERT INTO rejects
SELECT {{file}}, _line, split_part(problem, '/', 2), split_part(problem, '/', 1), left(problem_val, 200), 'row_dropped' FROM chk_companies WHERE problem IS NOT NULL
UNION ALL
SELECT {{file}}, _line, 'rcid', 'duplicate_key', left(trim(rcid), 200), 'row_dropped' FROM chk_companies WHERE dup_rank > 1
UNION ALL
SELECT {{file}}, _line, 'hq_country', 'unknown_country', left(hq_country, 200), 'value_dropped'
FROM chk_companies WHERE dup_rank = 1 AND NOT tf_blank(hq_country) AND c_country IS NULL;

CREATE OR REPLACE TABLE companies AS
SELECT trim(rcid) AS rcid, x_company AS company, c_country AS hq_country, x_rics_k50 AS rics_k50,
       x_naics_code AS naics_code, x_ultimate_parent_rcid AS ultimate_parent_rcid
FROM chk_companies WHERE dup_rank = 1
ORDER BY rcid;

DROP TABLE IF EXISTS chk_companies;
