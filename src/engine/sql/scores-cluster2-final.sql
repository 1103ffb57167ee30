-- Shared mode, the end of the two-way cluster pass (scores-cluster2-shared.sql): each
-- cluster of a from its partial integer sums (term 1), then per outer key and term the
-- count of each slot's clusters and the exact sum of each product of its scores; terms 2
-- and 3 add up their batches' integer sums. Rows in (oid, term) order.
WITH firm AS (
  SELECT oid, {{firmSums}}
  FROM {{parts}}
  WHERE term = 1
  GROUP BY oid, a
)
SELECT oid, 1 AS term, {{firmProducts}}
FROM firm
GROUP BY oid
UNION ALL
SELECT oid, term, {{termSums}}
FROM {{parts}}
WHERE term > 1
GROUP BY oid, term
ORDER BY oid, term
