-- The bootstrap's contributions (src/measure/bootstrap) to share abroad(o, t, group):
-- per resampled unit (boot_units), the weighted nationals abroad (a) and all weighted
-- nationals with a primary position (b).
SELECT k.country AS origin, p.year, CASE WHEN p.ai THEN 'ai' ELSE 'non_ai' END AS "group", p.unit, p.a, p.b
FROM (SELECT c.oc, c.year, c.ai, u.unit,
             coalesce(exact_sum(CASE WHEN c.cc <> c.oc THEN c.weight END), 0) AS a, exact_sum(c.weight) AS b
      FROM panel_core c JOIN boot_units u ON u.uid = c.uid
      WHERE c.oc IS NOT NULL
      GROUP BY c.oc, c.year, c.ai, u.unit) p
JOIN panel_country k ON k.code = p.oc
