-- The `nested` small-sample rule: per group, the fixed effects nested in one cluster
-- variable (every level of the effect lies within a single cluster).
SELECT gid, eff
FROM (
  SELECT gid, {{eff}} AS eff, count(DISTINCT {{cluster}}) AS nc
  FROM {{sample}} AS s
  GROUP BY GROUPING SETS ({{sets}})
) AS t
GROUP BY gid, eff
HAVING max(nc) = 1
