-- Job changes of the study years for mobility's foreign share, --foreign-by employer: the
-- new side is the headquarters country (company_mapping.hq_country) of the new position's
-- employer; unknown (no rcid, an rcid not in company_mapping, or no hq_country) → known false.
SELECT j.from_country, j.to_country, c.hq_country AS to_side, c.hq_country IS NOT NULL AS known, j.year,
      
       CASE WHEN a.ai_since <= make_date(j.year, 12, 31) THEN 'ai' ELSE 'non_ai' END AS grp
FROM job_changes j
JOIN positions p ON p.pid_rank = j.pid_rank
LEFT JOIN companies c ON c.rcid = p.rcid
LEFT JOIN users_ai a ON a.uid = j.uid
WHERE j.year IN (SELECT year FROM yrs)
