-- One-way cluster meat for the reported coefficients: Σ_g (Σ_{i∈g} w e h_j)(Σ_{i∈g} w e h_k)
-- over the clusters g of one column (term 1; two-way clusterings: scores-cluster2.sql).
WITH f AS ({{fitted}}),
s AS (
  SELECT gid, {{scoreSums}}
  FROM f
  GROUP BY gid, {{cluster}}
)
SELECT gid, 1 AS term, count(*) AS g, {{products}}
FROM s
GROUP BY gid
ORDER BY gid
