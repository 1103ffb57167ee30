-- Shared mode, one batch of the two-way cluster pass (scores-cluster2.sql) on the wide rows
-- of fitted-shared.sql: the rows of one range of outer keys (and, for a large outer key,
-- one part of its clusters of b). The rows are grouped once by (outer key, a, b) cell — a
-- cell of each group of the key at once, since the key's groups share its shared rows —
-- into the two integer sums of each group's (slot's) scores (`exactParts`) and a count of
-- the slot's rows (n: the cell is a cluster of the group when n > 0). The batch writes two
-- kinds of rows to the parts table (`head`: CREATE … AS or INSERT INTO):
-- term 1, the partial integer sums of each cluster of a (column `a`): a cluster of a can
-- span batches (the parts of a key split its clusters of b), so they are added up after
-- the last batch (scores-cluster2-final.sql); terms 2 (clusters of b) and 3 (cells), whole
-- in the batch: the count of each slot's clusters and the two integer sums of the exact sum
-- of each product of its scores. Integer sums add up exactly, so every value is bit for
-- bit that of scores-cluster2.sql on the stacked rows.
{{head}}
WITH f AS ({{fitted}}),
cells AS MATERIALIZED (
  SELECT oid, a, b, {{cellParts}}
  FROM f
  GROUP BY oid, a, b
),
s AS (
  SELECT oid, 2 AS term, {{coarseSums}}
  FROM cells
  GROUP BY oid, b
  UNION ALL
  SELECT oid, 3 AS term, {{cellSums}}
  FROM cells
)
SELECT oid, 1 AS term, a, {{firmParts}}
FROM cells
GROUP BY oid, a
UNION ALL
SELECT oid, term, NULL AS a, {{productParts}}
FROM s
GROUP BY oid, term
