-- Shared mode: the aggregates (agg) of the unstacked sample, grouped by oid, gid and the
-- keys, with the shared rows' aggregates (gid NULL) copied to every group of their
-- outer key, then summed per group — the aggregates of the stacked design without
-- stacking it.
SELECT g AS gid{{keysSel}}, {{resums}} FROM (
  WITH a AS ({{agg}})
  SELECT a.gid AS g, a.* EXCLUDE (gid, oid) FROM a WHERE a.gid IS NOT NULL
  UNION ALL
  SELECT grp.gid AS g, a.* EXCLUDE (gid, oid) FROM a JOIN {{groups}} AS grp ON a.gid IS NULL AND grp.oid = a.oid
)
GROUP BY g{{keysSel}}
