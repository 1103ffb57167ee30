-- Respondents, AI respondents and median PPP compensation of each group by country.
select
  country,
  count(*) as n,
  count(*) filter (where is_ai) as n_ai,
  median(salary_ppp) filter (where is_ai) as med_ai,
  median(salary_ppp) filter (where not is_ai) as med_non
from prem_sample
group by country
order by n desc, country
