-- individual_positions.csv: one current position per person; extras is `, "col", …` or empty.
select user_id, user_id || '-p1' as position_id, 1 as position_number,
  strftime(startdate, '%Y-%m-%d') as startdate, cast(null as varchar) as enddate, country, salary,
  role as role_k50, seniority, industry as rics_k50, salary_usd, salary_basis{{extras}}
from sv_person order by user_id
