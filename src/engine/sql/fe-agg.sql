-- Per group, effect and level: the level's weight and its crosses with y and each x
-- (a grouping set per effect; grp = gid, or oid, gid in shared mode).
SELECT {{grp}}, {{eff}} AS eff, coalesce({{fes}}) AS code, {{sw}} AS sw, {{sums}}
FROM {{sample}}
GROUP BY GROUPING SETS ({{sets}})
