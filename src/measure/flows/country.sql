-- inflow / outflow / net by country, year and group from the bilateral moves: every
-- country of positions × study year × group, zero rows included. Country-side weights: an
-- inflow to c carries the weight of the position taken in c, an outflow from c that of the
-- position left in c, so both are on c's scale.
WITH {{grid}}, inf AS (
  SELECT destination AS country, year, grp, sum(moves) AS n, exact_sum(moves_weighted_destination) AS w FROM tf_bilateral GROUP BY destination, year, grp
), outf AS (
  SELECT origin AS country, year, grp, sum(moves) AS n, exact_sum(moves_weighted_origin) AS w FROM tf_bilateral GROUP BY origin, year, grp
)
SELECT c.country, y.year, g.grp AS "group",
       coalesce(i.n, 0)::BIGINT AS inflow,
       coalesce(o.n, 0)::BIGINT AS outflow,
       (coalesce(i.n, 0) - coalesce(o.n, 0))::BIGINT AS net,
       coalesce(i.w, 0)::DOUBLE AS inflow_weighted,
       coalesce(o.w, 0)::DOUBLE AS outflow_weighted,
       (coalesce(i.w, 0) - coalesce(o.w, 0))::DOUBLE AS net_weighted
FROM countries c CROSS JOIN yrs y CROSS JOIN grps g
LEFT JOIN inf i ON i.country = c.country AND i.year = y.year AND i.grp = g.grp
LEFT JOIN outf o ON o.country = c.country AND o.year = y.year AND o.grp = g.grp
ORDER BY c.country COLLATE "C", y.year, g.grp;
