-- Salaries without a PPP factor for the residence country (file: the file name literal).
insert into sv_reject select {{file}}, p._line, 'salary_in_usd', 'no_ppp_factor', p.user_country
from aj_person p join sv_stage s using (user_id) where s.salary_usd is not null and s.salary_ppp is null
