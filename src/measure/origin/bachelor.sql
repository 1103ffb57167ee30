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
WITH bach AS (
  SELECT uid,
         (array_agg(university_country
                    ORDER BY startdate NULLS LAST, education_number NULLS LAST, university_country COLLATE "C"))[1] AS origin
  FROM education
  WHERE university_country IS NOT NULL
    AND (
      strpos(lower(degree), 'bachelor') > 0 OR strpos(lower(degree), 'baccalaur') > 0
      OR strpos(degree, '학사') > 0 OR strpos(degree, '学士') > 0
      OR replace(lower(degree), '.', '')
         ~ '^((.|\n)*[^a-z])?(ba|ab|bs|sb|bsc|b sc|beng|b eng|be|btech|b tech|bba|bcom|b com|barch|bed|bfa|bpharm|llb)([^a-z](.|\n)*)?$'
    )
  GROUP BY uid
), first_pos AS (
  SELECT uid, (array_agg(country ORDER BY startdate, pid_rank) FILTER (WHERE country IS NOT NULL))[1] AS origin
  FROM positions
  GROUP BY uid
)
SELECT f.uid, coalesce(b.origin, f.origin) AS origin
FROM first_pos f LEFT JOIN bach b ON b.uid = f.uid;
