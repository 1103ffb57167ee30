-- Cluster meat for the reported coefficients: Σ_g (Σ_{i∈g} w e h_j)(Σ_{i∈g} w e h_k), with
-- one term per clustering (one-way: c0; two-way: c0, c1 and their intersection), told
-- apart by which cluster columns the grouping set keeps (cluster values are never NULL
-- here).
WITH f AS ({{fitted}}),
s AS (
  SELECT gid, {{clusters}}, {{scoreSums}}
  FROM f
  GROUP BY GROUPING SETS ({{sets}})
)
SELECT gid, {{term}} AS term, count(*) AS g, {{products}}
FROM s
GROUP BY gid, term
