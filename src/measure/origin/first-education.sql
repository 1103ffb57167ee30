-- Origin rule `first-education` (default): university_country of the earliest usable
-- education record (one with a university_country), ordered by startdate with undated
-- records after dated ones, then education_number (missing last), then the country code
-- (only to make exact ties deterministic). No usable record: the first position's country
-- (ordered by (startdate, pid_rank), among positions with a country).
CREATE OR REPLACE TABLE origins AS
WITH edu AS (
  SELECT uid,
         (array_agg(university_country
                    ORDER BY startdate NULLS LAST, education_number NULLS LAST, university_country COLLATE "C"))[1] AS origin
  FROM education
  WHERE university_country IS NOT NULL
  GROUP BY uid
), first_pos AS (
  SELECT uid, (array_agg(country ORDER BY startdate, pid_rank) FILTER (WHERE country IS NOT NULL))[1] AS origin
  FROM positions
  GROUP BY uid
)
SELECT f.uid, coalesce(e.origin, f.origin) AS origin
FROM first_pos f LEFT JOIN edu e ON e.uid = f.uid;
