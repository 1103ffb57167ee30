-- The bootstrap's contributions (src/measure/bootstrap) to the weighted net flow of each
-- country, study year and group, per resampled unit (boot_units), on the country-side
-- weights: + the weight of the position taken in c for a move into c, − the weight of the
-- position left in c for a move out of c.
WITH mv AS (
  SELECT j.uid, j.year, j.from_country, j.to_country, j.weight, j.from_weight, coalesce(a.grp, 'non_ai') AS grp
  FROM job_changes j
  LEFT JOIN users_ai a ON a.uid = j.uid
  WHERE j.from_country <> j.to_country AND j.year IN (SELECT unnest({{years}}))
), side AS (
  SELECT uid, to_country AS country, year, grp, weight AS a FROM mv
  UNION ALL
  SELECT uid, from_country AS country, year, grp, -from_weight AS a FROM mv
)
SELECT s.country, s.year, s.grp AS "group", u.unit, exact_sum(s.a) AS a, 0.0 AS b
FROM side s JOIN boot_units u ON u.uid = s.uid
GROUP BY s.country, s.year, s.grp, u.unit
