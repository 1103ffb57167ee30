-- Shared mode: the aggregates (agg) of the unstacked sample, grouped by oid, gid and the
-- keys, with the shared rows' aggregates (gid NULL) copied to every group of their
-- outer key, then summed per group — the aggregates of the stacked design without
-- stacking it.
SELECT g AS gid{{keysSel}}, {{resums}} FROM (
  WITH a AS ({{agg}})
  SELECT a.gid AS g, {{cols}} FROM a WHERE a.gid IS NOT NULL
  UNION ALL
  SELECT grp.gid AS g, {{cols}} FROM a JOIN {{groups}} AS grp ON a.gid IS NULL AND grp.oid = a.oid
) AS e
GROUP BY g{{keysSel}}
