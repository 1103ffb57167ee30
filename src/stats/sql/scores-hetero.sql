-- HC meat for the reported coefficients: Σ_i (w e h_j)(w e h_k).
WITH f AS ({{fitted}})
SELECT gid, {{products}}
FROM (SELECT gid, {{scores}} FROM f)
GROUP BY gid
