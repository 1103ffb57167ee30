-- The year-end panel: one row per user and year t (of {{years}}) with a primary position
-- at t. Active at t: startdate <= t-12-31 and (enddate IS NULL or enddate >= t-12-31), so
-- a position is active in the years from year(startdate) to year(enddate) when it ends on
-- 31 December, else to year(enddate) − 1, and to the last year when open-ended. Each
-- position is expanded to those years (a range join by unnest), and the primary position
-- of (uid, t) is the active one with the largest (startdate, pid_rank), packed into one
-- BIGINT key (days since 0001-01-01 · 2^34 + pid_rank) so a plain max() finds it; the
-- position is then found by pid_rank, unique in `positions` (ARCHITECTURE.md). The
-- primaries are materialised first so the joins see true sizes (the user side is built,
-- the panel side probes), and (uid, year) is grouped as one packed BIGINT.
CREATE OR REPLACE TEMP TABLE tf_primary AS
WITH span AS (
  SELECT uid,
         (startdate - DATE '0001-01-01')::BIGINT * 17179869184 + pid_rank AS k,
         greatest(year(startdate), {{ymin}}) AS y0,
         least(CASE WHEN enddate IS NULL THEN {{ymax}}
                    WHEN month(enddate) = 12 AND day(enddate) = 31 THEN year(enddate)
                    ELSE year(enddate) - 1 END, {{ymax}}) AS y1
  FROM positions
  WHERE year(startdate) <= {{ymax}} AND (enddate IS NULL OR year(enddate) >= {{ymin}})
), expanded AS (
  SELECT uid::BIGINT * 4096 + unnest(range(y0 - {{ymin}}, y1 - {{ymin}} + 1)) AS uy, k
  FROM span
  WHERE y1 >= y0
), prim AS (
  SELECT uy, max(k) AS k FROM expanded GROUP BY uy
)
SELECT (uy // 4096)::INTEGER AS uid, (uy % 4096 + {{ymin}})::INTEGER AS year, k % 17179869184 AS pid_rank
FROM prim
WHERE (uy % 4096 + {{ymin}})::INTEGER IN (SELECT unnest({{years}}));

CREATE OR REPLACE TEMP TABLE tf_per_user AS
-- One row per user with everything the panel takes from the user, joined once.
SELECT f.uid, f.first_start, a.grp, a.is_ai, o.origin, u.highest_degree
FROM (SELECT uid, min(startdate) AS first_start FROM positions GROUP BY uid) f
LEFT JOIN users_ai a ON a.uid = f.uid
LEFT JOIN origins o ON o.uid = f.uid
LEFT JOIN users u ON u.uid = f.uid;

CREATE OR REPLACE TABLE {{table}} AS
SELECT pr.uid,
       pr.year,
       p.country,
       p.position_id,
       p.pid_rank,
       p.startdate,
       p.enddate,
       p.rcid,
       {{role}}::VARCHAR AS role,
       {{industry}}::VARCHAR AS industry,
       p.seniority,
       p.salary,
       coalesce(p.weight, 1.0)::DOUBLE AS weight,
       (p.startdate - pu.first_start) / 365.25 AS exp_years,
       year(p.startdate)::INTEGER AS start_year,
       coalesce(pu.grp, 'non_ai') AS grp,
       coalesce(pu.is_ai, false) AS is_ai,
       pu.origin,
       pu.highest_degree
FROM tf_primary pr
JOIN positions p ON p.pid_rank = pr.pid_rank
JOIN tf_per_user pu ON pu.uid = pr.uid;

DROP TABLE tf_primary;
DROP TABLE tf_per_user;
