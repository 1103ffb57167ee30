-- Hash keys of the multipliers: every unit's key × replicate r = 1 … {{replicates}} (the stream).
CREATE OR REPLACE TEMP TABLE tf_boot_keys AS
SELECT k.key, r.range::BIGINT AS stream
FROM tf_boot_ukey k CROSS JOIN range(1, {{replicates}} + 1) r;
