-- keys.sql's second part: the levels of each fixed effect present in the rows (a grouping
-- set per effect; set_id as GROUPING(...) of every column would give it; means NULL).
UNION ALL
SELECT {{setId}} AS set_id, {{levelCols}},
  count(*) FILTER (WHERE ok) AS n,
  count(*) FILTER (WHERE ok AND ({{clusterNull}})) AS cluster_nulls,
  {{noMeans}}
FROM ({{rows}}) AS r
GROUP BY GROUPING SETS ({{sets}})
