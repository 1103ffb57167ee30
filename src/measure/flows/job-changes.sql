-- Every job change: each position q with a predecessor p in the user's positions ordered
-- by (startdate, pid_rank), dated by the year of startdate(q) and weighted by q's weight
-- (missing → 1). A move is a job change with from_country <> to_country. All years are
-- kept so the table depends on `positions` only; flows and mobility share it.
CREATE OR REPLACE TABLE job_changes AS
SELECT uid, year, from_country, to_country, weight
FROM (
  SELECT uid,
         year(startdate)::INTEGER AS year,
         lag(country) OVER (PARTITION BY uid ORDER BY startdate, pid_rank) AS from_country,
         country AS to_country,
         coalesce(weight, 1.0)::DOUBLE AS weight
  FROM positions
)
WHERE from_country IS NOT NULL;
