-- Origin rule `bachelor`: university_country of the user's first Bachelor record (same
-- order as `first-education`: startdate with undated last, then education_number), among
-- records with a university_country. No such record: the first position's country.
--
-- A Bachelor record is a degree text that contains "bachelor", "baccalaur", 학사 or 学士
-- (any case), or, lower-cased with dots removed, one of the abbreviations BA, AB, BS, SB,
-- BSc, BEng, BE, BTech, BBA, BCom, BArch, BEd, BFA, BPharm, LLB as a separate token
-- ("B.Sc.", "B.S. in Physics", "BSc (Hons)", "BA/MA"; not "MBA", "MSc", "Abitur"): the
-- token with nothing or a character other than a–z on either side. The pattern matches
-- the whole text (anchored, so both engines read it alike; (.|\n) is any character).
CREATE OR REPLACE TABLE origins AS
WITH bach_key AS (
  -- order key of a record: startdate (undated last), then education_number (missing last),
  -- packed into one BIGINT: (days since 0001-01-01, or 2^24 undated) · 2^33 + (education_number + 2^31, or 2^32 missing)
  SELECT uid, university_country,
         coalesce((startdate - DATE '0001-01-01')::BIGINT, 16777216) * 8589934592
           + coalesce(CAST(education_number AS BIGINT) + 2147483648, 4294967296) AS k
  FROM education
  WHERE university_country IS NOT NULL
    AND (
      strpos(lower(degree), 'bachelor') > 0 OR strpos(lower(degree), 'baccalaur') > 0
      OR strpos(degree, '학사') > 0 OR strpos(degree, '学士') > 0
      OR replace(lower(degree), '.', '')
         ~ '^((.|\n)*[^a-z])?(ba|ab|bs|sb|bsc|b sc|beng|b eng|be|btech|b tech|bba|bcom|b com|barch|bed|bfa|bpharm|llb)([^a-z](.|\n)*)?$'
    )
), bach AS (
  -- the first record's country (the smallest code among records with the same key)
  SELECT e.uid, min(e.university_country COLLATE "C") AS origin
  FROM bach_key e
  JOIN (SELECT uid, min(k) AS k FROM bach_key GROUP BY uid) m ON m.uid = e.uid AND m.k = e.k
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
SELECT f.uid, coalesce(b.origin, f.origin) AS origin
FROM first_pos f LEFT JOIN bach b ON b.uid = f.uid;
