-- composition(c, t, group, dimension, category): persons and shares of each category
-- among the users whose primary position at t is in c (denominator: headcount(c, t,
-- group)). Dimensions: degree (users.highest_degree), field (of the latest education
-- record by startdate that has a field: dated records first, latest startdate, then the
-- larger education_number; undated only when none is dated), industry, role and seniority
-- of the primary position. A missing category is `unknown`. Only categories with someone.
-- Each dimension is one low-cardinality GROUP BY on the panel's own column (NULL as a
-- group, named `unknown` after aggregating): faster in DuckDB than GROUPING SETS or a
-- materialised long table, as the panel is columnar and each scan reads one column.
-- The panel's columns it needs are materialised once (the view joins positions), then
-- each GROUP BY scans that narrow table.
CREATE OR REPLACE TEMP TABLE tf_comp_pan AS
SELECT uid, country, year, grp, weight, highest_degree, industry, role, seniority
FROM panel WHERE year IN (SELECT unnest({{years}}));

CREATE OR REPLACE TEMP TABLE tf_comp AS
WITH pan AS (
  SELECT * FROM tf_comp_pan
), edu_field AS (
  SELECT uid,
         arg_max(field, (startdate IS NOT NULL, coalesce(startdate, DATE '0001-01-01'),
                         coalesce(education_number, -2147483648), field)) AS field
  FROM education
  WHERE field IS NOT NULL
  GROUP BY uid
), tot AS (
  SELECT country, year, grp, count(*) AS n, sum(weight) AS w FROM pan GROUP BY ALL
), cats AS (
  SELECT country, year, grp, 'degree' AS dimension, highest_degree AS category, count(*) AS persons, sum(weight) AS persons_weighted
  FROM pan GROUP BY ALL
  UNION ALL
  SELECT p.country, p.year, p.grp, 'field', f.field, count(*), sum(p.weight)
  FROM pan p LEFT JOIN edu_field f ON f.uid = p.uid GROUP BY ALL
  UNION ALL
  SELECT country, year, grp, 'industry', industry, count(*), sum(weight) FROM pan GROUP BY ALL
  UNION ALL
  SELECT country, year, grp, 'role', role, count(*), sum(weight) FROM pan GROUP BY ALL
  UNION ALL
  SELECT country, year, grp, 'seniority', seniority::VARCHAR, count(*), sum(weight) FROM pan GROUP BY ALL
  UNION ALL
  -- For the ai group: users holding each AI skill (shares do not sum to one).
  SELECT p.country, p.year, p.grp, 'skill', s.skill, count(*), sum(p.weight)
  FROM pan p JOIN ai_skills s ON s.uid = p.uid
  WHERE p.grp = 'ai'
  GROUP BY ALL
), named AS (
  -- A missing category becomes `unknown` (merged with a literal `unknown` in the data).
  SELECT country, year, grp, dimension, coalesce(category, 'unknown') AS category,
         sum(persons) AS persons, sum(persons_weighted) AS persons_weighted
  FROM cats GROUP BY ALL
)
SELECT a.country, a.year, a.grp AS "group", a.dimension, a.category,
       a.persons::BIGINT AS persons, a.persons / t.n AS share,
       a.persons_weighted, a.persons_weighted / t.w AS share_weighted
FROM named a JOIN tot t ON t.country = a.country AND t.year = a.year AND t.grp = a.grp;

DROP TABLE tf_comp_pan;
