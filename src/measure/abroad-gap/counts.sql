-- Persons (all, AI) and persons abroad of each origin × year of the abroad-gap sample.
select
  origin,
  ykey,
  count(*) as n,
  cast(sum(ai) as bigint) as n_ai,
  cast(sum(abroad) as bigint) as n_abroad
from {{source}}
group by all
