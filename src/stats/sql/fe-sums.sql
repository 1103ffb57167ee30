-- For every level of every fixed effect: its weight (the dummy's diagonal and its cross
-- with the intercept), its cross with each x and with y. One grouping set per effect.
SELECT gid, {{fes}}, sum(w) AS sw, {{sums}}
FROM {{sample}}
GROUP BY GROUPING SETS ({{sets}})
