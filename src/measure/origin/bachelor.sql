-- Origin rule `bachelor`: university_country of the user's first Bachelor record (same
-- order as `first-education`: startdate with undated last, then education_number), among
-- records with a university_country. No such record: the first position's country.
--
-- A Bachelor record is a degree text that contains "bachelor", "baccalaur", 학사 or 学士
-- (any case), or, lower-cased with dots removed, one of the abbreviations BA, AB, BS, SB,
-- BSc, BEng, BE, BTech, BBA, BCom, BArch, BEd, BFA, BPharm, LLB as a separate token
-- ("B.Sc.", "B.S. in Physics", "BSc (Hons)", "BA/MA"; not "MBA", "MSc", "Abitur").
CREATE OR REPLACE TABLE origins AS
WITH bach AS (
  SELECT uid,
         arg_min(university_country,
                 (startdate IS NULL, startdate, education_number IS NULL, education_number, university_country)) AS origin
  FROM education
  WHERE university_country IS NOT NULL
    AND (
      regexp_matches(lower(degree), 'bachelor|baccalaur|학사|学士')
      OR regexp_matches(
           replace(lower(degree), '.', ''),
           '(^|[^a-z])(ba|ab|bs|sb|bsc|b sc|beng|b eng|be|btech|b tech|bba|bcom|b com|barch|bed|bfa|bpharm|llb)([^a-z]|$)')
    )
  GROUP BY uid
), first_pos AS (
  SELECT uid, arg_min(country, (startdate, pid_rank)) AS origin
  FROM positions
  GROUP BY uid
)
SELECT f.uid, coalesce(b.origin, f.origin) AS origin
FROM first_pos f LEFT JOIN bach b USING (uid);
