-- Origin rule `first-position`: the country of the user's first position, ordered by
-- (startdate, pid_rank) — the same order as moves — among positions with a country.
CREATE OR REPLACE TABLE origins AS
WITH first_pos AS (
  -- the first position with a country by (startdate, pid_rank), packed into one BIGINT
  -- key (days since 0001-01-01 · 2^34 + pid_rank; pid_rank < 2^34, as the panel checks)
  SELECT f.uid, p.country AS origin
  FROM (SELECT uid,
               min(CASE WHEN country IS NOT NULL THEN (startdate - DATE '0001-01-01')::BIGINT * 17179869184 + pid_rank END) AS k
        FROM positions GROUP BY uid) f
  LEFT JOIN positions p ON p.uid = f.uid AND p.pid_rank = f.k % 17179869184
)
SELECT uid, origin FROM first_pos;
