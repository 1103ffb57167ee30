-- One pass over the source: the `by` groups (with sample size, NULL-cluster count and the
-- weighted means of y and x used to centre them) and the levels of every fixed effect
-- that occur in the sample. `set_id` = GROUPING(...) tells the grouping sets apart.
-- A group whose rows all fail the sample filter is still listed (EmptySampleError).
CREATE TEMP TABLE {{keys}} AS
WITH r AS ({{rows}})
SELECT GROUPING({{allCols}}) AS set_id, {{allCols}},
  count(*) FILTER (WHERE ok) AS n,
  count(*) FILTER (WHERE ok AND ({{clusterNull}})) AS cluster_nulls,
  {{means}}
FROM r
GROUP BY GROUPING SETS ({{sets}})
