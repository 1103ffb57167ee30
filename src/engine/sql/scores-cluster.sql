-- One-way cluster meat for the reported coefficients: Σ_g (Σ_{i∈g} w e h_j)(Σ_{i∈g} w e h_k)
-- over the clusters g of one column (term 1; two-way clusterings: scores-cluster2.sql).
-- `scoreSums`: each score's exact sum per cluster, either one integer sum of the terms
-- scaled to the group's grid (`scores` turns it into the double, with `scales` joining
-- the group's inverse scales) or the two-part exact sum itself (see fit.ts, `scoreScales`, `SCORE_SUMS`).
WITH f AS ({{fitted}}),
s AS (
  SELECT gid, {{scoreSums}}
  FROM f
  GROUP BY gid, {{cluster}}
),
t AS (
  SELECT s.gid, {{scores}}
  FROM s{{scales}}
)
SELECT gid, 1 AS term, count(*) AS g, {{products}}
FROM t
GROUP BY gid
ORDER BY gid
