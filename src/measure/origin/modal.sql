-- Origin rule `modal`: the country where the user held positions for the most years.
-- Position-years = (enddate − startdate) days / 365.25, an open-ended position running to
-- the latest date in the positions table (the data's snapshot). Overlapping positions
-- each count. Ties: the country entered first (earliest startdate, then pid_rank).
CREATE OR REPLACE TABLE origins AS
WITH snap AS (
  SELECT greatest(max(startdate), coalesce(max(enddate), max(startdate))) AS d FROM positions
), per_country AS (
  SELECT p.uid, p.country,
         CAST(sum(coalesce(p.enddate, s.d) - p.startdate) AS DOUBLE) / 365.25 AS years,
         min(p.startdate) AS first_start,
         (array_agg(p.pid_rank ORDER BY p.startdate, p.pid_rank))[1] AS first_rank
  FROM positions p, snap s
  GROUP BY p.uid, p.country
)
SELECT uid, origin
FROM (
  SELECT uid, country AS origin,
         row_number() OVER (PARTITION BY uid ORDER BY years DESC, first_start, first_rank) AS rn
  FROM per_country
) ranked
WHERE rn = 1;
