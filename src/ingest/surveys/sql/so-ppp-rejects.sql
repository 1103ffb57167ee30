-- Salaries without a PPP factor (file, comp_column: literals).
insert into sv_reject
select {{file}}, p._line, {{comp_column}}, 'no_ppp_factor', p.country
from so_person p join sv_stage s using (user_id) where s.salary_usd is not null and s.salary_ppp is null
