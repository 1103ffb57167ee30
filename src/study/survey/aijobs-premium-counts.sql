-- Salaries and AI-title salaries of the premium sample by employer country.
select country, count(*) as n, count(*) filter (where is_ai) as n_ai
from aj_prem
group by 1
order by n desc, country
