-- HC meat for the reported coefficients: Σ_i s_ij s_ik with s_ij = w e h_j (HC1), or
-- w e h_j / (1 − leverage) (HC3).
WITH f AS ({{fitted}})
SELECT gid, {{products}}
FROM (SELECT gid, {{scores}} FROM f) AS s
GROUP BY gid
