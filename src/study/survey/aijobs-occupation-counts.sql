-- Salaries and AI-title salaries of the occupation-gap sample (aj_prem) by employer country.
select country, count(*) as n, count(*) filter (where is_ai) as n_ai
from aj_prem
group by 1
order by n desc, country
