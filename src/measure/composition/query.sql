-- composition(c, t, group, dimension, category): persons and shares of each category
-- among the users whose primary position at t is in c (denominator: headcount(c, t,
-- group)). Dimensions: degree (users.highest_degree), field (of the latest education
-- record by startdate that has a field: dated records first, latest startdate, then the
-- larger education_number; undated only when none is dated), industry, role and seniority
-- of the primary position. A missing category is `unknown`. Only categories with someone.
--
-- The panel's rows are not read through the `panel` view (which joins the wide positions
-- table and carries strings into every GROUP BY). Instead every string is replaced by a
-- small integer code once, where it has few rows: country, role and industry per position
-- (tf_comp_pos), group, degree and field per user (tf_comp_usr). The narrow panel_core is
-- joined to those two integer tables once (tf_comp_pan: stratum s, weight and the codes),
-- each dimension is an integer GROUP BY on it, and the codes are turned back into strings
-- on the aggregated rows only. The stratum packs (country, group, year) into one integer:
-- s = (country code · ng + group code) · ny + (year − ymin): ng groups, ny years from ymin.
-- The panel's country is its primary position's country (panel/query.sql), so the country
-- code is taken from the position. tf_comp_pan keeps panel_core's row order (the joins
-- probe panel_core), as the view did, so the weighted sums add the same weights in the same
-- order as before (composition.csv was byte-identical on a 20 000-user world).
CREATE OR REPLACE TEMP TABLE tf_comp_edu AS
SELECT uid,
       arg_max(field, (startdate IS NOT NULL, coalesce(startdate, DATE '0001-01-01'),
                       coalesce(education_number, -2147483648), field)) AS field
FROM education
WHERE field IS NOT NULL
GROUP BY uid;

-- Codes 0, 1, … per dimension (NULL is a value of its own for country and group).
CREATE OR REPLACE TEMP TABLE tf_comp_dict AS
SELECT dim, v, (row_number() OVER (PARTITION BY dim ORDER BY v) - 1)::INTEGER AS code
FROM (
  SELECT DISTINCT 'country' AS dim, country::VARCHAR AS v FROM positions
  UNION ALL SELECT DISTINCT 'role', {{role}}::VARCHAR FROM positions p WHERE {{role}} IS NOT NULL
  UNION ALL SELECT DISTINCT 'industry', {{industry}}::VARCHAR FROM positions p WHERE {{industry}} IS NOT NULL
  UNION ALL SELECT DISTINCT 'group', grp FROM panel_user
  UNION ALL SELECT DISTINCT 'degree', highest_degree FROM panel_user WHERE highest_degree IS NOT NULL
  UNION ALL SELECT DISTINCT 'field', field FROM tf_comp_edu
);

-- Per position: country code, role and industry codes (NULL when missing), raw seniority.
CREATE OR REPLACE TEMP TABLE tf_comp_pos AS
SELECT p.pid_rank, c.code AS cc, r.code AS rc, i.code AS ic, p.seniority AS sen
FROM positions p
JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'country') c ON c.v IS NOT DISTINCT FROM p.country::VARCHAR
LEFT JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'role') r ON r.v = {{role}}::VARCHAR
LEFT JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'industry') i ON i.v = {{industry}}::VARCHAR;

-- Per user: group code, whether the group is `ai`, degree and field codes.
CREATE OR REPLACE TEMP TABLE tf_comp_usr AS
SELECT u.uid, g.code AS gc, u.grp = 'ai' AS ai, d.code AS dc, f.code AS fc
FROM panel_user u
JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'group') g ON g.v IS NOT DISTINCT FROM u.grp
LEFT JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'degree') d ON d.v = u.highest_degree
LEFT JOIN tf_comp_edu e ON e.uid = u.uid
LEFT JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'field') f ON f.v = e.field;

CREATE OR REPLACE TEMP TABLE tf_comp_pan AS
SELECT (p.cc::BIGINT * (SELECT count(*) FROM tf_comp_dict WHERE dim = 'group') + u.gc) * {{ny}} + (c.year - {{ymin}}) AS s,
       c.weight, u.dc, u.fc, p.ic, p.rc, p.sen,
       CASE WHEN u.ai THEN c.uid END AS ai_uid
FROM panel_core c
JOIN tf_comp_pos p ON p.pid_rank = c.pid_rank
JOIN tf_comp_usr u ON u.uid = c.uid
WHERE c.year IN (SELECT unnest({{years}}));

CREATE OR REPLACE TEMP TABLE tf_comp AS
WITH tot AS (
  SELECT s, count(*) AS n, sum(weight) AS w FROM tf_comp_pan GROUP BY s
), strata AS (
  -- s back to (country, group, year)
  SELECT t.*, c.v AS country, g.v AS grp, ({{ymin}} + t.s % {{ny}})::INTEGER AS year
  FROM tot t
  CROSS JOIN (SELECT count(*) AS ng FROM tf_comp_dict WHERE dim = 'group') k
  JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'country') c ON c.code = t.s // {{ny}} // k.ng
  JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'group') g ON g.code = t.s // {{ny}} % k.ng
), coded AS (
  SELECT s, 'degree' AS dimension, dc AS code, count(*) AS persons, sum(weight) AS persons_weighted
  FROM tf_comp_pan GROUP BY s, dc
  UNION ALL
  SELECT s, 'field', fc, count(*), sum(weight) FROM tf_comp_pan GROUP BY s, fc
  UNION ALL
  SELECT s, 'industry', ic, count(*), sum(weight) FROM tf_comp_pan GROUP BY s, ic
  UNION ALL
  SELECT s, 'role', rc, count(*), sum(weight) FROM tf_comp_pan GROUP BY s, rc
), cats AS (
  SELECT a.s, a.dimension, d.v AS category, a.persons, a.persons_weighted
  FROM coded a LEFT JOIN tf_comp_dict d ON d.dim = a.dimension AND d.code = a.code
  UNION ALL
  SELECT s, 'seniority', sen::VARCHAR, count(*), sum(weight) FROM tf_comp_pan GROUP BY s, sen
  UNION ALL
  -- For the ai group: users holding each AI skill (shares do not sum to one).
  SELECT p.s, 'skill', k.skill, count(*), sum(p.weight)
  FROM tf_comp_pan p JOIN ai_skills k ON k.uid = p.ai_uid
  GROUP BY p.s, k.skill
), named AS (
  -- A missing category becomes `unknown` (merged with a literal `unknown` in the data).
  SELECT s, dimension, coalesce(category, 'unknown') AS category,
         sum(persons) AS persons, sum(persons_weighted) AS persons_weighted
  FROM cats GROUP BY ALL
)
SELECT t.country, t.year, t.grp AS "group", a.dimension, a.category,
       a.persons::BIGINT AS persons, a.persons / t.n AS share,
       a.persons_weighted, a.persons_weighted / t.w AS share_weighted
FROM named a JOIN strata t ON t.s = a.s;
