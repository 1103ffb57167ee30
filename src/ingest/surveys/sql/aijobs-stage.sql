-- Salary stage for the PPP conversion: the residence country prices the salary.
create or replace temp table sv_stage as
select user_id, user_country as country, year, salary_usd, currency, local_annual from aj_person
