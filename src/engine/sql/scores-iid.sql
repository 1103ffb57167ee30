-- Weighted residual sum of squares per group.
WITH f AS ({{fitted}})
SELECT gid, {{rss}} AS rss
FROM f
GROUP BY gid
