-- The intercept and x block of X'WX and X'Wy per group (x and y centred).
SELECT gid, {{sums}}
FROM {{sample}}
GROUP BY gid
