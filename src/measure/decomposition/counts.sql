-- Observations, AI observations and persons (all, AI, non-AI) of each yearly premium
-- regression of {{source}} (the premium sample): one row per user and year, so persons are
-- rows. They drive disclosure control, as for premium.csv.
select
  country,
  ykey,
  count(*) as n,
  cast(sum(ai) as bigint) as n_ai,
  count(*) as persons,
  cast(sum(ai) as bigint) as persons_ai,
  count(*) - cast(sum(ai) as bigint) as persons_non_ai
from {{source}}
group by country, ykey
order by country, ykey
