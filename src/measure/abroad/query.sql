-- abroad(o, d, t, group): users of origin o whose primary position at t is in d <> o,
-- raw and weighted by the primary position; only pairs with someone abroad.
-- (panel_core's codes: oc origin, cc the primary position's country.)
SELECT o.country AS origin, d.country AS destination, a.year,
       CASE WHEN a.ai THEN 'ai' ELSE 'non_ai' END AS "group", a.persons, a.persons_weighted
FROM (SELECT oc, cc, year, ai, count(*) AS persons, exact_sum(weight) AS persons_weighted
      FROM panel_core
      WHERE oc IS NOT NULL AND cc <> oc
      GROUP BY oc, cc, year, ai) a
JOIN panel_country o ON o.code = a.oc
JOIN panel_country d ON d.code = a.cc
ORDER BY o.country COLLATE "C", d.country COLLATE "C", a.year, "group";
