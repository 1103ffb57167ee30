-- The multipliers: for replicate r, m[unit] ~ Poisson(1) drawn by inverse CDF from the
-- 32-bit hash h = h32(key of the unit, r, seed): m = the smallest k with h < T_k, where
-- T_k = floor(2^32 · P(X ≤ k)), X ~ Poisson(1) (integers, computed exactly; 12 when h is
-- beyond T_11, probability 1e-9). `m` lists the units in unit order; `scale` is
-- {{groups}} / Σ m in the grouped form (see index.ts) and 1 in the per-user form.
CREATE OR REPLACE TABLE boot_multipliers AS
SELECT CAST(stream AS INTEGER) AS r, m,
       CASE WHEN {{grouped}} THEN {{groups}} / CAST(nullif(msum, 0) AS DOUBLE) ELSE 1.0 END AS scale
FROM (
  SELECT stream, array_agg(CAST(x AS DOUBLE) ORDER BY unit) AS m, sum(x) AS msum
  FROM (
    SELECT h.stream, u.unit,
           CASE WHEN h.h < 1580030168 THEN 0
                WHEN h.h < 3160060337 THEN 1
                WHEN h.h < 3950075421 THEN 2
                WHEN h.h < 4213413783 THEN 3
                WHEN h.h < 4279248373 THEN 4
                WHEN h.h < 4292415291 THEN 5
                WHEN h.h < 4294609777 THEN 6
                WHEN h.h < 4294923276 THEN 7
                WHEN h.h < 4294962463 THEN 8
                WHEN h.h < 4294966817 THEN 9
                WHEN h.h < 4294967252 THEN 10
                WHEN h.h < 4294967292 THEN 11
                ELSE 12 END AS x
    FROM tf_boot_hash h JOIN tf_boot_ukey u ON u.key = h.key
  ) draws
  GROUP BY stream
) reps;
