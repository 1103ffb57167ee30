-- Moves in the study years by origin, destination, year and the mover's group (from
-- users_ai: AI-skilled by the end of the year of the move; a uid missing there counts as
-- non_ai), weighted both ways: by the position left in the origin (moves_weighted_origin)
-- and by the position taken in the destination (moves_weighted_destination).
CREATE OR REPLACE TEMP TABLE tf_bilateral AS
SELECT j.from_country AS origin, j.to_country AS destination, j.year,
       CASE WHEN a.ai_since <= make_date(j.year, 12, 31) THEN 'ai' ELSE 'non_ai' END AS grp,
       count(*) AS moves, exact_sum(j.from_weight) AS moves_weighted_origin, exact_sum(j.weight) AS moves_weighted_destination
FROM job_changes j
LEFT JOIN users_ai a ON a.uid = j.uid
WHERE j.from_country <> j.to_country AND j.year IN (SELECT unnest({{years}}))
GROUP BY j.from_country, j.to_country, j.year, CASE WHEN a.ai_since <= make_date(j.year, 12, 31) THEN 'ai' ELSE 'non_ai' END;
