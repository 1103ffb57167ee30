-- Origin rule `modal`: the country where the user held positions for the most years.
-- Position-years = (enddate − startdate) days / 365.25, an open-ended position running to
-- the latest date in the positions table (the data's snapshot). Overlapping positions
-- each count. Ties: the country entered first (earliest startdate, then pid_rank: the
-- smallest packed key days since 0001-01-01 · 2^34 + pid_rank).
CREATE OR REPLACE TABLE origins AS
WITH snap AS (
  SELECT greatest(max(startdate), coalesce(max(enddate), max(startdate))) AS d FROM positions
), per_country AS (
  SELECT p.uid, p.country,
         CAST(sum(coalesce(p.enddate, s.d) - p.startdate) AS DOUBLE) / 365.25 AS years,
         min((p.startdate - DATE '0001-01-01')::BIGINT * 17179869184 + p.pid_rank) AS first_k
  FROM positions p, snap s
  GROUP BY p.uid, p.country
)
SELECT uid, origin
FROM (
  SELECT uid, country AS origin,
         row_number() OVER (PARTITION BY uid ORDER BY years DESC, first_k) AS rn
  FROM per_country
) ranked
WHERE rn = 1;
