-- The bootstrap's contributions (src/measure/bootstrap): each cell's weighted headcount
-- summed per resampled unit (boot_units).
SELECT k.country, p.year, CASE WHEN p.ai THEN 'ai' ELSE 'non_ai' END AS "group", p.unit, p.a, 0.0 AS b
FROM (SELECT c.cc, c.year, c.ai, u.unit, exact_sum(c.weight) AS a
      FROM panel_core c JOIN boot_units u ON u.uid = c.uid
      GROUP BY c.cc, c.year, c.ai, u.unit) p
JOIN panel_country k ON k.code = p.cc
