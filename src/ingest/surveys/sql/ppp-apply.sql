-- Adds salary_ppp, fx_lcu_per_usd, ppp_factor, fx_source to stage (columns: country, year,
-- salary_usd, currency, local_annual). FX: implied by the file itself (median of local / USD
-- over at least 3 respondents paid in that currency that year), else FRED's annual rate;
-- PPP: the World Bank factor of the latest year up to the survey year.
create or replace temp table ppp_fx_implied as
select currency, year, median(local_annual / salary_usd) as lcu_per_usd, count(*) as n
from {{stage}}
where currency is not null and local_annual > 0 and salary_usd > 0
group by currency, year
having count(*) >= 3;

create or replace temp table {{stage}} as
with cur as (
  select s.*, cc.currency as country_currency
  from {{stage}} s left join country_currency cc on cc.country = s.country
), fx as (
  select c.*,
    case when c.country_currency = 'USD' then 1.0 else coalesce(i.lcu_per_usd, (
      select f.lcu_per_usd from fx_fred f where f.currency = c.country_currency and f.year <= c.year order by f.year desc limit 1)) end as fx_lcu_per_usd,
    case when c.country_currency = 'USD' then 'usd' when i.lcu_per_usd is not null then 'implied' else 'fred' end as fx_source,
    (select p.ppp from ppp_factor p where p.country = c.country and p.year <= c.year order by p.year desc limit 1) as ppp_factor
  from cur c left join ppp_fx_implied i on i.currency = c.country_currency and i.year = c.year
)
select * exclude (fx_source),
  case when fx_lcu_per_usd is null then null else fx_source end as fx_source,
  salary_usd * fx_lcu_per_usd / ppp_factor as salary_ppp
from fx;
