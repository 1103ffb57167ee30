-- Job changes of the study years for mobility's foreign share, --foreign-by location: the
-- new side is the new position's country (always known).
SELECT j.from_country, j.to_country, j.to_country AS to_side, true AS known, j.year,
       CASE WHEN a.ai_since <= make_date(j.year, 12, 31) THEN 'ai' ELSE 'non_ai' END AS grp
FROM job_changes j LEFT JOIN users_ai a ON a.uid = j.uid
WHERE j.year IN (SELECT year FROM yrs)
