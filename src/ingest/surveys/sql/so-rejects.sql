-- Rejected respondents and compensation values. file, country_column and
-- comp_column are literals (the file name, the year's column names).
create or replace temp table sv_reject as
select {{file}} as file, _line as line, {{country_column}} as "column", coalesce(country_reason, 'missing_country') as reason, country_text as value
from so_person where country is null
union all
select {{file}}, _line, {{comp_column}}, 'bad_compensation', comp_text
from so_person where country is not null and comp_text is not null and salary_usd is null
