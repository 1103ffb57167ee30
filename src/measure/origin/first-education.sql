-- Origin rule `first-education` (default): university_country of the earliest usable
-- education record (one with a university_country), ordered by startdate with undated
-- records after dated ones, then education_number (missing last), then the country code
-- (only to make exact ties deterministic). No usable record: the first position's country.
CREATE OR REPLACE TABLE origins AS
WITH edu AS (
  SELECT uid,
         arg_min(university_country,
                 (startdate IS NULL, startdate, education_number IS NULL, education_number, university_country)) AS origin
  FROM education
  WHERE university_country IS NOT NULL
  GROUP BY uid
), first_pos AS (
  SELECT uid, arg_min(country, (startdate, pid_rank)) AS origin
  FROM positions
  GROUP BY uid
)
SELECT f.uid, coalesce(e.origin, f.origin) AS origin
FROM first_pos f LEFT JOIN edu e USING (uid);
