-- Grouped form: user uid belongs to group h32(uid, 0, seed) mod {{groups}}; a group's
-- multipliers are drawn from h32(group, replicate, seed). Reads tf_boot_hash of the keys
-- (uid, stream 0). Writes boot_units(uid, unit) and tf_boot_ukey(unit, key), the hash key
-- of each unit.
CREATE OR REPLACE TABLE boot_units AS
SELECT CAST(key AS INTEGER) AS uid, CAST(h % {{groups}} AS INTEGER) AS unit FROM tf_boot_hash;

CREATE OR REPLACE TEMP TABLE tf_boot_ukey AS
SELECT CAST(g.unit AS INTEGER) AS unit, CAST(g.unit AS BIGINT) AS key FROM generate_series(0, {{groups}} - 1) AS g(unit);
