-- One row per respondent with the lookups applied. prefix ('so2024-'), start
-- ('2024-01-01') and year are literals of the survey year.
create or replace temp table so_person as
select s.rn, s._line,
  {{prefix}} || lpad(coalesce(s.response_id, cast(s.rn as varchar)), 6, '0') as user_id,
  c.code as country, c.reason as country_reason, s.country_text,
  s.comp_text, case when s.comp_usd > 0 then s.comp_usd end as salary_usd,
  y.years as years_exp, y.seniority, d.degree as highest_degree, s.edlevel as ed_level,
  s.role, s.devtype, s.org_size, s.industry, s.remote_work,
  cur.code as currency, s.comp_local * coalesce(f.mult, case when s.comp_freq is null then 1 end) as local_annual,
  cast({{start}} as date) as startdate, {{year}} as year
from so_stage s
left join so_country c on c.text = s.country_text
left join so_years y on y.text = s.years_text
left join so_degree d on d.text = s.edlevel
left join so_currency cur on cur.text = s.currency_text
left join so_freq f on f.text = s.comp_freq
