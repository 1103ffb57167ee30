-- Every distinct date text of the staged tables, parsed once: rows look their dates up
-- here (a hash join on a table of a few thousand texts) instead of parsing row by row.
-- d_start / d_end are tf_date(raw, false / true); a NULL date of a non-blank text is
-- an unparseable date. texts: `SELECT <column> AS raw FROM stg_<table> UNION ALL …` over
-- the date columns staged as text (a typed date column needs no map).
CREATE OR REPLACE TEMP TABLE date_map AS
SELECT raw, tf_date(raw, false) AS d_start, tf_date(raw, true) AS d_end
FROM (
  SELECT DISTINCT raw FROM (
    {{texts}}
  ) v WHERE raw IS NOT NULL
) d;
