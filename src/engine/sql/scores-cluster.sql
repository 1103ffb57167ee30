-- Cluster meat for the reported coefficients: Σ_g (Σ_{i∈g} w e h_j)(Σ_{i∈g} w e h_k), with
-- one term per clustering (one-way: c0; two-way: c0, c1 and their intersection), told
-- apart by which cluster columns the grouping set keeps (cluster values are never NULL
-- here). Rows in (gid, term) order: a two-way variance adds its terms in that order, so
-- its last bits do not depend on the order the aggregate's rows come in.
WITH f AS ({{fitted}}),
s AS (
  SELECT gid, {{clusters}}, {{scoreSums}}
  FROM f
  GROUP BY GROUPING SETS ({{sets}})
)
SELECT gid, {{term}} AS term, count(*) AS g, {{products}}
FROM s
GROUP BY gid, term
ORDER BY gid, term
