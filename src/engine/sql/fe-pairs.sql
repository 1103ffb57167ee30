-- The cross of two fixed effects' dummies: the weight of each pair of non-base levels
-- that occurs, as design columns (q1, q2). One grouping set per pair of effects; in each,
-- the first and the last non-NULL code are the pair's two levels. Joined to the levels
-- table on one integer key each (a composite key lets the optimizer join the two level
-- lookups to each other first). The p rows come from pair-agg.sql, through shared-expand.sql in
-- shared mode.
WITH p AS ({{agg}})
SELECT p.gid::INTEGER AS gid, a.q AS q1, b.q AS q2, p.sw
FROM p
JOIN {{levels}} AS a ON a.key = (p.gid::BIGINT * {{m}} + p.e1) * {{L}} + p.c1
JOIN {{levels}} AS b ON b.key = (p.gid::BIGINT * {{m}} + p.e2) * {{L}} + p.c2
WHERE a.q >= 0 AND b.q >= 0
ORDER BY 1
