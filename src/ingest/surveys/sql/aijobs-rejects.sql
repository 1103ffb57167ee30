-- Rejected aijobs.net rows (file: the file name literal), then drop the persons that
-- cannot be placed (no country, residence or year).
create or replace temp table sv_reject as
select {{file}} as file, _line as line, 'company_location' as "column",
  case when company_text is null then 'missing_country' else 'unknown_country' end as reason, company_text as value
from aj_person where country is null
union all
select {{file}}, _line, 'employee_residence', case when residence_text is null then 'missing_country' else 'unknown_country' end, residence_text
from aj_person where user_country is null
union all
select {{file}}, _line, 'work_year', 'bad_year', null from aj_person where year is null
union all
select {{file}}, _line, 'salary_in_usd', 'bad_compensation', comp_text
from aj_person where comp_text is not null and salary_usd is null;
delete from aj_person where country is null or user_country is null or year is null;
