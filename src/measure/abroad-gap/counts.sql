-- Persons (all, AI), persons abroad by group and the weighted sums of the raw gap, per
-- origin (its code oc) × year of the abroad-gap sample (exact_sum: the same sums whatever
-- the order of the sample's rows; ai and abroad are 0/1 integers).
select
  oc,
  year,
  count(*) as n,
  cast(sum(ai) as bigint) as n_ai,
  cast(sum(ai * abroad) as bigint) as n_ai_abroad,
  cast(sum((1 - ai) * abroad) as bigint) as n_non_ai_abroad,
  exact_sum(w * ai) as w_ai,
  exact_sum(w * ai * abroad) as w_ai_abroad,
  exact_sum(w * (1 - ai)) as w_non_ai,
  exact_sum(w * (1 - ai) * abroad) as w_non_ai_abroad
from {{source}}
group by oc, year
order by oc, year
