-- The number of rows the stacked skill design would have: each skill's own rows plus the
-- shared (non-AI) rows of its country once per skill of that country.
select (select count(*) from {{source}} where skill is not null)
     + coalesce((select sum(b.n * k.n)
                 from (select country, count(*) as n from {{source}} where skill is null group by country) b
                 join (select country, count(distinct skill) as n from {{source}} where skill is not null group by country) k
                 using (country)), 0)
