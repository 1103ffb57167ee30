-- Per group and pair of effects: the weight (an exact sum) of each pair of levels that occurs (a grouping
-- set per pair; the first and the last non-NULL code are the pair's two levels; grp =
-- gid, or oid, gid in shared mode).
SELECT {{grp}}, {{eff1}} AS e1, {{eff2}} AS e2, coalesce({{fes}}) AS c1, coalesce({{fesRev}}) AS c2, {{sw}} AS sw
FROM {{sample}}
GROUP BY GROUPING SETS ({{sets}})
