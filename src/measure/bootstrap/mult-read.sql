-- The multipliers, one list per replicate (units in unit order), and each replicate's scale.
SELECT r, m, scale FROM boot_multipliers ORDER BY r;
