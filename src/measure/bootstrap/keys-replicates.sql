-- Hash keys of the multipliers: every unit's key × replicate r = 1 … {{replicates}} (the stream).
CREATE OR REPLACE TEMP TABLE tf_boot_keys AS
SELECT k.key, CAST(r.stream AS BIGINT) AS stream
FROM tf_boot_ukey k CROSS JOIN generate_series(1, {{replicates}}) AS r(stream);
