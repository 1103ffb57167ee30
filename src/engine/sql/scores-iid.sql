-- Weighted residual sum of squares per group.
WITH f AS ({{fitted}})
SELECT gid, sum(w * e * e) AS rss
FROM f
GROUP BY gid
