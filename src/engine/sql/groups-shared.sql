-- Shared rows (the `sharedRows()` strategy): a row whose last `by` value is NULL belongs to every
-- group with the same other `by` values (its "outer" key). The groups are the keys with a
-- non-NULL last value; each gets its outer id `oid`, n and NULL-cluster counts of its own
-- rows plus the shared ones, and the outer key's means (every row of the outer key), by
-- which its rows are centred (any constant per group would do: the intercept absorbs it).
CREATE TEMP TABLE {{groups}} AS
WITH own AS (SELECT * FROM {{keys}} WHERE set_id = {{setBy}} AND {{last}} IS NOT NULL),
base AS (SELECT * FROM {{keys}} WHERE set_id = {{setBy}} AND {{last}} IS NULL),
o AS (SELECT * FROM {{outer}})
SELECT (row_number() OVER (ORDER BY {{ownBy}}) - 1)::INTEGER AS gid, o.oid,
  {{ownBy}},
  own.n + coalesce(base.n, 0) AS n,
  own.cluster_nulls + coalesce(base.cluster_nulls, 0) AS cluster_nulls,
  {{outerMeans}}
FROM own
JOIN o ON {{ownOuterMatch}}
LEFT JOIN base ON {{ownBaseMatch}}
WHERE {{keep}}
