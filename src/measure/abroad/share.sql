-- share abroad(o, t, group) = Σ_d abroad(o, d, t) / users of origin o with a primary
-- position at t. Every country of positions or origins × study year × group; a zero
-- denominator leaves the share NULL.
WITH yrs AS (
  SELECT unnest({{years}})::INTEGER AS year
), countries AS (
  SELECT country FROM positions UNION SELECT origin FROM origins WHERE origin IS NOT NULL
), grps AS (
  SELECT unnest(ARRAY['ai', 'non_ai']) AS grp
), agg AS (
  SELECT o.country AS origin, a.year, CASE WHEN a.ai THEN 'ai' ELSE 'non_ai' END AS grp,
         a.persons, a.persons_abroad, a.persons_weighted, a.persons_abroad_weighted
  FROM (SELECT oc, year, ai,
               count(*) AS persons,
               count(*) FILTER (WHERE cc <> oc) AS persons_abroad,
               exact_sum(weight) AS persons_weighted,
               coalesce(exact_sum(CASE WHEN cc <> oc THEN weight END), 0) AS persons_abroad_weighted
        FROM panel_core
        WHERE oc IS NOT NULL
        GROUP BY oc, year, ai) a
  JOIN panel_country o ON o.code = a.oc
)
SELECT c.country AS origin, y.year, g.grp AS "group",
       coalesce(a.persons, 0) AS persons,
       coalesce(a.persons_abroad, 0) AS persons_abroad,
       CAST(a.persons_abroad AS DOUBLE) / a.persons AS share_abroad,
       coalesce(a.persons_weighted, 0) AS persons_weighted,
       coalesce(a.persons_abroad_weighted, 0) AS persons_abroad_weighted,
       a.persons_abroad_weighted / a.persons_weighted AS share_abroad_weighted
FROM countries c CROSS JOIN yrs y CROSS JOIN grps g
LEFT JOIN agg a ON a.origin = c.country AND a.year = y.year AND a.grp = g.grp
ORDER BY c.country COLLATE "C", y.year, g.grp;
