-- The year-end panel: one row per user and year t (of {{years}}) with a primary position
-- at t. Active at t: startdate <= t-12-31 and (enddate IS NULL or enddate >= t-12-31), so
-- a position is active in the years y0 = year(startdate) .. y1 = year(enddate) when it
-- ends on 31 December, else year(enddate) − 1, and to the last year when open-ended. The
-- primary position of (uid, t) is the active one with the largest (startdate, pid_rank),
-- i.e. the active one that no later position (in that order) is also active at.
--
-- One window pass over `positions` (partitioned by uid, ordered by (startdate, pid_rank))
-- gives each position the first year of the next position, y0next. Every later position
-- starts in y0next or after, so a position is primary in all its active years before
-- y0next (its "head"; heads of a user are disjoint). Only the years from y0next on (its
-- "tail", when it is still active then: overlapping positions) need a check against the
-- later positions of the user; tails are few, so that join is small. The order is packed
-- into one BIGINT k = days(startdate − 0001-01-01) · 2^34 + pid_rank.
--
-- Written: job_changes (flows/job-changes.sql's table, from the same pass), panel_user (per user: first start, group, origin, degree), panel_core (uid,
-- year, pid_rank, country, weight, grp, origin: what the stock indicators read) and the
-- view `panel` (ARCHITECTURE.md's columns: the core joined to positions and panel_user).
CREATE OR REPLACE TEMP TABLE tf_pos AS
SELECT uid, pid_rank,
       (startdate - DATE '0001-01-01')::BIGINT * 17179869184 + pid_rank AS k,
       year(startdate)::INTEGER AS y0,
       least(CASE WHEN enddate IS NULL THEN {{ymax}}
                  WHEN month(enddate) = 12 AND day(enddate) = 31 THEN year(enddate)
                  ELSE year(enddate) - 1 END, {{ymax}})::INTEGER AS y1,
       year(lead(startdate) OVER w)::INTEGER AS y0next,
       lag(country) OVER w AS from_country,
       country,
       coalesce(weight, 1.0)::DOUBLE AS weight
FROM positions
WINDOW w AS (PARTITION BY uid ORDER BY startdate, pid_rank);

-- The same pass gives flows' and mobility's job_changes (flows/job-changes.sql, same rule).
CREATE OR REPLACE TABLE job_changes AS
SELECT uid, y0 AS year, from_country, country AS to_country, weight
FROM tf_pos
WHERE from_country IS NOT NULL;

CREATE OR REPLACE TABLE panel_user AS
-- One row per user with everything the panel takes from the user.
SELECT f.uid, f.first_start, coalesce(a.grp, 'non_ai') AS grp, coalesce(a.is_ai, false) AS is_ai,
       o.origin, u.highest_degree
FROM (SELECT uid, min(startdate) AS first_start FROM positions GROUP BY uid) f
LEFT JOIN users_ai a ON a.uid = f.uid
LEFT JOIN origins o ON o.uid = f.uid
LEFT JOIN users u ON u.uid = f.uid;

CREATE OR REPLACE TEMP TABLE tf_tail AS
-- Tail years: active, but a later position has started by then.
SELECT uid, pid_rank, k, country, weight,
       unnest(range(greatest(y0next, {{ymin}}), y1 + 1))::INTEGER AS year
FROM tf_pos
WHERE y0next IS NOT NULL AND y1 >= y0next AND y1 >= {{ymin}};

CREATE OR REPLACE TABLE panel_core AS
WITH beaten AS (
  -- tail years at which a later position of the user is active too
  SELECT DISTINCT t.pid_rank, t.year
  FROM tf_tail t JOIN tf_pos q ON q.uid = t.uid AND q.k > t.k AND q.y0 <= t.year AND q.y1 >= t.year
), prim AS (
  SELECT uid, pid_rank, country, weight,
         unnest(range(greatest(y0, {{ymin}}), least(y1, coalesce(y0next - 1, {{ymax}})) + 1))::INTEGER AS year
  FROM tf_pos
  WHERE y0 <= {{ymax}} AND y1 >= {{ymin}}
  UNION ALL
  SELECT t.uid, t.pid_rank, t.country, t.weight, t.year
  FROM tf_tail t ANTI JOIN beaten b ON b.pid_rank = t.pid_rank AND b.year = t.year
)
SELECT pr.uid, pr.year, pr.pid_rank, pr.country, pr.weight, pu.grp, pu.origin
FROM prim pr
JOIN panel_user pu ON pu.uid = pr.uid
WHERE pr.year IN (SELECT unnest({{years}}));

DROP TABLE tf_pos;
DROP TABLE tf_tail;

CREATE VIEW panel AS
SELECT c.uid,
       c.year,
       c.country,
       p.position_id,
       c.pid_rank,
       p.startdate,
       p.enddate,
       p.rcid,
       {{role}}::VARCHAR AS role,
       {{industry}}::VARCHAR AS industry,
       p.seniority,
       p.salary,
       c.weight,
       (p.startdate - pu.first_start) / 365.25 AS exp_years,
       year(p.startdate)::INTEGER AS start_year,
       c.grp,
       pu.is_ai,
       c.origin,
       pu.highest_degree
FROM panel_core c
JOIN positions p ON p.pid_rank = c.pid_rank
JOIN panel_user pu ON pu.uid = c.uid;
