-- Shared mode: whether some cluster of b (in an outer key) holds both own rows (gid set) and
-- shared rows (gid NULL); the wide two-way pass needs none (sharedCluster2 in fit.ts).
SELECT count(*) AS n
FROM (
  SELECT oid, {{b}}
  FROM {{sample}}
  GROUP BY oid, {{b}}
  HAVING count(gid) > 0 AND count(gid) < count(*)
) AS m
