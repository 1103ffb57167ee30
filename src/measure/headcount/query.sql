-- headcount(c, t, group): users whose primary position at t is in c, raw and weighted by
-- the primary position's weight. Every country of the positions table × every study year
-- × both groups, zero rows included.
WITH {{grid}}, agg AS (
  SELECT k.country, a.year, CASE WHEN a.ai THEN 'ai' ELSE 'non_ai' END AS grp, a.persons, a.persons_weighted
  FROM (SELECT cc, year, ai, count(*) AS persons, exact_sum(weight) AS persons_weighted
        FROM panel_core GROUP BY cc, year, ai) a
  JOIN panel_country k ON k.code = a.cc
)
SELECT c.country, y.year, g.grp AS "group",
       coalesce(a.persons, 0) AS persons,
       coalesce(a.persons_weighted, 0) AS persons_weighted
FROM countries c CROSS JOIN yrs y CROSS JOIN grps g
LEFT JOIN agg a ON a.country = c.country AND a.year = y.year AND a.grp = g.grp
ORDER BY c.country COLLATE "C", y.year, g.grp;
