-- Parsing helpers shared by the validation queries.
-- A date is YYYY-MM-DD (a time part, as Parquet timestamps print, is ignored) or YYYY-MM:
-- the first day of the month for a start, the last day for an end. Years 1900-2100.
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
-- A finite number, or NULL.
CREATE OR REPLACE TEMP MACRO tf_num(s) AS (
  CASE WHEN NOT tf_blank(s) AND isfinite(TRY_CAST(trim(s) AS DOUBLE)) THEN TRY_CAST(trim(s) AS DOUBLE) END
);
CREATE OR REPLACE TEMP MACRO tf_bad_num(s) AS (NOT tf_blank(s) AND tf_num(s) IS NULL);
-- An integer, or NULL ("3" and "3.0" are integers, "3.5" is not).
CREATE OR REPLACE TEMP MACRO tf_int(s) AS (
  CASE WHEN tf_num(s) IS NOT NULL AND tf_num(s) = floor(tf_num(s)) AND abs(tf_num(s)) < 2147483647 THEN tf_num(s)::INTEGER END
);
-- Text value: trimmed, empty as NULL.
CREATE OR REPLACE TEMP MACRO tf_text(s) AS (CASE WHEN tf_blank(s) THEN NULL ELSE trim(s) END);
