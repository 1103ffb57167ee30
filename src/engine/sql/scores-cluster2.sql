-- Two-way cluster meat (Cameron–Gelbach–Miller) of the cluster columns a and b:
-- Σ_g (Σ_{i∈g} w e h_j)(Σ_{i∈g} w e h_k) over the clusters g of a (term 1), of b (term 2)
-- and of their intersection (term 3, subtracted). The rows are grouped once, by
-- intersection cell, into the integer sums of each score's exact sum (one sum of terms
-- scaled to the group's grid, or the two parts of `exactParts` in sql.ts: see fit.ts,
-- `scoreScales`); the clusters of a and of b then add up those integers over their cells,
-- the same integers as over their rows, so every score sum is bit for bit the exact sum of
-- its rows while the rows are hashed once (not once per clustering). `scores` turns the
-- integers into doubles (`scales` joins the group's inverse scales). Rows in (gid, term)
-- order: the variance adds its terms in that order.
WITH f AS ({{fitted}}),
cells AS MATERIALIZED (
  SELECT gid, {{a}} AS a, {{b}} AS b, {{parts}}
  FROM f
  GROUP BY gid, {{a}}, {{b}}
),
s AS (
  SELECT gid, CAST(a IS NOT NULL AS INTEGER) + 2 * CAST(b IS NOT NULL AS INTEGER) AS term, {{coarseSums}}
  FROM cells
  GROUP BY GROUPING SETS ((gid, a), (gid, b))
  UNION ALL
  SELECT gid, 3 AS term, {{cellSums}}
  FROM cells
),
t AS (
  SELECT s.gid, s.term, {{scores}}
  FROM s{{scales}}
)
SELECT gid, term, count(*) AS g, {{products}}
FROM t
GROUP BY gid, term
ORDER BY gid, term
