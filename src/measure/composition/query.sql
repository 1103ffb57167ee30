-- composition(c, t, group, dimension, category): persons and shares of each category
-- among the users whose primary position at t is in c (denominator: headcount(c, t,
-- group)). Dimensions: degree (users.highest_degree), field (of the latest education
-- record by startdate that has a field: dated records first, latest startdate, then the
-- larger education_number; undated only when none is dated), industry, role and seniority
-- of the primary position. A missing category is `unknown`. Only categories with someone.
--
-- The panel's rows are not read through the `panel` view (which joins the wide positions
-- table and carries strings into every GROUP BY). Every string is a small integer code:
-- country, role and industry of the primary position are already coded in panel_core
-- (cc, rc, ic; dictionary panel_codes, panel/query.sql), and so is the group of the year
-- (ai: AI-skilled at the end of t); degree and field per user here (tf_comp_usr).
-- The skill dimension counts the AI skills a user holds by the end of t (ai_skills.since). The narrow panel_core is joined to that per-user table in one scan
-- (stratum s, weight and the codes), each dimension is an integer grouping set of it
-- (tf_comp_agg), and the codes are turned back into strings on the aggregated rows only.
-- The stratum packs (country, group, year) into one integer: s = (country code · 2 +
-- group code) · ny + (year − ymin): group code 0 for ai, 1 for non_ai (the dictionary's
-- order), ny years from ymin; unpacked with exact integer arithmetic ((s − s mod n) / n).
CREATE OR REPLACE TEMP TABLE tf_comp_edu AS
WITH keyed AS (
  -- order key of a record with a field, packed into one BIGINT: (days since 0001-01-01, or
  -- −2^24 undated) · 2^33 + (education_number + 2^31, or 0 missing); the latest is the largest
  SELECT uid, field,
         coalesce((startdate - DATE '0001-01-01')::BIGINT, -16777216) * 8589934592
           + coalesce(CAST(education_number AS BIGINT) + 2147483648, 0) AS k
  FROM education
  WHERE field IS NOT NULL
)
-- the latest record's field (the largest among records with the same key)
SELECT e.uid, max(e.field COLLATE "C") AS field
FROM keyed e
JOIN (SELECT uid, max(k) AS k FROM keyed GROUP BY uid) m ON m.uid = e.uid AND m.k = e.k
GROUP BY e.uid;

-- Codes 0, 1, … per dimension: the panel's (country, role, industry) and group, degree and
-- field (NULL is a value of its own for country and group).
CREATE OR REPLACE TEMP TABLE tf_comp_dict AS
SELECT dim, v, code FROM panel_codes
UNION ALL
SELECT dim, v, CAST(row_number() OVER (PARTITION BY dim ORDER BY v COLLATE "C") - 1 AS INTEGER) AS code
FROM (
  SELECT 'group' AS dim, unnest(ARRAY['ai', 'non_ai']) AS v
  UNION ALL SELECT DISTINCT 'degree', highest_degree FROM panel_user WHERE highest_degree IS NOT NULL
  UNION ALL SELECT DISTINCT 'field', field FROM tf_comp_edu
) vals;

-- Per user: degree and field codes.
CREATE OR REPLACE TEMP TABLE tf_comp_usr AS
SELECT u.uid, d.code AS dc, f.code AS fc
FROM panel_user u
LEFT JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'degree') d ON d.v = u.highest_degree
LEFT JOIN tf_comp_edu e ON e.uid = u.uid
LEFT JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'field') f ON f.v = e.field;

-- One scan of panel_core joined to the per-user codes, aggregated by stratum alone and by
-- stratum × each coded dimension (GROUPING SETS: no intermediate table). gs is
-- GROUPING(dc, fc, ic, rc, sen): 31 for the stratum total, else the one grouped column's
-- bit cleared; code is that column's value (the others are NULL in its set).
CREATE OR REPLACE TEMP TABLE tf_comp_agg AS
SELECT s, GROUPING(dc, fc, ic, rc, sen) AS gs, coalesce(dc, fc, ic, rc, sen) AS code,
       count(*) AS persons, exact_sum(weight) AS persons_weighted
FROM (
  SELECT (c.cc::BIGINT * 2 + CASE WHEN c.ai THEN 0 ELSE 1 END) * {{ny}} + (c.year - {{ymin}}) AS s,
         c.weight, u.dc, u.fc, c.ic, c.rc, c.sen
  FROM panel_core c
  JOIN tf_comp_usr u ON u.uid = c.uid
) joined
GROUP BY GROUPING SETS ((s), (s, dc), (s, fc), (s, ic), (s, rc), (s, sen));

CREATE OR REPLACE TEMP TABLE tf_comp AS
WITH tot AS (
  SELECT s, persons AS n, persons_weighted AS w FROM tf_comp_agg WHERE gs = 31
), strata AS (
  -- s back to (country, group, year)
  SELECT t.*, c.v AS country, g.v AS grp, CAST({{ymin}} + t.s % {{ny}} AS INTEGER) AS year
  FROM tot t
  JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'country') c ON c.code = CAST((t.s - t.s % ({{ny}} * 2)) / ({{ny}} * 2) AS BIGINT)
  JOIN (SELECT v, code FROM tf_comp_dict WHERE dim = 'group') g ON g.code = CAST((t.s - t.s % {{ny}}) / {{ny}} AS BIGINT) % 2
), coded AS (
  SELECT s, CASE gs WHEN 15 THEN 'degree' WHEN 23 THEN 'field' WHEN 27 THEN 'industry'
                    WHEN 29 THEN 'role' WHEN 30 THEN 'seniority' END AS dimension,
         code, persons, persons_weighted
  FROM tf_comp_agg WHERE gs <> 31
), cats AS (
  SELECT a.s, a.dimension, CASE WHEN a.dimension = 'seniority' THEN a.code::VARCHAR ELSE d.v END AS category,
         a.persons, a.persons_weighted
  FROM coded a LEFT JOIN tf_comp_dict d ON d.dim = a.dimension AND d.code = a.code
  UNION ALL
  -- For the ai group: users holding each AI skill (shares do not sum to one).
  SELECT (c.cc::BIGINT * 2 + 0) * {{ny}} + (c.year - {{ymin}}),
         'skill', k.skill, count(*), exact_sum(c.weight)
  FROM panel_core c JOIN ai_skills k ON k.uid = c.uid AND k.since <= make_date(c.year, 12, 31)
  WHERE c.ai
  GROUP BY c.cc, c.year, k.skill
), named AS (
  -- A missing category becomes `unknown` (merged with a literal `unknown` in the data).
  SELECT s, dimension, coalesce(category, 'unknown') AS category,
         sum(persons) AS persons, exact_sum(persons_weighted) AS persons_weighted
  FROM cats GROUP BY s, dimension, coalesce(category, 'unknown')
)
SELECT t.country, t.year, t.grp AS "group", a.dimension, a.category,
       CAST(a.persons AS BIGINT) AS persons, CAST(a.persons AS DOUBLE) / t.n AS share,
       a.persons_weighted, a.persons_weighted / t.w AS share_weighted
FROM named a JOIN strata t ON t.s = a.s;
