-- Every level of every fixed effect present in each group, with its weight (the dummy's
-- diagonal and its cross with the intercept), its cross with y and each x, and its design
-- column q: per group, effects in order, levels in code order, the first level of each
-- effect the base (q = -1, no column): gid, eff, code, q, then the sums (rest). The s rows come from fe-agg.sql (one scan: a grouping
-- set per effect), through shared-expand.sql in shared mode.
WITH s AS ({{agg}}),
r AS (
  SELECT *, row_number() OVER (PARTITION BY gid, eff ORDER BY code) - 1 AS rk
  FROM s
),
o AS (
  SELECT gid, eff,
    coalesce(sum(cnt - 1) OVER (PARTITION BY gid ORDER BY eff ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS off
  FROM (SELECT gid, eff, count(*) AS cnt FROM s GROUP BY gid, eff) AS c
)
SELECT r.gid::INTEGER AS gid, r.eff::INTEGER AS eff, r.code::INTEGER AS code,
  (CASE WHEN r.rk = 0 THEN -1 ELSE {{P}} + o.off + r.rk - 1 END)::INTEGER AS q,
  {{rest}}
FROM r JOIN o ON o.gid = r.gid AND o.eff = r.eff
