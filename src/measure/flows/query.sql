-- Moves in the study years by origin, destination, year and the mover's group (from
-- users_ai; a uid missing there counts as non_ai), weighted by the destination position.
CREATE OR REPLACE TEMP TABLE tf_bilateral AS
SELECT j.from_country AS origin, j.to_country AS destination, j.year, coalesce(a.grp, 'non_ai') AS grp,
       count(*) AS moves, exact_sum(j.weight) AS moves_weighted
FROM job_changes j
LEFT JOIN users_ai a ON a.uid = j.uid
WHERE j.from_country <> j.to_country AND j.year IN (SELECT unnest({{years}}))
GROUP BY ALL;
