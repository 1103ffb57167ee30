-- Salary stage for the PPP conversion: respondents with a country.
create or replace temp table sv_stage as
select user_id, country, year, salary_usd, currency, local_annual from so_person where country is not null
