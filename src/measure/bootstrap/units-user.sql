-- Per-user form: every user (uid of positions) is its own unit, numbered in uid order;
-- its multipliers are drawn from h32(uid, replicate, seed). Reads tf_boot_hash of the keys
-- (uid, stream 0). Writes boot_units(uid, unit) and tf_boot_ukey(unit, key), the hash key
-- of each unit.
CREATE OR REPLACE TABLE boot_units AS
SELECT CAST(key AS INTEGER) AS uid, CAST(row_number() OVER (ORDER BY key) - 1 AS INTEGER) AS unit FROM tf_boot_hash;

CREATE OR REPLACE TEMP TABLE tf_boot_ukey AS
SELECT unit, uid::BIGINT AS key FROM boot_units;
