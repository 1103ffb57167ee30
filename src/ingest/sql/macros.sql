-- Parsing helpers shared by the validation queries.
-- A date is YYYY-MM-DD (a time part, as Parquet timestamps print, is ignored) or YYYY-MM:
-- the first day of the month for a start, the last day for an end. Years 1900-2100.
-- tf_date runs on the distinct date texts only (see dates.sql), never row by row.
CREATE OR REPLACE TEMP MACRO tf_blank(s) AS (s IS NULL OR trim(s) = '');
CREATE OR REPLACE TEMP MACRO tf_date(s, is_end) AS (
  CASE
    WHEN tf_blank(s) THEN NULL
    WHEN regexp_full_match(trim(s), '\d{4}-\d{2}-\d{2}([ T].*)?') THEN
      CASE WHEN TRY_CAST(substr(trim(s), 1, 10) AS DATE) BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'
           THEN TRY_CAST(substr(trim(s), 1, 10) AS DATE) END
    WHEN regexp_full_match(trim(s), '\d{4}-\d{2}') THEN
      CASE WHEN TRY_CAST(trim(s) || '-01' AS DATE) BETWEEN DATE '1900-01-01' AND DATE '2100-12-31' THEN
        CASE WHEN is_end THEN last_day(TRY_CAST(trim(s) || '-01' AS DATE)) ELSE TRY_CAST(trim(s) || '-01' AS DATE) END
      END
  END
);
-- A date value that is given but cannot be used.
CREATE OR REPLACE TEMP MACRO tf_bad_date(s, is_end) AS (NOT tf_blank(s) AND tf_date(s, is_end) IS NULL);
-- A finite number, or NULL. tf_num(s) = tf_finite(tf_double(s)); the validation queries
-- compute tf_double once per value and apply tf_finite / tf_int_of to that column.
CREATE OR REPLACE TEMP MACRO tf_double(s) AS (TRY_CAST(trim(s) AS DOUBLE));
CREATE OR REPLACE TEMP MACRO tf_finite(v) AS (CASE WHEN isfinite(v) THEN v END);
CREATE OR REPLACE TEMP MACRO tf_num(s) AS (tf_finite(tf_double(s)));
CREATE OR REPLACE TEMP MACRO tf_bad_num(s) AS (NOT tf_blank(s) AND tf_num(s) IS NULL);
-- An integer, or NULL ("3" and "3.0" are integers, "3.5" is not), of a tf_num value.
CREATE OR REPLACE TEMP MACRO tf_int_of(n) AS (
  CASE WHEN n = floor(n) AND abs(n) < 2147483647 THEN n::INTEGER END
);
CREATE OR REPLACE TEMP MACRO tf_int(s) AS (tf_int_of(tf_num(s)));
-- Text value: trimmed, empty as NULL.
CREATE OR REPLACE TEMP MACRO tf_text(s) AS (nullif(trim(s), ''));
