-- Parsing helpers shared by the validation queries, `name(args) := (body);` in the SQL both
-- engines share (src/db/macros.ts: DuckDB macros; inlined on PostgreSQL).
-- A text value that is missing or only spaces.
tf_blank(s) := (s IS NULL OR trim(s) = '');
-- Days of month m of year y (Gregorian).
tf_month_days(y, m) := (CASE WHEN m = 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END
                             WHEN m IN (4, 6, 9, 11) THEN 30 ELSE 31 END);
-- The date y-m-d when it is a calendar date of the years 1900-2100, else NULL.
tf_ymd(y, m, d) := (CASE WHEN y BETWEEN 1900 AND 2100 AND m BETWEEN 1 AND 12 AND d BETWEEN 1 AND tf_month_days(y, m)
                         THEN make_date(y, m, d) END);
-- A date is YYYY-MM-DD (a time part, as Parquet timestamps print, is ignored) or YYYY-MM:
-- the first day of the month for a start, the last day for an end. Years 1900-2100.
-- tf_date runs on the distinct date texts only (see dates.sql), never row by row.
tf_date(s, is_end) := (
  CASE
    WHEN tf_blank(s) THEN NULL
    WHEN trim(s) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][^\n]*)?$' THEN
      tf_ymd(CAST(substr(trim(s), 1, 4) AS INTEGER), CAST(substr(trim(s), 6, 2) AS INTEGER), CAST(substr(trim(s), 9, 2) AS INTEGER))
    WHEN trim(s) ~ '^[0-9]{4}-[0-9]{2}$' THEN
      tf_ymd(CAST(substr(trim(s), 1, 4) AS INTEGER), CAST(substr(trim(s), 6, 2) AS INTEGER),
             CASE WHEN is_end THEN tf_month_days(CAST(substr(trim(s), 1, 4) AS INTEGER), CAST(substr(trim(s), 6, 2) AS INTEGER)) ELSE 1 END)
  END
);
-- A date staged typed (a Parquet DATE): the date when in the years 1900-2100, as tf_date
-- gives for its text.
tf_date_of(d) := (CASE WHEN d BETWEEN DATE '1900-01-01' AND DATE '2100-12-31' THEN d END);
-- A date value that is given but cannot be used.
tf_bad_date(s, is_end) := (NOT tf_blank(s) AND tf_date(s, is_end) IS NULL);
-- A decimal number (sign, digits with single `_` between them, a point, an exponent of at
-- most two digits; at most 200 characters, so always finite), or NULL. tf_num(s) =
-- tf_finite(tf_double(s)); the validation queries compute tf_double once per value and
-- apply tf_finite / tf_int_of to that column.
tf_double(s) := (CASE WHEN length(trim(s)) <= 200
                       AND trim(s) ~ '^[+-]?([0-9]+(_[0-9]+)*([.]([0-9]+(_[0-9]+)*)?)?|[.][0-9]+(_[0-9]+)*)([eE][+-]?[0-9]{1,2})?$'
                      THEN CAST(replace(trim(s), '_', '') AS DOUBLE) END);
tf_finite(v) := (CASE WHEN v > CAST('-Infinity' AS DOUBLE) AND v < CAST('Infinity' AS DOUBLE) THEN v END);
tf_num(s) := (tf_finite(tf_double(s)));
tf_bad_num(s) := (NOT tf_blank(s) AND tf_num(s) IS NULL);
-- A number staged typed (a Parquet DOUBLE), as tf_num reads its text (the shortest form
-- that reads back, with an exponent of at most two digits): 0, or 1e-99 <= |v| < 1e100;
-- NULL for NaN, the infinities and the values beyond.
tf_num_of(v) := (CASE WHEN v = 0 OR (abs(v) >= CAST('1e-99' AS DOUBLE) AND abs(v) < CAST('1e100' AS DOUBLE)) THEN v END);
-- An integer, or NULL ("3" and "3.0" are integers, "3.5" is not), of a tf_num value.
tf_int_of(n) := (CASE WHEN n = floor(n) AND abs(n) < 2147483647 THEN CAST(n AS INTEGER) END);
tf_int(s) := (tf_int_of(tf_num(s)));
-- Text value: trimmed, empty as NULL.
tf_text(s) := (nullif(trim(s), ''));
-- The number of a numeric key (user_id, position_id: digits with an optional sign, at most
-- 38), which orders numeric keys numerically before text keys; NULL for a text key. Up to
-- 18 digits (always a BIGINT) the text is read as a BIGINT: DuckDB reads text as
-- DECIMAL(38, 0) about 50 times slower.
tf_key_number(s) := (CASE WHEN s ~ '^[+-]?[0-9]{1,18}$' THEN CAST(CAST(s AS BIGINT) AS DECIMAL(38, 0))
                          WHEN s ~ '^[+-]?[0-9]{19,38}$' THEN CAST(s AS DECIMAL(38, 0)) END);
