-- Origin rule `first-education` (default): university_country of the earliest usable
-- education record (one with a university_country), ordered by startdate with undated
-- records after dated ones, then education_number (missing last), then the country code
-- (only to make exact ties deterministic). No usable record: the first position's country
-- (ordered by (startdate, pid_rank), among positions with a country).
CREATE OR REPLACE TABLE origins AS
WITH edu_key AS (
  -- order key of a record: startdate (undated last), then education_number (missing last),
  -- packed into one BIGINT: (days since 0001-01-01, or 2^24 undated) · 2^33 + (education_number + 2^31, or 2^32 missing)
  SELECT uid, university_country,
         coalesce((startdate - DATE '0001-01-01')::BIGINT, 16777216) * 8589934592
           + coalesce(CAST(education_number AS BIGINT) + 2147483648, 4294967296) AS k
  FROM education
  WHERE university_country IS NOT NULL
), edu AS (
  -- the first record's country (the smallest code among records with the same key)
  SELECT e.uid, min(e.university_country COLLATE "C") AS origin
  FROM edu_key e
  JOIN (SELECT uid, min(k) AS k FROM edu_key GROUP BY uid) m ON m.uid = e.uid AND m.k = e.k
  GROUP BY e.uid
), first_pos AS (
  -- the first position with a country by (startdate, pid_rank), packed into one BIGINT
  -- key (days since 0001-01-01 · 2^34 + pid_rank; pid_rank < 2^34, as the panel checks)
  SELECT f.uid, p.country AS origin
  FROM (SELECT uid,
               min(CASE WHEN country IS NOT NULL THEN (startdate - DATE '0001-01-01')::BIGINT * 17179869184 + pid_rank END) AS k
        FROM positions GROUP BY uid) f
  LEFT JOIN positions p ON p.uid = f.uid AND p.pid_rank = f.k % 17179869184
)
SELECT f.uid, coalesce(e.origin, f.origin) AS origin
FROM first_pos f LEFT JOIN edu e ON e.uid = f.uid;
