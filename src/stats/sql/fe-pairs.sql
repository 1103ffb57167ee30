-- The cross of two fixed effects' dummies: the weight of each pair of levels that occurs.
-- One grouping set per pair of effects.
SELECT gid, {{fes}}, sum(w) AS sw
FROM {{sample}}
GROUP BY GROUPING SETS ({{sets}})
