-- Every distinct date text of the staged tables, parsed once: rows look their dates up
-- here (a hash join on a table of a few thousand texts) instead of parsing row by row.
-- d_start / d_end are tf_date(raw, false / true); a NULL date of a non-blank text is
-- an unparseable date.
CREATE OR REPLACE TEMP TABLE date_map AS
SELECT raw, tf_date(raw, false) AS d_start, tf_date(raw, true) AS d_end
FROM (
  SELECT DISTINCT raw FROM (
    SELECT startdate AS raw FROM stg_positions
    UNION ALL SELECT enddate FROM stg_positions
    UNION ALL SELECT startdate FROM stg_education
    UNION ALL SELECT enddate FROM stg_education
    UNION ALL SELECT first_reported FROM stg_skills
  ) v WHERE raw IS NOT NULL
) d;
