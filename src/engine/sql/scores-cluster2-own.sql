-- Shared mode, one batch of the two-way cluster pass, the own rows whose cluster of b holds
-- no shared row (scores-cluster2-shared.sql takes the others): one row per own row as in
-- fitted.sql, with its slot, grouped by (outer key, slot, a, b) cell. Its clusters of b and
-- cells are then whole: terms 2 and 3 as there; term 1 the partial sums of its clusters of
-- a (shared rows and other batches may add to them). Written in the parts table's columns
-- (oid, term, a, m, then per slot g and the parts), the other slots NULL.
INSERT INTO {{parts}}
WITH f AS ({{fitted}}),
cells AS MATERIALIZED (
  SELECT oid, slot, a, b, {{cellParts}}
  FROM f
  GROUP BY oid, slot, a, b
),
s AS (
  SELECT oid, slot, 2 AS term, {{coarseSums}}
  FROM cells
  GROUP BY oid, slot, b
  UNION ALL
  SELECT oid, slot, 3 AS term, {{cellSums}}
  FROM cells
)
SELECT oid, 1 AS term, a, 1 << slot AS m, {{firmParts}}
FROM cells
GROUP BY oid, slot, a
UNION ALL
SELECT oid, term, NULL AS a, NULL AS m, {{productParts}}
FROM s
GROUP BY oid, slot, term
