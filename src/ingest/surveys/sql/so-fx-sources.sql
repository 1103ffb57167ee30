-- Salaries by the source of their exchange rate.
select coalesce(fx_source, 'none') as fx_source, count(*) as n from sv_stage where salary_usd is not null group by 1 order by 1
