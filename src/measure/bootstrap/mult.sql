-- The multipliers: for replicate r, m[unit] ~ Poisson(1) drawn by inverse CDF from the
-- 32-bit hash h = h32(key of the unit, r, seed): m = the smallest k with h < T_k, where
-- T_k = floor(2^32 · P(X ≤ k)), X ~ Poisson(1) (integers, computed exactly; 12 when h is
-- beyond T_11, probability 1e-9). `m` lists the units in unit order; `scale` is
-- {{groups}} / Σ m in the grouped form (see index.ts) and 1 in the per-user form.
CREATE OR REPLACE TABLE boot_multipliers AS
SELECT stream::INTEGER AS r, m, CASE WHEN {{grouped}} THEN {{groups}} / list_sum(m) ELSE 1.0 END AS scale
FROM (
  SELECT h.stream,
         list((CASE WHEN h.h < 1580030168 THEN 0
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
                    ELSE 12 END)::DOUBLE ORDER BY u.unit) AS m
  FROM tf_boot_hash h JOIN tf_boot_ukey u ON u.key = h.key
  GROUP BY h.stream
);
