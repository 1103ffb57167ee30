-- Per group, effect and level: the level's weight and its crosses with y and each x, as
-- doubles or as the integer parts of their exact sums (a grouping set per effect; grp =
-- gid, or oid, gid in shared mode).
SELECT {{grp}}, {{eff}} AS eff, coalesce({{fes}}) AS code, {{sums}}
FROM {{sample}}
GROUP BY GROUPING SETS ({{sets}})
