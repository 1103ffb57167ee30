-- The `by` groups (with sample size, NULL-cluster count and the weighted means of y and x
-- used to centre them) and the levels of every fixed effect that occur in the sample.
-- `set_id` = GROUPING(...) of every column (by and effects) tells the grouping sets apart. The means are
-- computed for the groups only: the levels' part (one grouping set per effect, a scan of
-- its own) counts rows and nothing else.
-- A group whose rows all fail the sample filter is still listed (EmptySampleError).
CREATE TEMP TABLE {{keys}} AS
SELECT {{setId}} AS set_id, {{groupCols}},
  count(*) FILTER (WHERE ok) AS n,
  count(*) FILTER (WHERE ok AND ({{clusterNull}})) AS cluster_nulls,
  {{means}}
FROM ({{rows}}) AS r
GROUP BY GROUPING SETS ({{sets}})
{{levels}}
