-- The bootstrap's 32-bit hash, h32(key, stream, seed), of every row of tf_boot_keys(key,
-- stream) into tf_boot_hash(key, stream, h). Defined in integer arithmetic on BIGINT
-- values in 0 … 2^32 − 1 that any SQL engine computes identically (DuckDB, PostgreSQL):
-- only +, −, *, &, >>, << and explicit masking to 32 bits; no engine hash(), no ^ / xor()
-- (their spelling differs between engines): xor(a, b) = a + b − 2·(a & b), and a product
-- modulo 2^32 is split into 16-bit halves so that it never exceeds 2^49:
--   mul32(a, c) = ((a & 65535)·c + ((((a >> 16)·c) & 65535) << 16)) & 4294967295.
--   fmix32(h)   = murmur3's finaliser: h ^= h >> 16; h = mul32(h, 0x85EBCA6B);
--                 h ^= h >> 13; h = mul32(h, 0xC2B2AE35); h ^= h >> 16.
--   h32(key, stream, seed) = fmix32(fmix32((key & 0xFFFFFFFF) xor seed) xor mul32(stream, 0x9E3779B9)).
-- One CTE per step keeps every expression small; OFFSET 0 keeps each step a step of its own
-- (PostgreSQL would otherwise substitute each step's expression for every use of h in the
-- next, and the final expression would hold millions of copies of the first).
-- test/helpers/bootstrap-hash.ts is the
-- same arithmetic in TypeScript and test/fixtures/bootstrap-hash.json its values.
CREATE OR REPLACE TEMP TABLE tf_boot_hash AS
WITH s0 AS (
  SELECT key, stream, key::BIGINT & 4294967295 AS a, {{seed}}::BIGINT AS b FROM tf_boot_keys OFFSET 0
), s1 AS (
  SELECT key, stream, a + b - 2 * (a & b) AS h FROM s0 OFFSET 0
), s2 AS (
  SELECT key, stream, h + (h >> 16) - 2 * (h & (h >> 16)) AS h FROM s1 OFFSET 0
), s3 AS (
  SELECT key, stream, ((h & 65535) * 2246822507 + ((((h >> 16) * 2246822507) & 65535) << 16)) & 4294967295 AS h FROM s2 OFFSET 0
), s4 AS (
  SELECT key, stream, h + (h >> 13) - 2 * (h & (h >> 13)) AS h FROM s3 OFFSET 0
), s5 AS (
  SELECT key, stream, ((h & 65535) * 3266489909 + ((((h >> 16) * 3266489909) & 65535) << 16)) & 4294967295 AS h FROM s4 OFFSET 0
), s6 AS (
  SELECT key, stream, h + (h >> 16) - 2 * (h & (h >> 16)) AS h FROM s5 OFFSET 0
), t0 AS (
  SELECT key, stream, h,
         ((stream::BIGINT & 65535) * 2654435769 + ((((stream::BIGINT >> 16) * 2654435769) & 65535) << 16)) & 4294967295 AS s
  FROM s6 OFFSET 0
), t1 AS (
  SELECT key, stream, h + s - 2 * (h & s) AS h FROM t0 OFFSET 0
), t2 AS (
  SELECT key, stream, h + (h >> 16) - 2 * (h & (h >> 16)) AS h FROM t1 OFFSET 0
), t3 AS (
  SELECT key, stream, ((h & 65535) * 2246822507 + ((((h >> 16) * 2246822507) & 65535) << 16)) & 4294967295 AS h FROM t2 OFFSET 0
), t4 AS (
  SELECT key, stream, h + (h >> 13) - 2 * (h & (h >> 13)) AS h FROM t3 OFFSET 0
), t5 AS (
  SELECT key, stream, ((h & 65535) * 3266489909 + ((((h >> 16) * 3266489909) & 65535) << 16)) & 4294967295 AS h FROM t4 OFFSET 0
)
SELECT key, stream, h + (h >> 16) - 2 * (h & (h >> 16)) AS h FROM t5;
