-- abroad(o, d, t, group): users of origin o whose primary position at t is in d <> o,
-- raw and weighted by the primary position; only pairs with someone abroad.
SELECT origin, country AS destination, year, grp AS "group",
       count(*) AS persons, sum(weight) AS persons_weighted
FROM panel_core
WHERE origin IS NOT NULL AND country <> origin
GROUP BY origin, country, year, grp
ORDER BY origin, destination, year, grp;
